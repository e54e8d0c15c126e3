import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { alignSequences, type Change } from '../../../src/screening/align-sequences.ts';
import { mulberry32 } from './simulated-censor.ts';

/** Edits of the shortest script, by dynamic programming over the longest common subsequence. */
function fewestEdits(a: number[], b: number[]): number {
  let row = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    const next = [0];
    b.forEach((y, j) => next.push(x === y ? row[j]! + 1 : Math.max(row[j + 1]!, next[j]!)));
    row = next;
  }
  return a.length + b.length - 2 * row[b.length]!;
}

function apply(a: number[], b: number[], changes: Change[]): number[] {
  const out: number[] = [];
  let at = 0;
  for (const c of changes) {
    out.push(...a.slice(at, c.aStart), ...b.slice(c.bStart, c.bEnd));
    at = c.aEnd;
  }
  return [...out, ...a.slice(at)];
}

const codes = (text: string) => Array.from(text, (ch) => ch.codePointAt(0)!);

describe('alignSequences', () => {
  test('finds the one change in a masked term', () => {
    assert.deepEqual(alignSequences(codes('Free Tibet'), codes('Free *****')), [
      { aStart: 5, aEnd: 10, bStart: 5, bEnd: 10 },
    ]);
    assert.deepEqual(alignSequences(codes('same'), codes('same')), []);
  });

  test('turns one sequence into the other with the fewest edits (2,000 random pairs)', () => {
    const random = mulberry32(7);
    for (let round = 0; round < 2000; round += 1) {
      const alphabet = 1 + Math.floor(random() * 4);
      const a = Array.from({ length: Math.floor(random() * 24) }, () =>
        Math.floor(random() * alphabet),
      );
      const b =
        random() < 0.5
          ? Array.from({ length: Math.floor(random() * 24) }, () => Math.floor(random() * alphabet))
          : a.map((x) => (random() < 0.2 ? 9 : x)).filter(() => random() < 0.9);
      const changes = alignSequences(a, b)!;
      assert.deepEqual(apply(a, b, changes), b);
      const edits = changes.reduce((n, c) => n + c.aEnd - c.aStart + c.bEnd - c.bStart, 0);
      assert.equal(edits, fewestEdits(a, b), JSON.stringify({ a, b }));
    }
  });

  test('gives up beyond maxEdits', () => {
    assert.equal(alignSequences(codes('abcdef'), codes('uvwxyz'), 11), null);
    assert.notEqual(alignSequences(codes('abcdef'), codes('uvwxyz'), 12), null);
  });
});
