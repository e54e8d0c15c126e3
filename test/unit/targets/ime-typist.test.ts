import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { inconclusiveReasonOf, ProbeFault } from '../../../src/errors.ts';
import { ImeTypist } from '../../../src/targets/ime/ime-typist.ts';
import { waitForScreen } from '../../../src/targets/native-input.ts';
import { FakeGboardPhone, imeFixture, type FakeGboardOptions } from './fake-gboard-phone.ts';

const FAST = { keyboardDeadlineMs: 60, switchDeadlineMs: 60, pollMs: 2 };

function typistOn(options: FakeGboardOptions = {}) {
  const phone = new FakeGboardPhone({ focused: true, ...options });
  const typist = new ImeTypist(phone.asBrowser(), { app: 'telegram', waitForScreen, ...FAST });
  return { phone, typist };
}

const isFault =
  (code: string, message?: RegExp) =>
  (error: unknown): boolean => {
    assert.ok(error instanceof ProbeFault, `expected a ProbeFault, got ${String(error)}`);
    assert.equal(error.code, code);
    if (message) assert.match(error.message, message);
    return true;
  };

describe('typing on Gboard by tapping its keys', () => {
  test('types capitals, spaces, digits and punctuation, switching layers and reading each one', async () => {
    const { phone, typist } = typistOn();
    await typist.type('Free Tibet 1989!');
    assert.equal(phone.typed, 'Free Tibet 1989!');
    assert.deepEqual(phone.tappedKeys(), [
      'key_pos_shift', 'F', 'r', 'e', 'e', 'key_pos_space',
      'key_pos_shift', 'T', 'i', 'b', 'e', 't', 'key_pos_space',
      'key_pos_switch_to_symbol', '1', '9', '8', '9', '!',
    ]); // prettier-ignore
    assert.ok(phone.taps.every((tap) => tap.layer !== 'gone' && tap.key !== null));
  });

  test('taps the centre of each key as W3C touch actions, one sequence per run of letters', async () => {
    const { phone, typist } = typistOn();
    await typist.type('qa');
    const [[sources]] = phone.commands('performActions') as [
      [{ type: string; id: string; parameters: unknown; actions: Record<string, unknown>[] }[]],
    ];
    assert.equal(sources.length, 1);
    assert.equal(sources[0]!.type, 'pointer');
    assert.deepEqual(sources[0]!.parameters, { pointerType: 'touch' });
    const moves = sources[0]!.actions.filter((action) => action.type === 'pointerMove');
    assert.deepEqual(
      moves.map(({ x, y, origin }) => ({ x, y, origin })),
      [
        { x: 54, y: 1675, origin: 'viewport' },
        { x: 108, y: 1825, origin: 'viewport' },
      ],
    );
    assert.deepEqual(
      sources[0]!.actions.filter((a) => a.type === 'pointerDown' || a.type === 'pointerUp'),
      [
        { type: 'pointerDown', button: 0 },
        { type: 'pointerUp', button: 0 },
        { type: 'pointerDown', button: 0 },
        { type: 'pointerUp', button: 0 },
      ],
    );
    assert.equal(phone.commands('releaseActions').length, 1);
  });

  test('reads the keyboard again only where the layer may change (after a space, not between letters)', async () => {
    const { phone, typist } = typistOn();
    await typist.type('hello world');
    assert.equal(phone.typed, 'hello world');
    assert.equal(phone.commands('performActions').length, 2);
    assert.equal(phone.commands('getPageSource').length, 2);
  });

  test('waits for Gboard to redraw the layer a switch key asked for', async () => {
    const { phone, typist } = typistOn({ redrawLag: 3 });
    await typist.type('Ab1');
    assert.equal(phone.typed, 'Ab1');
    assert.ok(phone.commands('getPageSource').length >= 1 + 3 + 1);
  });

  test('an auto-capitalised layer after a full stop is read and shifted back', async () => {
    const { phone, typist } = typistOn({ autoCaps: true });
    await typist.type('ok. go');
    assert.equal(phone.typed, 'ok. go');
    assert.deepEqual(phone.tappedKeys().slice(-3), ['key_pos_shift', 'g', 'o']);
  });

  test('starts on an auto-capitalised field (the shifted layer) and types lower case', async () => {
    const { phone, typist } = typistOn({ start: 'shifted' });
    await typist.type('free');
    assert.equal(phone.typed, 'free');
    assert.equal(phone.tappedKeys()[0], 'key_pos_shift');
  });

  test('types digits on a number row without the symbols layer', async () => {
    const { phone, typist } = typistOn({ layers: { letters: imeFixture('gboard-number-row') } });
    await typist.type('june 4 1989');
    assert.equal(phone.typed, 'june 4 1989');
    assert.ok(!phone.tappedKeys().includes('key_pos_switch_to_symbol'));
  });

  test('types a regional symbol when the keyboard shows the symbols layer that has it', async () => {
    const { phone, typist } = typistOn({ start: 'symbols' });
    await typist.type('$5 Ok');
    assert.equal(phone.typed, '$5 Ok');
  });

  test('refuses a text it cannot type whole before the first tap: inconclusive(input-unsupported)', async () => {
    for (const text of ['свобода', '自由', 'حرية', '🏔', 'Free Тибет', 'pay $5', 'free  tibet']) {
      const { phone, typist } = typistOn();
      const refused = await typist.type(text).then(
        () => assert.fail(`typed ${JSON.stringify(text)}`),
        (error: unknown) => error,
      );
      assert.ok(isFault('E_INPUT_UNSUPPORTED', /^telegram: ime path: /)(refused));
      assert.equal(inconclusiveReasonOf(refused).reason, 'input-unsupported');
      assert.equal(phone.commands('performActions').length, 0, `${text}: nothing is tapped`);
      assert.equal(phone.typed, '');
    }
  });

  test('refuses a keyboard that is not Gboard at once, naming it, and taps nothing', async () => {
    const phone = new FakeGboardPhone({
      focused: true,
      layers: { letters: imeFixture('swiftkey-letters') },
    });
    const typist = new ImeTypist(phone.asBrowser(), {
      app: 'signal',
      waitForScreen,
      keyboardDeadlineMs: 60 * 1000,
    });
    const started = Date.now();
    await assert.rejects(
      typist.type('abc'),
      isFault('E_INPUT_UNSUPPORTED', /com\.touchtype\.swiftkey; the ime path types only on Gboard/),
    );
    assert.ok(Date.now() - started < 5 * 1000, 'no wait for a keyboard that is already there');
    assert.equal(phone.commands('performActions').length, 0);
  });

  test('refuses when no keyboard shows by the deadline, pointing at appium:enableMultiWindows', async () => {
    const { phone, typist } = typistOn({ focused: false });
    await assert.rejects(
      typist.type('abc'),
      isFault('E_INPUT_UNSUPPORTED', /no keyboard window .*appium:enableMultiWindows: true/),
    );
    assert.ok(phone.commands('getPageSource').length > 1, 'it waited for the keyboard');
    assert.equal(phone.commands('performActions').length, 0);
  });

  test('a keyboard gone mid-way is a fault (selector-missing), not input-unsupported', async () => {
    const { phone, typist } = typistOn({ goneAfterTaps: 6 });
    await assert.rejects(
      typist.type('hello world'),
      isFault('E_SELECTOR_MISSING', /after 6 of 11 characters, the keyboard is gone/),
    );
    assert.equal(phone.typed, 'hello ');
  });

  test('a key the symbols layer turns out not to have is a fault mid-way, not a finding', async () => {
    const withoutHash = imeFixture('gboard-symbols').replace(
      /<android\.widget\.FrameLayout [^>]*content-desc="#"[^>]*>[\s\S]*?<\/android\.widget\.FrameLayout>/,
      '',
    );
    const { phone, typist } = typistOn({ layers: { symbols: withoutHash } });
    await assert.rejects(
      typist.type('a#b'),
      isFault('E_SELECTOR_MISSING', /after 1 of 3 characters, .*U\+0023/),
    );
    assert.equal(phone.typed, 'a');
  });

  test('a keyboard stuck on one layer is a fault after a few switch taps', async () => {
    const { phone, typist } = typistOn({ stuckShift: true });
    await assert.rejects(
      typist.type('aB'),
      isFault(
        'E_SELECTOR_MISSING',
        /after 1 of 2 characters, Gboard did not reach the shifted layer/,
      ),
    );
    assert.equal(phone.tappedKeys().filter((key) => key === 'key_pos_shift').length, 5);
  });

  test('an empty text taps nothing', async () => {
    const { phone, typist } = typistOn();
    await typist.type('');
    assert.equal(phone.commands('performActions').length, 0);
  });
});
