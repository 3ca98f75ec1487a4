// Opens the byte stream to a Modbus device (TCP socket or serial port) and the modbus-serial client over it.
import { connect as netConnect } from 'node:net';
import type { Duplex } from 'node:stream';
import ModbusSerial from 'modbus-serial';
import { SerialPort } from 'serialport';
import { RtuFramePort } from './rtu-frame-port.js';
import { interFrameGapMs, type ModbusEndpoint } from './transport-schema.js';

/** modbus-serial's client class (its CommonJS default export). */
export type ModbusClient = InstanceType<typeof ModbusSerial.default>;
const ModbusRTU = ModbusSerial.default;

export interface TransportOptions {
  /** Connect timeout (TCP). */
  timeoutMs: number;
  /** RTU transports: silence before each request; default t3.5 on a serial line, 0 over TCP. */
  interFrameDelayMs?: number | undefined;
}

export interface TransportAttempt {
  /** The stream being opened: its `error` and `close` events say when the attempt or the link fails. */
  stream: Duplex;
  /** The client, once the stream is open. */
  ready: Promise<ModbusClient>;
}

/** Starts opening the endpoint; the caller watches `stream` and awaits `ready`. */
export function openTransport(
  endpoint: ModbusEndpoint,
  options: TransportOptions,
): TransportAttempt {
  if (endpoint.transport === 'rtu') {
    const line = endpoint.serial;
    const port = new SerialPort({
      path: line.path,
      baudRate: line.baudRate,
      parity: line.parity,
      dataBits: line.dataBits,
      stopBits: line.stopBits,
      autoOpen: false,
      lock: true, // one opener per line: a second process (or PLC entry) is refused, not interleaved
    });
    const gap = options.interFrameDelayMs ?? interFrameGapMs(line);
    const ready = new Promise<void>((resolve, reject) =>
      port.open((err) => (err ? reject(err) : resolve())),
    ).then(() => rtuClient(port, gap));
    return { stream: port, ready };
  }
  const { host, port } = endpoint;
  const socket = netConnect({ host, port });
  socket.setNoDelay(true);
  const ready = new Promise<ModbusClient>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        socket.destroy(
          new Error(`connect to ${host}:${port} timed out after ${options.timeoutMs} ms`),
        ),
      options.timeoutMs,
    );
    socket.once('close', () => {
      clearTimeout(timer);
      reject(new Error('connection closed'));
    });
    socket.once('connect', () => {
      clearTimeout(timer);
      if (endpoint.transport === 'rtu-over-tcp') {
        resolve(rtuClient(socket, options.interFrameDelayMs ?? 0));
        return;
      }
      const client = new ModbusRTU();
      client.linkTCP(socket, { port }, (err: Error | null) =>
        err ? reject(err) : resolve(client),
      );
    });
  });
  return { stream: socket, ready };
}

function rtuClient(stream: Duplex, gapMs: number): Promise<ModbusClient> {
  const client = new ModbusRTU(new RtuFramePort(stream, gapMs));
  return new Promise((resolve, reject) =>
    client.open((err: Error | null) => (err ? reject(err) : resolve(client))),
  );
}
