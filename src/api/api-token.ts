// The API token: CENSORWATCH_API_TOKEN, else the one kept in the reports folder, else a new one (kept there, printed once).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A dot file: the report server and the API's /reports never serve it. */
const TOKEN_FILE = '.api-token';

export function resolveApiToken(
  reportsDir: string,
  env: NodeJS.ProcessEnv = process.env,
): { token: string; generated: boolean; file: string | null } {
  const given = env['CENSORWATCH_API_TOKEN']?.trim();
  if (given) return { token: given, generated: false, file: null };
  const file = join(reportsDir, TOKEN_FILE);
  if (existsSync(file)) {
    const kept = readFileSync(file, 'utf8').trim();
    if (kept) return { token: kept, generated: false, file };
  }
  mkdirSync(reportsDir, { recursive: true });
  const token = randomBytes(24).toString('base64url');
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return { token, generated: true, file };
}
