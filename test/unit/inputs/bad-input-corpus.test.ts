// The bad-input corpus: every malformed file or setting censorwatch reads is refused with an InputError that names the
// file and the field (or line), and says what was expected. No loader writes anything: they only read.
// API bodies and CLI arguments are refused through the real server and command (api.test.ts, cli-input-errors.test.ts).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { stringify } from 'yaml';
import { loadConfig } from '../../../src/config/load-config.ts';
import { MAX_YAML_BYTES } from '../../../src/config/read-yaml-file.ts';
import { settings } from '../../../src/config/settings.ts';
import { InputError } from '../../../src/errors.ts';
import { loadVendorList } from '../../../src/lab/vendor-list.ts';
import { loadServedProfile } from '../../../src/targets/served-profiles.ts';
import { importTermList, type ListFormatName } from '../../../src/terms/import/import-term-list.ts';
import { loadTermList } from '../../../src/terms/load-term-list.ts';

const dir = mkdtempSync(join(tmpdir(), 'cw-bad-input-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Where the error must point: a field (dotted path, as messages name it) or a line of the file. */
type Where = { field: string } | { line: number } | { fileOnly: true };

interface Case {
  name: string;
  content: string | Buffer;
  where: Where;
  /** What the message must say besides the file. */
  says?: RegExp;
}

let counter = 0;
function written(content: string | Buffer, extension = '.yaml'): string {
  counter += 1;
  const file = join(dir, `input-${counter}${extension}`);
  writeFileSync(file, content);
  return file;
}

function assertRefused(load: (file: string) => unknown, c: Case, extension?: string): void {
  const file = written(c.content, extension);
  assert.throws(
    () => load(file),
    (error: unknown) => {
      assert.ok(error instanceof InputError, `an InputError, not ${String(error)}`);
      assert.ok(error.message.startsWith(file), `names the file: ${error.message}`);
      assert.equal(error.file, file);
      assert.doesNotMatch(error.message, /\n\s+at /, 'no stack trace in the message');
      if ('field' in c.where) {
        assert.equal(error.field, c.where.field, error.message);
        const line = /^line (\d+)$/.exec(c.where.field)?.[1];
        // a list file's line is named as file:line, a YAML field by its path
        const named = line
          ? error.message.startsWith(`${file}:${line}:`)
          : error.message.includes(c.where.field);
        assert.ok(named, `the message names ${c.where.field}: ${error.message}`);
      } else if ('line' in c.where) {
        assert.ok(error.message.startsWith(`${file}:${c.where.line}:`), error.message);
      }
      if (c.says) assert.match(error.message, c.says);
      return true;
    },
  );
}

// ---------- term lists (YAML) ----------
const TERM = {
  id: 'free-tibet-en',
  text: 'Free Tibet',
  language: 'en',
  category: 'politics',
  source: 'corpus',
};
const termList = (over: Record<string, unknown> = {}, term: Record<string, unknown> = {}) =>
  stringify({ name: 'corpus', terms: [{ ...TERM, ...term }], ...over });

const TERM_LISTS: Case[] = [
  { name: 'no name', content: stringify({ terms: [TERM] }), where: { field: 'name' } },
  { name: 'a blank name', content: termList({ name: '  ' }), where: { field: 'name' } },
  { name: 'no terms', content: stringify({ name: 'x' }), where: { field: 'terms' } },
  { name: 'an empty terms list', content: termList({ terms: [] }), where: { field: 'terms' } },
  { name: 'terms as a map', content: termList({ terms: { a: 1 } }), where: { field: 'terms' } },
  {
    name: 'an unknown top field',
    content: termList({ colour: 'red' }),
    where: { field: 'colour' },
  },
  {
    name: 'an id with capitals',
    content: termList({}, { id: 'Free-Tibet' }),
    where: { field: 'terms[0].id' },
  },
  {
    name: 'an id with a slash',
    content: termList({}, { id: 'a/../b' }),
    where: { field: 'terms[0].id' },
  },
  { name: 'a blank text', content: termList({}, { text: ' ' }), where: { field: 'terms[0].text' } },
  {
    name: 'a numeric text',
    content: termList({}, { text: 64 }),
    where: { field: 'terms[0].text' },
  },
  {
    name: 'no text',
    content: termList({}, { text: undefined }),
    where: { field: 'terms[0].text' },
  },
  {
    name: 'a language that is no BCP 47 tag',
    content: termList({}, { language: 'English' }),
    where: { field: 'terms[0].language' },
  },
  {
    name: 'a language with an underscore',
    content: termList({}, { language: 'zh_Hans' }),
    where: { field: 'terms[0].language' },
  },
  {
    name: 'no category',
    content: termList({}, { category: undefined }),
    where: { field: 'terms[0].category' },
  },
  {
    name: 'a blank source',
    content: termList({}, { source: '' }),
    where: { field: 'terms[0].source' },
  },
  {
    name: 'a blank control',
    content: termList({}, { control: ' ' }),
    where: { field: 'terms[0].control' },
  },
  {
    name: 'an unknown term field',
    content: termList({}, { severity: 3 }),
    where: { field: 'terms[0].severity' },
  },
  { name: 'a blank licence', content: termList({ licence: '' }), where: { field: 'licence' } },
  { name: 'a scalar document', content: 'just words\n', where: { field: '(root)' } },
  {
    name: 'a YAML syntax error',
    content: 'name: x\nterms:\n  - id: [unclosed\n',
    where: { line: 4 },
    says: /not valid YAML/,
  },
  {
    name: 'a tab-indented mapping',
    content: 'name: x\nterms:\n\t- id: a\n',
    where: { line: 3 },
    says: /not valid YAML/,
  },
];

// ---------- device profiles ----------
const PROFILE = {
  id: 'corpus-phone',
  manufacturer: 'Xiaomi',
  model: 'Mi 10T 5G',
  firmware: { fingerprint: 'Xiaomi/apollo/apollo:11/X/V12:user/release-keys', version: 'V12' },
  region: 'EU',
  locale: 'en-GB',
  appium: { url: 'http://127.0.0.1:4723', capabilities: {} },
  targets: [{ app: 'android-chrome', kind: 'browser', inputPath: 'set-text' }],
};
const profile = (over: Record<string, unknown> = {}) => stringify({ ...PROFILE, ...over });
const withTarget = (target: Record<string, unknown>) =>
  profile({ targets: [{ ...PROFILE.targets[0], ...target }] });

const PROFILES: Case[] = [
  { name: 'an id with capitals', content: profile({ id: 'Phone1' }), where: { field: 'id' } },
  {
    name: 'an id that climbs folders',
    content: profile({ id: '../../etc' }),
    where: { field: 'id' },
  },
  {
    name: 'no manufacturer',
    content: profile({ manufacturer: undefined }),
    where: { field: 'manufacturer' },
  },
  { name: 'a blank model', content: profile({ model: '' }), where: { field: 'model' } },
  {
    name: 'no fingerprint',
    content: profile({ firmware: { version: 'V12' } }),
    where: { field: 'firmware.fingerprint' },
  },
  {
    name: 'a firmware version as a number',
    content: profile({ firmware: { ...PROFILE.firmware, version: 12.5 } }),
    where: { field: 'firmware.version' },
  },
  { name: 'a lower-case region', content: profile({ region: 'eu' }), where: { field: 'region' } },
  {
    name: 'a locale with an underscore',
    content: profile({ locale: 'en_GB' }),
    where: { field: 'locale' },
  },
  {
    name: 'a serial with a space',
    content: profile({ serial: 'R5CR 10' }),
    where: { field: 'serial' },
  },
  {
    name: 'a serial that names another phone than the udid',
    content: profile({
      serial: 'R5CR10',
      appium: { url: 'http://127.0.0.1:4723', capabilities: { 'appium:udid': 'OTHER' } },
    }),
    where: { field: 'serial' },
  },
  {
    name: 'an Appium URL that is a file',
    content: profile({ appium: { url: 'file:///etc/passwd' } }),
    where: { field: 'appium.url' },
  },
  {
    name: 'capabilities as a list',
    content: profile({ appium: { url: 'lab', capabilities: ['a'] } }),
    where: { field: 'appium.capabilities' },
  },
  { name: 'no targets', content: profile({ targets: [] }), where: { field: 'targets' } },
  {
    name: 'a target kind that does not exist',
    content: withTarget({ kind: 'camera' }),
    where: { field: 'targets[0].kind' },
  },
  {
    name: 'an input path that does not exist',
    content: withTarget({ inputPath: 'telepathy' }),
    where: { field: 'targets[0].inputPath' },
  },
  {
    name: 'an open timeout under a second',
    content: withTarget({ openTimeoutMs: 10 }),
    where: { field: 'targets[0].openTimeoutMs' },
  },
  {
    name: 'a positive control without a language',
    content: withTarget({ positiveControl: { text: '法轮功' } }),
    where: { field: 'targets[0].positiveControl.language' },
  },
  {
    name: 'an app no adapter serves',
    content: withTarget({ app: 'no-such-app' }),
    where: { field: 'targets[0].app' },
  },
  { name: 'an unknown field', content: profile({ colour: 'blue' }), where: { field: 'colour' } },
  {
    name: 'a lab viewport of negative width',
    content: profile({
      lab: {
        viewport: { width: -1, height: 800, deviceScaleFactor: 2 },
        userAgent: 'x',
        firmware: { extension: 'x', vendorList: 'y' },
      },
    }),
    where: { field: 'lab.viewport.width' },
  },
];

// ---------- censorwatch.yaml ----------
const NIGHTLY = { cron: '0 2 * * *', timeZone: 'Europe/Vilnius', termList: 't.yaml' };
const configWith = (over: Record<string, unknown>) => stringify({ nightly: NIGHTLY, ...over });
const nightlyWith = (over: Record<string, unknown>) =>
  stringify({ nightly: { ...NIGHTLY, ...over } });

const CONFIGS: Case[] = [
  {
    name: 'a minute of 61',
    content: nightlyWith({ cron: '61 2 * * *' }),
    where: { field: 'nightly.cron' },
  },
  {
    name: 'a cron of four fields',
    content: nightlyWith({ cron: '0 2 * *' }),
    where: { field: 'nightly.cron' },
  },
  {
    name: 'a cron of words',
    content: nightlyWith({ cron: 'every night' }),
    where: { field: 'nightly.cron' },
  },
  {
    name: 'a cron as a number',
    content: nightlyWith({ cron: 2 }),
    where: { field: 'nightly.cron' },
  },
  {
    name: 'a day of month 32',
    content: nightlyWith({ cron: '0 2 32 * *' }),
    where: { field: 'nightly.cron' },
  },
  {
    name: 'an hour of 24',
    content: nightlyWith({ cron: '0 24 * * *' }),
    where: { field: 'nightly.cron' },
  },
  {
    name: 'a made-up time zone',
    content: nightlyWith({ timeZone: 'Europe/Atlantis' }),
    where: { field: 'nightly.timeZone' },
  },
  {
    name: 'a UTC offset as time zone',
    content: nightlyWith({ timeZone: '+02:00' }),
    where: { field: 'nightly.timeZone' },
  },
  {
    name: 'no term list',
    content: nightlyWith({ termList: undefined }),
    where: { field: 'nightly.termList' },
  },
  {
    name: 'devices as a number',
    content: nightlyWith({ devices: 3 }),
    where: { field: 'nightly.devices' },
  },
  {
    name: 'an empty device selector',
    content: nightlyWith({ devices: {} }),
    where: { field: 'nightly.devices' },
  },
  {
    name: 'empty targets',
    content: nightlyWith({ targets: [] }),
    where: { field: 'nightly.targets' },
  },
  {
    name: 'more required than attempts',
    content: nightlyWith({ repetition: { required: 3, attempts: 2 } }),
    where: { field: 'nightly.repetition' },
  },
  {
    name: 'an unknown schedule field',
    content: nightlyWith({ when: 'tonight' }),
    where: { field: 'nightly.when' },
  },
  {
    name: 'a schedule with a bad time zone',
    content: configWith({ schedules: { weekly: { ...NIGHTLY, timeZone: 'Mars/Olympus' } } }),
    where: { field: 'schedules.weekly.timeZone' },
  },
  {
    name: 'a batch size of 0',
    content: configWith({ batchSize: 0 }),
    where: { field: 'batchSize' },
  },
  {
    name: 'a batch size of 1.5',
    content: configWith({ batchSize: 1.5 }),
    where: { field: 'batchSize' },
  },
  {
    name: 'a batch size as text',
    content: configWith({ batchSize: 'fifty' }),
    where: { field: 'batchSize' },
  },
  {
    name: 'a canary URL on ftp',
    content: configWith({ canaryUrl: 'ftp://canary' }),
    where: { field: 'canaryUrl' },
  },
  {
    name: 'a battery minimum of 120 %',
    content: configWith({ health: { minBattery: 120 } }),
    where: { field: 'health.minBattery' },
  },
  {
    name: 'zero health attempts',
    content: configWith({ health: { attempts: 0 } }),
    where: { field: 'health.attempts' },
  },
  {
    name: 'an unknown health field',
    content: configWith({ health: { pin: '1234' } }),
    where: { field: 'health.pin' },
  },
  {
    name: 'a farm host with a space',
    content: configWith({ farm: { host: 'bench 1' } }),
    where: { field: 'farm.host' },
  },
  {
    name: 'a heartbeat of 10 ms',
    content: configWith({ farm: { heartbeatMs: 10 } }),
    where: { field: 'farm.heartbeatMs' },
  },
  {
    name: 'session retries given as a fraction',
    content: configWith({ farm: { sessionRetries: 1.5 } }),
    where: { field: 'farm.sessionRetries' },
  },
  {
    name: 'a webhook secret given as a value',
    content: configWith({
      alerts: { webhook: { url: 'http://127.0.0.1:9/h', secretEnv: 's3cr3t-value' } },
    }),
    where: { field: 'alerts.webhook.secretEnv' },
  },
  {
    name: 'a webhook event that does not exist',
    content: configWith({
      alerts: {
        webhook: { url: 'http://127.0.0.1:9/h', secretEnv: 'CW_SECRET', events: ['party'] },
      },
    }),
    where: { field: 'alerts.webhook.events[0]' },
  },
  {
    name: 'an unknown top field',
    content: configWith({ nightlyy: {} }),
    where: { field: 'nightlyy' },
  },
];

// ---------- vendor lists (lab) ----------
const vendor = (over: Record<string, unknown>) =>
  stringify({ name: 'CorpusList', rules: [{ action: 'mask', terms: ['Free Tibet'] }], ...over });
const VENDOR_LISTS: Case[] = [
  { name: 'no name', content: stringify({ rules: [] }), where: { field: 'name' } },
  {
    name: 'an action that does not exist',
    content: vendor({ rules: [{ action: 'explode', terms: ['x'] }] }),
    where: { field: 'rules[0].action' },
  },
  {
    name: 'a rule with no terms',
    content: vendor({ rules: [{ action: 'mask' }] }),
    where: { field: 'rules[0].terms' },
  },
  {
    name: 'alter without a replacement',
    content: vendor({ rules: [{ action: 'alter', terms: ['x'] }] }),
    where: { field: 'rules[0].replacement' },
  },
  {
    name: 'a replacement that holds its term',
    content: vendor({ rules: [{ action: 'alter', terms: ['x'], replacement: 'xx' }] }),
    where: { field: 'rules[0].replacement' },
  },
  {
    name: 'keep on a block rule',
    content: vendor({ rules: [{ action: 'block', terms: ['x'], keep: 1 }] }),
    where: { field: 'rules[0].keep' },
  },
  { name: 'rules as a map', content: vendor({ rules: { a: 1 } }), where: { field: 'rules' } },
  {
    name: 'a switch of words',
    content: vendor({ switch: { V12: 'sometimes' } }),
    where: { field: 'switch.V12' },
  },
];

// ---------- imported keyword lists (txt, csv, rules) ----------
interface ImportCase extends Case {
  format: ListFormatName;
}
const IMPORTS: ImportCase[] = [
  {
    name: 'txt: a control character in a line',
    format: 'txt',
    content: 'Free Tibet\nbad\u0007bell\n',
    where: { field: 'line 2' },
  },
  {
    name: 'txt: a line longer than 1 KiB',
    format: 'txt',
    content: `ok\n${'x'.repeat(2000)}\n`,
    where: { field: 'line 2' },
  },
  {
    name: 'txt: invalid UTF-8',
    format: 'txt',
    content: Buffer.from([0x6f, 0x6b, 0x0a, 0xc3, 0x28, 0x0a]),
    where: { field: 'line 2' },
  },
  {
    name: 'txt: a NUL byte',
    format: 'txt',
    content: Buffer.from('ok\nbad\0line\n'),
    where: { field: 'line 2' },
  },
  {
    name: 'txt: a line separator inside a line',
    format: 'txt',
    content: 'ok\nbad\u2028line\n',
    where: { field: 'line 2' },
  },
  {
    name: 'csv: a row with an unclosed quote',
    format: 'csv',
    content: 'keyword_combination,detected_on\n"Free Tibet,2021-01-01\n',
    where: { field: 'line 2' },
  },
  {
    name: 'csv: no keyword column',
    format: 'csv',
    content: 'word,category\nFree Tibet,politics\n',
    where: { field: 'line 1' },
  },
  {
    name: 'csv: a row with too many cells',
    format: 'csv',
    content: 'keyword_combination,detected_on\nFree Tibet,2021-01-01,more\n',
    where: { field: 'line 2' },
  },
  {
    name: 'rules: a rule of only a separator',
    format: 'rules',
    content: 'Free Tibet\n+\n',
    where: { field: 'line 2' },
  },
];

describe('the bad-input corpus', () => {
  const groups: [string, Case[], (file: string) => unknown][] = [
    ['term list', TERM_LISTS, loadTermList],
    ['device profile', PROFILES, loadServedProfile],
    ['censorwatch.yaml', CONFIGS, (file) => loadConfig(file, {})],
    ['vendor list', VENDOR_LISTS, loadVendorList],
  ];
  for (const [kind, cases, load] of groups) {
    describe(kind, () => {
      for (const c of cases) test(`refuses ${c.name}`, () => assertRefused(load, c));
      // the same file-level faults for every kind of YAML input
      for (const c of fileFaults(kind)) test(`refuses ${c.name}`, () => assertRefused(load, c));
    });
  }

  describe('imported keyword lists', () => {
    for (const c of IMPORTS) {
      test(`refuses ${c.name}`, () =>
        assertRefused(
          (file) =>
            importTermList(file, {
              format: c.format,
              name: 'corpus',
              language: 'en',
              source: 'corpus',
              category: 'c',
            }),
          c,
          `.${c.format === 'rules' ? 'txt' : c.format}`,
        ));
    }
  });

  describe('environment variables', () => {
    const refusedEnv: [string, NodeJS.ProcessEnv, string][] = [
      ['a Redis URL on http', { REDIS_URL: 'http://127.0.0.1:6379' }, 'REDIS_URL'],
      ['an Appium URL that is no URL', { APPIUM_URL: 'appium' }, 'APPIUM_URL'],
      ['a database URL on mysql', { DATABASE_URL: 'mysql://db/x' }, 'DATABASE_URL'],
      [
        'a queue prefix with a colon',
        { CENSORWATCH_QUEUE_PREFIX: 'a:b' },
        'CENSORWATCH_QUEUE_PREFIX',
      ],
      ['an adb port of 70000', { ANDROID_ADB_SERVER_PORT: '70000' }, 'ANDROID_ADB_SERVER_PORT'],
      ['an adb port of words', { ANDROID_ADB_SERVER_PORT: 'five' }, 'ANDROID_ADB_SERVER_PORT'],
      ['a log level that does not exist', { LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    ];
    for (const [name, env, field] of refusedEnv) {
      test(`refuses ${name}, naming the variable`, () => {
        assert.throws(
          () => settings(env),
          (error: unknown) =>
            error instanceof InputError &&
            error.field === field &&
            error.message.startsWith(`environment variable ${field}:`),
        );
      });
    }
  });

  test('holds at least 100 cases', () => {
    const count =
      TERM_LISTS.length +
      PROFILES.length +
      CONFIGS.length +
      VENDOR_LISTS.length +
      groups.length * fileFaults('x').length +
      IMPORTS.length +
      7;
    assert.ok(count >= 100, `${count} cases`);
  });
});

/** Faults of the file itself: binary, not UTF-8, too big, empty of a mapping. */
function fileFaults(kind: string): Case[] {
  return [
    {
      name: `a binary file as a ${kind} (a PNG)`,
      content: Buffer.from([
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d,
      ]),
      // the PNG signature holds \r\n and \n: the NUL is on line 3
      where: { line: 3 },
      says: /NUL byte at offset 8 \(a binary file\?\)/,
    },
    {
      name: `a ${kind} in Latin-1, not UTF-8`,
      content: Buffer.concat([Buffer.from('name: Laisv'), Buffer.from([0xe6]), Buffer.from('\n')]),
      where: { line: 1 },
      says: /not UTF-8: an invalid byte sequence at offset 11/,
    },
    {
      name: `a ${kind} over 16 MiB`,
      content: Buffer.alloc(MAX_YAML_BYTES + 1, 0x20),
      where: { fileOnly: true },
      says: /is 16\.0 MiB; expected at most 16 MiB/,
    },
  ];
}
