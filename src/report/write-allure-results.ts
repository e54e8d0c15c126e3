// Renders the allure-results of one firmware key of one run from its stored probe results.
import { mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { ContentType } from 'allure-js-commons';
import { ReporterRuntime } from 'allure-js-commons/sdk/reporter';
import { logger } from '../log/logger.ts';
import { isGroupProbe, type ProbeResult } from '../store/probe-result.ts';
import { allureTestResultOf } from './allure-test-result.ts';
import { readEvidence } from './evidence-attachments.ts';
import { RenderedResultsWriter } from './rendered-results-writer.ts';

const log = logger('write-allure-results');

/** The session key of the lab's Chromium and of Chrome sessions (their `browserName`). */
export const DEFAULT_SESSION_KEY = 'chrome';

export interface WriteAllureResultsOptions {
  /** The stored probe results of one firmware key of one run. */
  results: readonly ProbeResult[];
  /** The reports directory: evidence paths in the results are relative to it. */
  reportsDir: string;
  /** The allure-results folder; replaced, so rendering the same results again gives the same tests. */
  resultsDir: string;
  /**
   * The session key in a result's history id, as @wdio/allure-reporter took it from the
   * session's capabilities (see `allureTestIdsOf`).
   * @defaultValue `chrome` for every result
   */
  sessionKeyOf?: (result: ProbeResult) => string;
}

export interface WrittenAllureResults {
  resultsDir: string;
  /** Test results written: one per probe result but group probes. */
  tests: number;
  /** Evidence files listed in the results that could not be read (noted in their tests). */
  missingEvidence: number;
}

/**
 * One test per probe result but group probes (kept in the store and its exports), with the attachments the spec used to add: peer received,
 * screenshot and dom from the evidence files, then `channels` (what each channel saw, and the
 * timings). Written with allure-js-commons' reporter runtime; nothing here is patched later.
 */
export function writeAllureResults(options: WriteAllureResultsOptions): WrittenAllureResults {
  const resultsDir = resolve(options.resultsDir);
  rmSync(resultsDir, { recursive: true, force: true });
  mkdirSync(resultsDir, { recursive: true });
  const runtime = new ReporterRuntime({ writer: new RenderedResultsWriter(resultsDir) });
  const sessionKeyOf = options.sessionKeyOf ?? (() => DEFAULT_SESSION_KEY);
  let missingEvidence = 0;
  // group probes are how terms were screened; each term has its own test (cleared by a group or probed alone)
  for (const result of options.results.filter((r) => !isGroupProbe(r))) {
    const evidence = readEvidence(result, options.reportsDir);
    if (evidence.missing.length > 0) {
      missingEvidence += evidence.missing.length;
      log.warn(
        { runId: result.runId, probeId: result.probeId, missing: evidence.missing },
        'evidence file missing; the result is reported without it',
      );
    }
    const test = allureTestResultOf(
      result,
      sessionKeyOf(result),
      evidence.missing.map((line) => `evidence missing: ${line}`),
    );
    const uuid = runtime.startTest(test);
    // each attachment in a step of its own name, as the spec's addAttachment made them
    const timestamp = test.stop;
    for (const attachment of evidence.attachments) {
      runtime.writeAttachment(uuid, null, attachment.name, attachment.content, {
        contentType: attachment.contentType,
        ...(attachment.fileExtension ? { fileExtension: attachment.fileExtension } : {}),
        wrapInStep: true,
        timestamp,
      });
    }
    runtime.writeAttachment(
      uuid,
      null,
      'channels',
      Buffer.from(
        JSON.stringify({ channels: result.channels, timings: result.timings }, null, 2),
        'utf8',
      ),
      { contentType: ContentType.JSON, wrapInStep: true, timestamp },
    );
    runtime.stopTest(uuid, { stop: test.stop });
    runtime.writeTest(uuid);
  }
  log.info(
    { resultsDir, tests: options.results.length, missingEvidence },
    'allure results rendered from the store',
  );
  return { resultsDir, tests: options.results.length, missingEvidence };
}
