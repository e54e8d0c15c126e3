import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { allureCategories } from '../../../src/report/categories.ts';
import { FILTERED_VERDICTS, INCONCLUSIVE_REASONS } from '../../../src/oracle/verdict.ts';

/** Allure applies messageRegex with Java `matches` (whole message); `(?s)` is DOTALL. */
function javaMatches(messageRegex: string, message: string): boolean {
  const dotAll = messageRegex.startsWith('(?s)');
  const body = dotAll ? messageRegex.slice(4) : messageRegex;
  return new RegExp(`^(?:${body})$`, dotAll ? 's' : '').test(message);
}

function categoriesOf(message: string, status: string): string[] {
  return allureCategories()
    .filter(
      (c) =>
        (c.matchedStatuses as string[]).includes(status) && javaMatches(c.messageRegex, message),
    )
    .map((c) => c.name);
}

describe('allureCategories', () => {
  test('has one failed category per filtered verdict class', () => {
    for (const verdict of FILTERED_VERDICTS) {
      assert.deepEqual(categoriesOf(`finding: ${verdict} on echo: "Free *****"`, 'failed'), [
        `Finding: ${verdict}`,
      ]);
    }
  });

  test('has one broken category for every inconclusive reason', () => {
    for (const reason of INCONCLUSIVE_REASONS) {
      assert.deepEqual(categoriesOf(`inconclusive(${reason}): detail`, 'broken'), [
        `Inconclusive: ${reason.replaceAll('-', ' ')}`,
      ]);
    }
    assert.equal(allureCategories().length, FILTERED_VERDICTS.length + INCONCLUSIVE_REASONS.length);
  });

  test('matches messages whose evidence runs over several lines', () => {
    assert.deepEqual(categoriesOf('finding: removed\nsent: Free Tibet\nseen: Free', 'failed'), [
      'Finding: removed',
    ]);
  });

  test('leaves other failures to Allure defaults rather than calling them findings', () => {
    assert.deepEqual(categoriesOf('element not found: #search', 'failed'), []);
    assert.deepEqual(categoriesOf('finding: masked …', 'broken'), []);
    assert.deepEqual(categoriesOf('finding: blanked', 'failed'), []);
    assert.deepEqual(categoriesOf('inconclusive(unplugged): x', 'broken'), []);
  });
});
