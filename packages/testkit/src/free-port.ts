// A free TCP port on the loopback interface, for servers that need one up front: the protocols' own helper.
export { freePort } from '@zld/protocols/kernel';
