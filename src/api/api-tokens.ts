// Named API tokens: made (the value shown once, only its SHA-256 kept), revoked and listed; the CLI and the admin routes share these.
import { InputError } from '../errors.ts';
import type { ApiTokenRecord, ResultStore } from '../store/result-store.ts';
import { MIN_TOKEN_CHARS } from './api-token.ts';
import { isRole, newTokenValue, ROLES, TOKEN_NAME, tokenDigest, type Role } from './api-roles.ts';
import { FARM_TOKEN_NAME } from './token-auth.ts';

/** A new token's value and what is kept of it. The value is never stored and never logged. */
export interface MadeToken {
  token: string;
  record: ApiTokenRecord;
}

/**
 * Checks the name and role (`field` names them in the error: CLI argument or JSON field) and
 * keeps a new token. @throws InputError naming the field, when either is bad or the name is taken
 */
export async function makeApiToken(
  store: ResultStore,
  name: string,
  role: string,
  fields: { name: string; role: string },
): Promise<MadeToken> {
  if (!TOKEN_NAME.test(name) || name === FARM_TOKEN_NAME || name === 'local') {
    throw new InputError(
      'E_CONFIG',
      `${fields.name}: a token name is lowercase letters, digits, ".", "_" and "-" (at most 63), and not "${FARM_TOKEN_NAME}" or "local"; got ${JSON.stringify(name)}`,
      { field: fields.name },
    );
  }
  if (!isRole(role)) {
    throw new InputError(
      'E_CONFIG',
      `${fields.role}: must be one of ${ROLES.join(', ')}; got ${JSON.stringify(role)}`,
      { field: fields.role },
    );
  }
  const token = newTokenValue();
  if (token.length < MIN_TOKEN_CHARS) throw new Error('a new token is shorter than allowed');
  const record = {
    name,
    role: role satisfies Role,
    createdAt: new Date().toISOString(),
    revokedAt: null,
  };
  if (!(await store.addApiToken({ ...record, sha256: tokenDigest(token) }))) {
    throw new InputError(
      'E_CONFIG',
      `${fields.name}: a token named "${name}" exists (a revoked name stays taken, so runs it started stay told apart)`,
      { field: fields.name },
    );
  }
  return { token, record };
}

/** @throws InputError naming the field when no active token has that name */
export async function revokeApiToken(
  store: ResultStore,
  name: string,
  field: string,
): Promise<void> {
  if (!(await store.revokeApiToken(name, new Date().toISOString()))) {
    throw new InputError('E_CONFIG', `${field}: no active token is named ${JSON.stringify(name)}`, {
      field,
    });
  }
}
