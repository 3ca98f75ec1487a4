// Finds a free TCP port on a host by listening on port 0 and closing again (for servers that cannot take 0).
import { createServer } from 'node:net';

export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.once('error', reject);
    s.listen({ host, port: 0, exclusive: true }, () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => (port > 0 ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}
