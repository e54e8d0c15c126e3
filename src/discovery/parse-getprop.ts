// Parses `getprop` output (`[name]: [value]` lines) into a map of system properties, values byte-exact.
import { excerpt, readOk, unread, type Reading } from './reading.ts';

/** System properties as one `getprop` printed them. */
export interface SystemProperties {
  /** Property name → value exactly as printed (only line ends trimmed); `""` when printed empty. */
  props: ReadonlyMap<string, string>;
  /** Non-blank lines that belong to no entry (a linker warning, a cut-off last entry, a repeated name). */
  skipped: readonly string[];
}

// A property name never holds `]` or white space; the value runs to the last `]` of its entry.
const ENTRY_START = /^\[([^\]\s]+)\]: \[/;

/**
 * Parses `getprop`: one `[name]: [value]` entry a line, a value that holds a line break
 * running on over the next lines up to its closing `]`. Values may hold `[`, `]` and `:`.
 * CR before LF (old adb's terminal, sometimes twice) is trimmed, nothing else is rewritten.
 */
export function parseGetprop(output: string): Reading<SystemProperties> {
  const lines = output.split('\n').map((line) => line.replace(/\r+$/, ''));
  const props = new Map<string, string>();
  const skipped: string[] = [];
  let group: string[] | null = null;

  const close = (entry: string[]) => {
    while (entry.length > 1 && entry.at(-1)!.trim() === '') entry.pop();
    const [first, ...rest] = entry as [string, ...string[]];
    const name = ENTRY_START.exec(first)![1]!;
    const head = first.slice(name.length + 5);
    let value: string | null = null;
    const whole = [head, ...rest].join('\n');
    if (whole.endsWith(']')) {
      value = whole.slice(0, -1);
    } else if (head.endsWith(']')) {
      value = head.slice(0, -1);
      skipped.push(...rest.filter((line) => line.trim() !== ''));
    } else {
      skipped.push(...entry);
      return;
    }
    if (props.has(name)) {
      skipped.push(first);
      return;
    }
    props.set(name, value);
  };

  for (const line of lines) {
    if (ENTRY_START.test(line)) {
      if (group) close(group);
      group = [line];
    } else if (group) {
      group.push(line);
    } else if (line.trim() !== '') {
      skipped.push(line);
    }
  }
  if (group) close(group);

  if (props.size === 0) {
    return unread(`getprop printed no \`[name]: [value]\` line: ${excerpt(output)}`);
  }
  return readOk({ props, skipped });
}

/** A property's value, or undefined when it is unset (Android's own reading of an empty value). */
export function propValue(props: ReadonlyMap<string, string>, name: string): string | undefined {
  const value = props.get(name);
  return value === undefined || value === '' ? undefined : value;
}
