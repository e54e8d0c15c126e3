// The censorwatch command line: parses arguments, runs one command, owns the terminal and the exit code.
import { Command, Option } from 'commander';
import { CensorwatchError, InputError } from '../errors.ts';
import { LIST_FORMAT_NAMES } from './commands/terms.ts';
import { EXIT } from './exit-codes.ts';

/**
 * A command's action, its module loaded only when that command runs: `--help` and usage errors
 * answer without loading the queue, the store, Appium's client and the API server.
 */
function lazy<A extends unknown[]>(
  load: () => Promise<(...args: A) => Promise<void> | void>,
): (...args: A) => Promise<void> {
  return async (...args) => await (await load())(...args);
}

const program = new Command('censorwatch')
  .description('Regression harness that finds censorship built into phone firmware')
  .showHelpAfterError()
  // a usage error (unknown option, bad choice, missing argument) is bad input: exit 2, as every other; subcommands inherit this
  .exitOverride((error) => process.exit(error.exitCode === 0 ? EXIT.ok : EXIT.error));

program
  .command('bootstrap')
  .description('install what the lab needs (Debian packages when root, Appium Chromium driver)')
  .option('--farm', "also what a farm host with phones needs: Appium's UiAutomator2 driver")
  .option('--dev', "also what the test suite needs: Debian's docker-compose")
  .action(lazy(async () => (await import('./commands/doctor.ts')).bootstrapCommand));

program
  .command('doctor')
  .description('check the machine without changing it')
  .option('--farm', "also Appium's UiAutomator2 driver and each phone's health over adb")
  .option('--config <file>', 'censorwatch config (the health policy)', 'censorwatch.yaml')
  .option('--devices <dir>', 'device profiles folder')
  .action(lazy(async () => (await import('./commands/doctor.ts')).doctorCommand));

program
  .command('lab')
  .description(
    'start the embedded lab, run the term list on every lab phone through the queue, print the summary',
  )
  .option('--terms <file>', 'term list', 'terms/xiaomi-2021.yaml')
  .option('--devices <dir>', 'device profiles folder')
  .option('--serve', 'keep serving the reports over HTTP until Ctrl-C')
  .action(lazy(async () => (await import('./commands/lab.ts')).labCommand));

program
  .command('check')
  .description('run a targeted check now (ahead of nightly work) and wait for its verdicts')
  .option('--device <id...>', 'device ids (default: every device)')
  .option('--target <app...>', 'target apps on those devices (default: all of theirs)')
  .option('--terms <file>', 'term list')
  .option('--term <text>', 'a single term to check')
  .option(
    '--control <text>',
    'the benign control typed beside --term (default: chosen from the benign word lists)',
  )
  .option('--language <tag>', 'language of --term', 'en')
  .option('--devices <dir>', 'device profiles folder')
  .option('--lab', 'start the embedded lab and its workers for this check')
  .option('--json', 'print the results as JSON')
  .addOption(new Option('--timeout <minutes>', 'give up waiting after this long').default('30'))
  .action(lazy(async () => (await import('./commands/check.ts')).checkCommand));

program
  .command('devices')
  .description(
    'the phones adb sees, read off them: serial, state, firmware, vendor UI, battery, screen, apps',
  )
  .option(
    '--json',
    'print a JSON array, one record per phone (unread fields null, reasons in errors)',
  )
  .option('--write <dir>', 'create or update a device profile per phone in this folder')
  .option('--lab', 'start lab adb phones of five vendors on a private adb server and list those')
  .option(
    '--farm',
    "the live registry instead: every farm host's phones, their state, battery and batch (REDIS_URL)",
  )
  .action(lazy(async () => (await import('./commands/devices.ts')).devicesCommand));

program
  .command('farm')
  .description('run the device workers, report compiler and schedules until Ctrl-C')
  .option('--config <file>', 'censorwatch config', 'censorwatch.yaml')
  .option('--devices <dir>', 'device profiles folder')
  .option('--lab', 'also start the embedded lab services (canary, vendor server, Appium)')
  .action(lazy(async () => (await import('./commands/farm.ts')).farmCommand));

const token = program
  .command('token')
  .description("the API's named tokens (kept in the results database as their SHA-256)");
token
  .command('add <name>')
  .description('make a token and print it once')
  .addOption(
    new Option(
      '--role <role>',
      'viewer reads; tester also starts checks; admin also manages tokens and opens bull-board',
    )
      .choices(['viewer', 'tester', 'admin'])
      .makeOptionMandatory(),
  )
  .action(lazy(async () => (await import('./commands/token.ts')).tokenAddCommand));
token
  .command('revoke <name>')
  .description('refuse the token of that name from now on')
  .action(lazy(async () => (await import('./commands/token.ts')).tokenRevokeCommand));
token
  .command('list')
  .description('every named token with its role, when it was made and revoked (never the token)')
  .option('--json', 'print a JSON array')
  .action(lazy(async () => (await import('./commands/token.ts')).tokenListCommand));

const schedule = program
  .command('schedule')
  .description('the named schedules of censorwatch.yaml (nightly and schedules.*) on the queue');
schedule
  .command('apply')
  .description('make the queue hold exactly the schedules of the config (adds, changes, removes)')
  .option('--config <file>', 'censorwatch config', 'censorwatch.yaml')
  .action(lazy(async () => (await import('./commands/schedule.ts')).scheduleApplyCommand));
schedule
  .command('list')
  .description('the schedules on the queue with their next fire times')
  .action(lazy(async () => (await import('./commands/schedule.ts')).scheduleListCommand));

program
  .command('results')
  .description('print the results of a run (default: the latest)')
  .option('--run <id>', 'run id')
  .option('--json', 'print JSON (an array of probe results)')
  .option('--csv', 'print CSV (one row per probe, with term language, category, source, licence)')
  .action(lazy(async () => (await import('./commands/results.ts')).resultsCommand));

program
  .command('diff')
  .description(
    "compare a model's firmware with another: new findings, findings gone, class changed, newly inconclusive",
  )
  .requiredOption('--model <name>', 'manufacturer and model, e.g. "Xiaomi Mi 10T 5G"')
  .option('--from <version>', 'older firmware version (default: the second most recently run)')
  .option('--to <version>', 'newer firmware version (default: the most recently run)')
  .addOption(
    new Option('--format <format>', 'what to print: Markdown, JSON, or the HTML page path')
      .choices(['md', 'json', 'html'])
      .default('md'),
  )
  .action(lazy(async () => (await import('./commands/diff.ts')).diffCommand));

const terms = program.command('terms').description('term lists: import published keyword lists');
terms
  .command('import <file>')
  .description(
    'read a keyword list (txt: a keyword per line; rules: a + b per line; csv: keyword_combination,detected_on) and print it as a YAML term list',
  )
  .addOption(
    new Option('--format <format>', 'the list file format')
      .choices(LIST_FORMAT_NAMES)
      .makeOptionMandatory(),
  )
  .option('--language <tag>', 'BCP 47 tag of its terms (default: language: in FILE.meta.yaml)')
  .option('--source <text>', 'where the list was published (default: source: in FILE.meta.yaml)')
  .option(
    '--licence <id>',
    'licence of the list, e.g. CC-BY-NC-SA-4.0 (default: licence: in FILE.meta.yaml)',
  )
  .option(
    '--category <text>',
    'category of its terms (default: category: in FILE.meta.yaml, else unclassified)',
  )
  .option(
    '--name <name>',
    'name of the term list (default: name: in FILE.meta.yaml, else the file name)',
  )
  .option('--out <file>', 'write the term list here instead of standard output')
  .action(lazy(async () => (await import('./commands/terms.ts')).termsImportCommand));

program
  .command('api')
  .description("serve the REST API, the testers' page and bull-board (token required) until Ctrl-C")
  .option('--config <file>', 'censorwatch config', 'censorwatch.yaml')
  .option('--devices <dir>', 'device profiles folder')
  .option('--host <address>', 'interface to listen on', '127.0.0.1')
  .option('--port <port>', 'port', '8090')
  .option('--terms-dir <dir>', 'folder of the term lists a check may name (default: terms/)')
  .action(lazy(async () => (await import('./commands/api.ts')).apiCommand));

program
  .command('serve')
  .description('serve the reports folder over HTTP (Allure reports do not open from file://)')
  .option('--port <port>', 'port', '0')
  .action(lazy(async () => (await import('./commands/serve.ts')).serveCommand));

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.stderr.write(`censorwatch: ${describe(error)}\n`);
  process.exit(EXIT.error);
}

function describe(error: unknown): string {
  if (error instanceof InputError) return error.message;
  if (error instanceof CensorwatchError) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return `${error.message}${cause}`;
  }
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
