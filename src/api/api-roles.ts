// Who may do what through the API and the page: viewers read, testers also start checks, admins also manage tokens and open bull-board.
import { createHash, randomBytes } from 'node:crypto';

export const ROLES = ['viewer', 'tester', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who a request comes from: a named token's name and role. */
export interface Principal {
  name: string;
  role: Role;
}

/** What a request may do, each allowed from a role up. */
export const NEEDED_ROLE = {
  read: 'viewer',
  'start-check': 'tester',
  'manage-tokens': 'admin',
  'open-bull-board': 'admin',
} as const satisfies Record<string, Role>;

export type Action = keyof typeof NEEDED_ROLE;

export function may(principal: Principal, action: Action): boolean {
  return ROLES.indexOf(principal.role) >= ROLES.indexOf(NEEDED_ROLE[action]);
}

/** A token name: what runs record as `token:<name>` and logs may show (never the token). */
export const TOKEN_NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;

/** A new token's value: 32 random bytes, base64url (43 characters). */
export function newTokenValue(): string {
  return randomBytes(32).toString('base64url');
}

/** What the store keeps of a token: its SHA-256, hex. */
export function tokenDigest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
