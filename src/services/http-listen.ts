// Listening and closing for the project's small HTTP servers (canary, vendor config, reports).
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ServiceError } from '../errors.ts';

/** Listens on host:port (0 = a free port); resolves with the base URL, e.g. `http://127.0.0.1:41234`. */
export async function listenOn(
  server: Server,
  port: number,
  host: string,
  name: string,
): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', (cause) =>
      reject(
        new ServiceError(`${name} cannot listen on ${host}:${port}: ${cause.message}`, { cause }),
      ),
    );
    server.listen(port, host, () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;
}

/** Stops listening and closes open connections. */
export function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
