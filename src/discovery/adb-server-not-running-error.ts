// The adb server refused the connection: none is running there. A service fault (E_SERVICE) the user fixes by starting one.
import { ServiceError } from '../errors.ts';

export class AdbServerNotRunningError extends ServiceError {
  readonly host: string;
  readonly port: number;
  constructor(host: string, port: number, options?: { cause?: unknown }) {
    super(
      `no adb server is running on ${host}:${port} (connection refused): start one with \`adb${port === 5037 ? '' : ` -P ${port}`} start-server\`${isLoopback(host) ? '' : ` on ${host}`}, or plug a phone in and run \`adb devices\``,
      options,
    );
    this.host = host;
    this.port = port;
  }
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}
