// Integration (spawns the real command): bad input gets a clear error naming file and field, and exit 2.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { runCensorwatch, type CommandOutcome } from '../support/censorwatch-command.ts';

const COMMAND_TIMEOUT_MS = 60 * 1000;
const dir = mkdtempSync(join(tmpdir(), 'cw-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function censorwatch(...args: string[]) {
  return censorwatchWith({}, ...args);
}

/**
 * Runs the command to its end; each run gets its own reports folder (and so its own results
 * database), so the tests can run side by side.
 */
function censorwatchWith(env: NodeJS.ProcessEnv, ...args: string[]): Promise<CommandOutcome> {
  const reports = mkdtempSync(join(dir, 'reports-'));
  return runCensorwatch(
    args,
    { ...process.env, CENSORWATCH_REPORTS: reports, LOG_LEVEL: 'silent', ...env },
    COMMAND_TIMEOUT_MS,
  );
}

// each test spawns its own command, busy starting up: one per core at a time
describe('the censorwatch command on bad input', { concurrency: availableParallelism() }, () => {
  test('a usage error (a bad choice, an unknown option, options that exclude each other) exits 2 without a stack', async () => {
    const cases: [string[], RegExp][] = [
      [
        ['token', 'add', 'eve', '--role', 'root'],
        /argument 'root' is invalid\. Allowed choices are viewer, tester, admin/,
      ],
      [['results', '--colour'], /unknown option '--colour'/],
      [
        ['devices', '--farm', '--lab'],
        /--farm reads the registry: it takes neither --lab nor --write/,
      ],
    ];
    const outcomes = await Promise.all(cases.map(([args]) => censorwatch(...args)));
    for (const [i, [args, message]] of cases.entries()) {
      const outcome = outcomes[i]!;
      assert.equal(outcome.status, 2, args.join(' '));
      assert.match(outcome.stderr, message);
      assert.doesNotMatch(outcome.stderr, /\n\s+at /, 'no stack trace');
    }
  });

  test('a term list with a bad field exits 2 naming the file and the field', async () => {
    const file = join(dir, 'bad-terms.yaml');
    writeFileSync(
      file,
      'name: bad\nterms:\n  - id: x\n    text: Free Tibet\n    language: English\n    category: politics\n    source: t\n',
    );
    const result = await censorwatch('check', '--terms', file, '--lab');
    assert.equal(result.status, 2);
    assert.match(result.stderr, new RegExp(`${file}: field \`terms\\[0\\]\\.language\``));
  });

  test('a device profile with a bad field exits 2 naming the file and the field', async () => {
    const devices = join(dir, 'devices');
    mkdirSync(devices, { recursive: true });
    const file = join(devices, 'phone.yaml');
    writeFileSync(
      file,
      readFileSync('devices/lab-pixel5.yaml', 'utf8').replace('region: EU', 'region: europe'),
    );
    const result = await censorwatch('lab', '--devices', devices);
    assert.equal(result.status, 2);
    assert.match(result.stderr, new RegExp(`${file}: field \`region\``));
  });

  test('a check naming an unknown device exits 2 listing the known ones', async () => {
    const result = await censorwatch(
      'check',
      '--device',
      'no-such-phone',
      '--term',
      'Free Tibet',
      '--control',
      'Warm bread',
    );
    assert.equal(result.status, 2);
    assert.match(result.stderr, /no-such-phone.*known: .*lab-pixel5/);
  });

  test('a check with an invalid timeout exits 2 naming the option', async () => {
    const result = await censorwatch('check', '--term', 'Free Tibet', '--timeout', 'soon');
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--timeout/);
  });

  test('results for an unknown run exits 2', async () => {
    const result = await censorwatch('results', '--run', 'nope', '--json');
    assert.equal(result.status, 2);
    assert.match(result.stderr, /no run|nope/);
  });

  test('a diff of a model without results exits 2 naming the option', async () => {
    const result = await censorwatch('diff', '--model', 'No Such Phone');
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--model: no results for model "No Such Phone"/);
  });

  test('asking for JSON and CSV at once exits 2', async () => {
    const result = await censorwatch('results', '--json', '--csv');
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--json and --csv/);
  });

  test('a corrupt results database exits 2 naming the file, which is left as it was', async () => {
    const file = join(dir, 'corrupt.db');
    writeFileSync(file, 'not a database '.repeat(300));
    const result = await censorwatchWith({ CENSORWATCH_DB: file }, 'results');
    assert.equal(result.status, 2);
    assert.match(result.stderr, new RegExp(`${file}: not a usable SQLite results database`));
    assert.equal(readFileSync(file, 'utf8'), 'not a database '.repeat(300));
  });

  test('an alert webhook whose secret variable is unset exits 2 naming the file and field', async () => {
    const config = join(dir, 'alerts.yaml');
    writeFileSync(
      config,
      `${readFileSync('censorwatch.yaml', 'utf8')}\nalerts:\n  webhook:\n    url: http://127.0.0.1:9/hook\n    secretEnv: CW_TEST_UNSET_SECRET\n`,
    );
    const result = await censorwatchWith({ CW_TEST_UNSET_SECRET: '' }, 'farm', '--config', config);
    assert.equal(result.status, 2);
    assert.match(
      result.stderr,
      new RegExp(
        `${config}: field \`alerts\.webhook\.secretEnv\` names CW_TEST_UNSET_SECRET, which is not set`,
      ),
    );
  });
});
