// A TCP port nobody listens on right now, found by letting the kernel pick one (listen on port 0).
import { createServer } from 'node:net';

/** A free TCP port on `host`; the port is released before it is returned, so bind it soon. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host, exclusive: true }, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close(() => reject(new Error(`could not read the port bound on ${host}`)));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}
