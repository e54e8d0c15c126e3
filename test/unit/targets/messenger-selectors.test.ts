import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ACCOUNT_ADDRESS_FORMS } from '../../../src/devices/account-address.ts';
import { GOOGLE_MESSAGES_SELECTORS } from '../../../src/targets/selectors/google-messages.ts';
import {
  messengerApps,
  messengerSelectorsFor,
} from '../../../src/targets/selectors/messenger-selectors.ts';
import { SIGNAL_SELECTORS } from '../../../src/targets/selectors/signal.ts';
import { TELEGRAM_SELECTORS } from '../../../src/targets/selectors/telegram.ts';
import { WHATSAPP_SELECTORS } from '../../../src/targets/selectors/whatsapp.ts';

const TABLES = [
  TELEGRAM_SELECTORS,
  WHATSAPP_SELECTORS,
  SIGNAL_SELECTORS,
  GOOGLE_MESSAGES_SELECTORS,
];

describe('phone messenger selector tables', () => {
  test('exist for every phone messenger of the device profiles, under its own name', () => {
    assert.deepEqual(messengerApps(), Object.keys(ACCOUNT_ADDRESS_FORMS));
    for (const app of messengerApps()) assert.equal(messengerSelectorsFor(app).app, app);
  });

  test('link chats by exactly the address forms the app takes, in every version entry', () => {
    for (const table of TABLES) {
      const forms = ACCOUNT_ADDRESS_FORMS[table.app as keyof typeof ACCOUNT_ADDRESS_FORMS];
      for (const entry of table.versions) {
        if (entry.selectors.chatLinks === undefined) continue;
        assert.deepEqual(
          Object.keys(entry.selectors.chatLinks).sort(),
          [...forms].sort(),
          `${table.app} from ${entry.fromVersion}`,
        );
      }
    }
  });
});
