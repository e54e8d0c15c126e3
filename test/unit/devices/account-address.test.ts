import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseAccountAddress, phoneMessengerApps } from '../../../src/devices/account-address.ts';
import { InputError } from '../../../src/errors.ts';

const refused = (run: () => unknown, field: string, pattern: RegExp) =>
  assert.throws(
    run,
    (error: unknown) =>
      error instanceof InputError &&
      error.code === 'E_DEVICE_PROFILE' &&
      error.field === field &&
      pattern.test(error.message),
  );

describe('account addresses', () => {
  test('are taken by Telegram, WhatsApp, Signal and Google Messages', () => {
    assert.deepEqual(phoneMessengerApps().sort(), [
      'google-messages',
      'signal',
      'telegram',
      'whatsapp',
    ]);
  });

  test('parse a phone number in E.164 form, and a username where the app has names', () => {
    assert.deepEqual(parseAccountAddress('whatsapp', '+37060000002', 'peer'), {
      form: 'phone',
      e164: '+37060000002',
      digits: '37060000002',
    });
    assert.deepEqual(parseAccountAddress('telegram', '@cw_lab_peer', 'peer'), {
      form: 'username',
      username: 'cw_lab_peer',
    });
  });

  test('refuse a form the app does not take, listing the forms it does', () => {
    refused(
      () => parseAccountAddress('signal', '@cw_lab_peer', 'targets[0].peer.account'),
      'targets[0].peer.account',
      /^signal account address "@cw_lab_peer" is not a phone number in E\.164 form such as \+37060000001$/,
    );
    refused(
      () => parseAccountAddress('telegram', '37060000002', 'targets[0].account'),
      'targets[0].account',
      /is not a phone number in E\.164 form such as \+37060000001 or a username such as @censorwatch_peer$/,
    );
  });

  test('let nothing but digits, + and name characters through to the deep link', () => {
    for (const address of ['+3706000; reboot', '+370 600 00002', '@cw_lab$(id)', '@cw lab']) {
      refused(() => parseAccountAddress('telegram', address, 'peer'), 'peer', /account address/);
    }
  });

  test('take the forms of one app version from its chat links when given', () => {
    const phoneOnly = { chatLinks: { phone: 'tg://resolve?phone={digits}' } };
    refused(
      () => parseAccountAddress('telegram', '@cw_lab_peer', 'peer', phoneOnly),
      'peer',
      /is not a phone number in E\.164 form such as \+37060000001$/,
    );
  });

  test('refuse an account on an app that takes none', () => {
    refused(
      () => parseAccountAddress('lab-messenger', '+37060000001', 'targets[0].account'),
      'targets[0].account',
      /"lab-messenger" takes no account; phone messengers: telegram, whatsapp, signal, google-messages/,
    );
  });
});
