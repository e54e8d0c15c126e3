// A probe result as an Allure test result (without attachments), shaped as @wdio/allure-reporter shaped it.
import { Stage, type Label, type StatusDetails, type TestResult } from 'allure-js-commons';
import { getSuiteLabels, md5 } from 'allure-js-commons/sdk/reporter';
import type { ProbeResult } from '../store/probe-result.ts';
import type { TargetKind } from '../targets/target.ts';
import { allureLabelsOf } from './allure-labels.ts';
import { allureOutcomeOf } from './allure-status.ts';
import { probeTitleOf } from './probe-title.ts';

/**
 * The spec file that ran each kind of probe, relative to the project root. Reports made while the
 * spec wrote its own results named tests after it (`fullName`, `package`, `titlePath`); keeping
 * the names keeps their history and their Packages tab.
 */
const SPEC_FILE_OF_KIND: Record<TargetKind, string> = {
  browser: 'specs/browser.probe.ts',
  messenger: 'specs/messenger.probe.ts',
};

/**
 * Labels @wdio/allure-reporter gave every test. `thread` was the WDIO worker id, `0-0` in every
 * batch (one worker per launcher); the timeline groups by it, so it stays the same for all.
 */
const RUNNER_LABELS: Label[] = [
  { name: 'language', value: 'javascript' },
  { name: 'framework', value: 'wdio' },
  { name: 'thread', value: '0-0' },
];

/** The ids Allure keys a test's history by, as @wdio/allure-reporter computed them. */
export interface AllureTestIds {
  /** Mocha's full title as WebdriverIO's mocha framework joins it: `<firmware key>.<title>`. */
  fullTitle: string;
  /** `<spec file>#<full title>`. */
  fullName: string;
  /** md5 of `<full title>#<session key>` (of the full title alone when the key is empty). */
  historyId: string;
}

/**
 * `sessionKey` is the reporter's capability key: the session's `device`, `browserName` or
 * device name, lower-cased (`chrome` for Chrome and the lab's Chromium), or `multiremote`
 * for a phone with a peer phone.
 */
export function allureTestIdsOf(
  result: Pick<ProbeResult, 'firmwareKey' | 'targetKind'> & Parameters<typeof probeTitleOf>[0],
  sessionKey: string,
): AllureTestIds {
  const fullTitle = `${result.firmwareKey}.${probeTitleOf(result)}`;
  return {
    fullTitle,
    fullName: `${SPEC_FILE_OF_KIND[result.targetKind]}#${fullTitle}`,
    historyId: md5(sessionKey ? `${fullTitle}#${sessionKey}` : fullTitle),
  };
}

/**
 * Everything of the test result but its uuid and attachments. `notes` are lines added to the
 * status details' message after a blank line (missing evidence): the verdict's own message
 * comes first and unchanged, so the categories still match it.
 */
export function allureTestResultOf(
  result: ProbeResult,
  sessionKey: string,
  notes: readonly string[] = [],
): Omit<TestResult, 'uuid' | 'attachments' | 'steps'> & { start: number; stop: number } {
  const ids = allureTestIdsOf(result, sessionKey);
  const specFile = SPEC_FILE_OF_KIND[result.targetKind];
  const outcome = allureOutcomeOf(result);
  const message = [outcome.message, notes.length > 0 ? notes.join('\n') : undefined]
    .filter((part) => part !== undefined)
    .join('\n\n');
  const statusDetails: StatusDetails = message ? { message } : {};
  return {
    name: probeTitleOf(result),
    fullName: ids.fullName,
    historyId: ids.historyId,
    testCaseId: ids.historyId,
    titlePath: [...specFile.split('/'), result.firmwareKey],
    status: outcome.status,
    statusDetails,
    stage: Stage.FINISHED,
    labels: [
      // the mocha describe was the firmware key: one suite level is Allure's parent suite
      ...getSuiteLabels([result.firmwareKey]),
      { name: 'package', value: specFile.replaceAll('/', '.') },
      ...RUNNER_LABELS,
      ...Object.entries(allureLabelsOf(result)).map(([name, value]) => ({ name, value })),
    ],
    links: [],
    parameters: [
      { name: 'term', value: result.term },
      // Allure 2 keys a test's history by its history id and its parameters: a token new in every
      // attempt would give every run a history of its own, so it is shown but left out of the key
      { name: 'probe token', value: result.probeToken, excluded: true },
    ],
    start: Date.parse(result.startedAt),
    stop: Date.parse(result.endedAt),
  };
}
