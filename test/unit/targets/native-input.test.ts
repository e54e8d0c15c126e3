import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ProbeFault } from '../../../src/errors.ts';
import { NATIVE_INPUT_PATHS, typeInto } from '../../../src/targets/native-input.ts';
import { unservedTargetFields } from '../../../src/targets/target-table.ts';
import { FakeGboardPhone } from './fake-gboard-phone.ts';

const FIELD = { className: 'android.widget.EditText' } as const;
const FAST = { keyboardDeadlineMs: 60, switchDeadlineMs: 60, pollMs: 2 };

describe('typing into a native field', () => {
  test('ime focuses the field, then types on the keyboard that shows', async () => {
    const phone = new FakeGboardPhone();
    await typeInto(phone.asBrowser(), FIELD, 'Long live 64', 'ime', 'telegram', FAST);
    assert.equal(phone.typed, 'Long live 64');
    const commands = phone.calls.map((call) => call.command);
    assert.ok(commands.indexOf('click') < commands.indexOf('getPageSource'));
    assert.equal(phone.commands('setValue').length, 0);
  });

  test('ime refuses a text the keyboard cannot type with E_INPUT_UNSUPPORTED, typing nothing', async () => {
    const phone = new FakeGboardPhone();
    await assert.rejects(
      typeInto(phone.asBrowser(), FIELD, 'Свобода', 'ime', 'telegram', FAST),
      (error: unknown) => error instanceof ProbeFault && error.code === 'E_INPUT_UNSUPPORTED',
    );
    assert.equal(phone.commands('performActions').length, 0);
    assert.equal(phone.typed, '');
  });

  test('native targets offer ime, so a profile may ask for it', () => {
    assert.ok(NATIVE_INPUT_PATHS.includes('ime'));
    assert.deepEqual(
      unservedTargetFields([
        { app: 'telegram', kind: 'messenger', inputPath: 'ime' },
        { app: 'android-chrome', kind: 'browser', inputPath: 'ime' },
      ]),
      [],
    );
  });

  test('the lab adapters still refuse ime (no phone keyboard in Chromium)', () => {
    assert.deepEqual(
      unservedTargetFields([{ app: 'lab-browser', kind: 'browser', inputPath: 'ime' }]).map(
        (problem) => problem.field,
      ),
      ['targets[0].inputPath'],
    );
  });
});
