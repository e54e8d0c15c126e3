// `censorwatch serve`: the reports folder over HTTP until Ctrl-C.
import { settings } from '../../config/settings.ts';
import { InputError } from '../../errors.ts';
import { ReportServer } from '../../report/report-server.ts';

export async function serveCommand(options: { port: string }): Promise<void> {
  const port = Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InputError('E_CONFIG', `--port must be an integer 0-65535, got "${options.port}"`, {
      field: '--port',
    });
  }
  const server = new ReportServer(settings().reportsDir);
  const url = await server.start(port);
  process.stdout.write(`reports: ${url}/index.html (Ctrl-C to stop)\n`);
  await new Promise<void>((done) => {
    process.once('SIGINT', () => done());
    process.once('SIGTERM', () => done());
  });
  await server.stop();
}
