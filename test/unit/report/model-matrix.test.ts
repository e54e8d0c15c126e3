import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { buildModelMatrix, renderModelMatrix } from '../../../src/report/model-matrix.ts';
import { MI_V1, MI_V4, probeResult } from '../../support/probe-results.ts';

const HOSTILE = '<img src=x onerror=alert(1)>';
const masked = (extra = {}) =>
  probeResult({
    verdict: 'masked',
    channel: 'render',
    evidence: ['evidence/run-2/abc.png'],
    ...extra,
  });

describe('the model page', () => {
  const matrix = buildModelMatrix('Xiaomi Mi 10T 5G', [
    {
      firmwareKey: MI_V1,
      runs: [
        [
          probeResult({ firmwareKey: MI_V1 }),
          probeResult({ firmwareKey: MI_V1, term: 'Falun Gong', termId: 'falun' }),
        ],
      ],
    },
    {
      firmwareKey: MI_V4,
      runs: [
        // newest run first: Free Tibet masked now, intact in the run before
        [
          masked({ runId: 'run-2' }),
          probeResult({
            runId: 'run-2',
            term: HOSTILE,
            termId: 'h',
            category: 'odd',
            language: 'und',
            verdict: 'blocked',
            channel: 'state',
          }),
        ],
        [
          probeResult({ runId: 'run-1' }),
          probeResult({ runId: 'run-1', term: 'Falun Gong', termId: 'falun' }),
        ],
      ],
    },
  ]);

  test('lists only terms filtered on some firmware, each firmware at its latest outcome', () => {
    assert.deepEqual(
      matrix.rows.map((r) => [
        r.term,
        r.cells[MI_V1]?.verdict ?? 'not probed',
        r.cells[MI_V4]?.verdict,
      ]),
      [
        [HOSTILE, 'not probed', 'blocked'],
        ['Free Tibet', 'intact', 'masked'],
      ],
    );
    assert.equal(matrix.termsProbed, 3, 'Falun Gong probed, intact everywhere, left out');
    assert.equal(matrix.rows[1]!.cells[MI_V4]!.evidence, 'evidence/run-2/abc.png');
    assert.deepEqual(matrix.trends, { [MI_V1]: [0], [MI_V4]: [0, 2] });
  });

  test('renders terms as text, links evidence, and allows only its own script', () => {
    const html = renderModelMatrix(matrix);
    assert.ok(!html.includes(HOSTILE), 'the hostile term is escaped');
    assert.ok(html.includes('&#60;img src=x onerror=alert(1)&#62;'));
    assert.match(html, /<a href="\.\.\/evidence\/run-2\/abc\.png">masked on render<\/a>/);
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
    const hash = createHash('sha256').update(script).digest('base64');
    assert.ok(html.includes(`script-src 'sha256-${hash}'`), 'the CSP allows that script only');
    assert.match(html, /<option value="odd">odd<\/option>/, 'categories to filter by');
  });
});
