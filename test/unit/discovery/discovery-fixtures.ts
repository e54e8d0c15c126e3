// Reads a phone output fixture of test/fixtures/discovery, and the props of a getprop fixture.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseGetprop } from '../../../src/discovery/parse-getprop.ts';

export function fixture(name: string): string {
  return readFileSync(new URL(`../../fixtures/discovery/${name}`, import.meta.url), 'utf8');
}

/** The properties of `getprop-<phone>.txt`. */
export function propsOf(phone: string): ReadonlyMap<string, string> {
  const parsed = parseGetprop(fixture(`getprop-${phone}.txt`));
  assert.ok(parsed.ok, `getprop-${phone}.txt parses`);
  return parsed.value.props;
}

/** Properties from `name=value` pairs, for a rule tested on its own. */
export function props(entries: Record<string, string>): ReadonlyMap<string, string> {
  return new Map(Object.entries(entries));
}
