// `censorwatch token add|revoke|list`: the API's named tokens, kept in the results database (their SHA-256 only).
import { makeApiToken, revokeApiToken } from '../../api/api-tokens.ts';
import { settings } from '../../config/settings.ts';
import { printable } from '../../report/run-summary.ts';
import { ResultStore } from '../../store/result-store.ts';

async function withStore<T>(work: (store: ResultStore) => Promise<T>): Promise<T> {
  const store = await ResultStore.open(settings().database);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

export async function tokenAddCommand(name: string, options: { role: string }): Promise<void> {
  const made = await withStore((store) =>
    makeApiToken(store, name, options.role, { name: 'NAME', role: '--role' }),
  );
  process.stderr.write(
    `token "${made.record.name}" (${made.record.role}) made; it is shown this once, only its SHA-256 is kept:\n`,
  );
  process.stdout.write(`${made.token}\n`);
}

export async function tokenRevokeCommand(name: string): Promise<void> {
  await withStore((store) => revokeApiToken(store, name, 'NAME'));
  process.stderr.write(
    `token ${JSON.stringify(printable(name))} revoked: it is refused from now on\n`,
  );
}

export async function tokenListCommand(options: { json?: boolean }): Promise<void> {
  const tokens = await withStore((store) => store.apiTokens());
  if (options.json) {
    process.stdout.write(`${JSON.stringify(tokens, null, 2)}\n`);
    return;
  }
  if (tokens.length === 0) {
    process.stdout.write(
      'no named token: make one with `censorwatch token add NAME --role tester`\n',
    );
    return;
  }
  for (const token of tokens) {
    process.stdout.write(
      `${token.name.padEnd(20)} ${token.role.padEnd(7)} made ${token.createdAt}${token.revokedAt ? `, revoked ${token.revokedAt}` : ''}\n`,
    );
  }
}
