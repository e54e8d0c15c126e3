// Evidence of a non-intact verdict, kept as files beside the run: screenshot, DOM, and what the far end recorded.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { inconclusiveReasonOf } from '../errors.ts';
import type { Target } from '../targets/target.ts';
import type { KeptEvidence } from './probe-driver.ts';

/**
 * Writes `<reportsDir>/evidence/<runId>/<probeId>.{png,html.txt}` and, for messenger probes,
 * `<probeId>.peer.txt` (`farEnd`: the peer's record, byte for byte). The far end's record is kept
 * even when the device is lost; a lost device yields no screenshot, not an error.
 */
export async function keepEvidence(
  target: Pick<Target, 'captureEvidence'>,
  where: { reportsDir: string; runId: string },
  probe: { probeId: string; farEnd?: string },
): Promise<KeptEvidence> {
  const dir = join(where.reportsDir, 'evidence', where.runId);
  await mkdir(dir, { recursive: true });
  const paths: string[] = [];
  const file = (suffix: string) => join(dir, `${probe.probeId}${suffix}`);
  if (probe.farEnd !== undefined) {
    await writeFile(file('.peer.txt'), probe.farEnd);
    paths.push(relative(where.reportsDir, file('.peer.txt')));
  }
  try {
    const evidence = await target.captureEvidence();
    await writeFile(file('.png'), evidence.screenshotPng);
    await writeFile(file('.html.txt'), evidence.dom);
    return {
      paths: [
        relative(where.reportsDir, file('.png')),
        relative(where.reportsDir, file('.html.txt')),
        ...paths,
      ],
      error: null,
    };
  } catch (error) {
    return { paths, error: inconclusiveReasonOf(error).message };
  }
}
