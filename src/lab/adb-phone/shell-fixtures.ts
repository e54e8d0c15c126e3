// Answers a `shell:` command line from the phone's state: split into words and looked up in a table, never evaluated.
import { dumpsysBattery, dumpsysPackage, dumpsysPower, dumpsysWindow } from './dumpsys-fixtures.ts';
import {
  screenAfterDismissKeyguard,
  screenAfterKey,
  KEYCODE,
  type PhoneState,
  type ScreenState,
} from './phone-state.ts';

export interface ShellAnswer {
  /** What the phone writes to the stream (stdout and stderr mixed, as the plain `shell:` service does). */
  output: string;
  /** What the shell would exit with; the plain `shell:` service cannot tell the host. */
  exitCode: number;
  /** The screen after the command (`input keyevent`, `wm dismiss-keyguard` change it). */
  screen: ScreenState;
}

type ShellCommand = (args: readonly string[], state: PhoneState) => ShellAnswer;

/** The shell's words: the command line split on blanks, with no quoting, globbing or operators. */
export function shellWords(commandLine: string): string[] {
  return commandLine.split(/[ \t\n]+/).filter((word) => word !== '');
}

function printed(output: string, state: PhoneState, exitCode = 0): ShellAnswer {
  return { output, exitCode, screen: state.screen };
}

/** `[name]: [value]` lines sorted by name, as `getprop` lists every property. */
export function getpropListing(props: Readonly<Record<string, string>>): string {
  return Object.keys(props)
    .sort()
    .map((name) => `[${name}]: [${props[name]}]\n`)
    .join('');
}

const getprop: ShellCommand = (args, state) => {
  const [name, fallback = ''] = args;
  if (name === undefined) return printed(getpropListing(state.profile.props), state);
  return printed(`${state.profile.props[name] ?? fallback}\n`, state);
};

const DUMPSYS_SERVICES: Record<string, (state: PhoneState, args: readonly string[]) => string> = {
  battery: (state) => dumpsysBattery(state),
  package: (state, args) => dumpsysPackage(state, args[0]),
  power: (state) => dumpsysPower(state),
  window: (state) => dumpsysWindow(state),
};

const dumpsys: ShellCommand = (args, state) => {
  const [service, ...rest] = args;
  if (service === undefined || service === '-l') {
    const names = Object.keys(DUMPSYS_SERVICES).sort();
    return printed(`Currently running services:\n${names.map((n) => `  ${n}\n`).join('')}`, state);
  }
  const dump = Object.hasOwn(DUMPSYS_SERVICES, service) ? DUMPSYS_SERVICES[service] : undefined;
  if (!dump) return printed(`Can't find service: ${service}\n`, state);
  return printed(dump(state, rest), state);
};

const pm: ShellCommand = (args, state) => {
  const [verb, ...rest] = args;
  const { packages } = state.profile;
  if (verb === 'list' && rest[0] === 'packages') {
    const options = rest.slice(1).filter((word) => word.startsWith('-'));
    const filter = rest.slice(1).find((word) => !word.startsWith('-')) ?? '';
    const listed = packages
      .filter((pkg) => (options.includes('-s') ? pkg.system : true))
      .filter((pkg) => (options.includes('-3') ? !pkg.system : true))
      .filter((pkg) => pkg.name.includes(filter))
      .map((pkg) =>
        options.includes('-f')
          ? `package:${pkg.codePath}/base.apk=${pkg.name}\n`
          : `package:${pkg.name}\n`,
      );
    return printed(listed.join(''), state);
  }
  if (verb === 'path') {
    const pkg = packages.find((candidate) => candidate.name === rest[0]);
    return pkg ? printed(`package:${pkg.codePath}/base.apk\n`, state) : printed('', state, 1);
  }
  return printed(`Unknown command: ${verb ?? ''}\n`, state, 1);
};

/** `input keyevent` takes numbers or `KEYCODE_*` names. */
function keycodeOf(word: string): number | undefined {
  if (/^\d+$/.test(word)) return Number(word);
  const name = word.replace(/^KEYCODE_/, '');
  return name in KEYCODE ? KEYCODE[name as keyof typeof KEYCODE] : undefined;
}

const input: ShellCommand = (args, state) => {
  const words = args[0] === 'touchscreen' || args[0] === 'keyboard' ? args.slice(1) : args;
  const [verb, ...rest] = words;
  if (verb !== 'keyevent') return printed('', state); // tap, swipe, text: nothing to show here
  let screen = state.screen;
  for (const word of rest.filter((arg) => !arg.startsWith('--'))) {
    const keycode = keycodeOf(word);
    if (keycode !== undefined) screen = screenAfterKey(screen, keycode);
    else if (!word.startsWith('KEYCODE_')) {
      return { output: `Error: Unknown keycode: ${word}\n`, exitCode: 1, screen };
    }
  }
  return { output: '', exitCode: 0, screen };
};

const wm: ShellCommand = (args, state) => {
  const { width, height, density } = state.profile.display;
  switch (args[0]) {
    case 'size':
      return printed(`Physical size: ${width}x${height}\n`, state);
    case 'density':
      return printed(`Physical density: ${density}\n`, state);
    case 'dismiss-keyguard':
      return { output: '', exitCode: 0, screen: screenAfterDismissKeyguard(state.screen) };
    default:
      return printed(`Unknown command: ${args[0] ?? ''}\n`, state, 1);
  }
};

const COMMANDS: Record<string, ShellCommand> = {
  dumpsys,
  echo: (args, state) => printed(`${args.join(' ')}\n`, state),
  getprop,
  input,
  pm,
  // `cmd package …` is how newer tools reach the package manager
  cmd: (args, state) =>
    args[0] === 'package'
      ? pm(args.slice(1), state)
      : printed(`Can't find service: ${args[0] ?? ''}\n`, state, 20),
  wm,
};

/** What the phone's shell prints for a command line (mksh's message for anything unknown). */
export function answerShell(commandLine: string, state: PhoneState): ShellAnswer {
  const [command, ...args] = shellWords(commandLine);
  if (command === undefined) return printed('', state);
  const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!run) return printed(`/system/bin/sh: ${command}: inaccessible or not found\n`, state, 127);
  return run(args, state);
}
