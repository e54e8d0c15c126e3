// The API token: CENSORWATCH_API_TOKEN, else the one kept in the reports folder, else a new one (kept there, printed once).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.ts';

/** A dot file: the report server and the API's /reports never serve it. */
const TOKEN_FILE = '.api-token';
/** Shortest token accepted: a generated one is 32 characters (24 random bytes, base64url). */
export const MIN_TOKEN_CHARS = 32;
const ENV_VARIABLE = 'CENSORWATCH_API_TOKEN';

/**
 * @throws InputError (exit 2) when the configured or kept token is shorter than
 * {@link MIN_TOKEN_CHARS}, naming the variable or the file (never the token).
 */
export function resolveApiToken(
  reportsDir: string,
  env: NodeJS.ProcessEnv = process.env,
): { token: string; generated: boolean; file: string | null } {
  const given = env[ENV_VARIABLE]?.trim();
  if (given) {
    refuseShort(given, `environment variable ${ENV_VARIABLE}`, { field: ENV_VARIABLE });
    return { token: given, generated: false, file: null };
  }
  const file = join(reportsDir, TOKEN_FILE);
  if (existsSync(file)) {
    const kept = readFileSync(file, 'utf8').trim();
    if (kept) {
      refuseShort(kept, `the API token kept in ${file}`, { file });
      return { token: kept, generated: false, file };
    }
  }
  mkdirSync(reportsDir, { recursive: true });
  const token = randomBytes(24).toString('base64url');
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return { token, generated: true, file };
}

function refuseShort(token: string, what: string, where: { file?: string; field?: string }): void {
  if (token.length >= MIN_TOKEN_CHARS) return;
  throw new InputError(
    'E_CONFIG',
    `${what}: expected a token of at least ${MIN_TOKEN_CHARS} characters, got ${token.length}; make one with \`openssl rand -base64 32\`${where.file ? ' or delete the file to have one generated' : ''}`,
    where,
  );
}
