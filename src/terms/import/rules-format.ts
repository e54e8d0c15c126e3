// The rules format: one keyword or combination per line, components joined by `+` (`1989 + 六4`).
import { COMBINATION_SEPARATOR } from '../term.ts';
import type { ListFormat } from './list-format.ts';
import { lineError } from './list-lines.ts';

/**
 * A rule's text as a term list writes it: its components trimmed and joined by ` + `.
 * @throws InputError naming `file:line` when a component is empty (`a +`, `+ b`, `a ++ b`)
 */
export function parseRule(rule: string, file: string, line: number): string {
  const components = rule.split('+').map((component) => component.trim());
  const empty = components.findIndex((component) => component === '');
  if (empty !== -1) {
    throw lineError(
      file,
      line,
      `component ${empty + 1} of ${components.length} is empty; expected keywords joined by "+", e.g. "1989 + 六4" (a keyword holding "+" itself needs --format txt)`,
    );
  }
  return components.join(COMBINATION_SEPARATOR);
}

export const rulesFormat: ListFormat = {
  name: 'rules',
  description: 'one keyword or combination per line, components joined by "+" (1989 + 六4)',
  parse: (file, lines) =>
    lines.map(({ number, text }) => ({ text: parseRule(text, file, number), line: number })),
};
