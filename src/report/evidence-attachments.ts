// The evidence files of a probe result, read back byte-exact as the attachments its report shows.
import { readFileSync } from 'node:fs';
import { basename, extname, isAbsolute, relative, resolve } from 'node:path';
import type { ProbeResult } from '../store/probe-result.ts';

export interface EvidenceAttachment {
  /** Attachment name shown in the report. */
  name: string;
  contentType: string;
  /** The file's own extension, for kinds whose content type does not name one. */
  fileExtension?: string;
  content: Buffer;
}

export interface ReadEvidence {
  /** In the order the report shows them: peer received, screenshot, dom, then anything else. */
  attachments: EvidenceAttachment[];
  /** One line per evidence file that could not be read, naming the file and why. */
  missing: string[];
}

/**
 * What each kind of evidence file is, by how its name ends (the spec writes `<probeId>.png`,
 * `<probeId>.html.txt` and, for messenger probes, `<probeId>.peer.txt`). Listed in the order the
 * spec attached them, so the report reads as it did.
 */
const EVIDENCE_KINDS = [
  { suffix: '.peer.txt', name: 'peer received', contentType: 'text/plain' },
  { suffix: '.png', name: 'screenshot', contentType: 'image/png' },
  { suffix: '.html.txt', name: 'dom', contentType: 'text/plain' },
] as const;

/** Evidence kept by a later version under a name this one does not know: attached, not typed. */
const UNKNOWN_KIND = { contentType: 'application/octet-stream' } as const;

/**
 * Reads every file in `result.evidence` (paths relative to `reportsDir`). A file that is gone,
 * unreadable or outside `reportsDir` is reported in `missing`, never thrown: the result stands
 * without it.
 */
export function readEvidence(
  result: Pick<ProbeResult, 'evidence'>,
  reportsDir: string,
): ReadEvidence {
  const root = resolve(reportsDir);
  const found: { rank: number; attachment: EvidenceAttachment }[] = [];
  const missing: string[] = [];
  for (const path of result.evidence) {
    const file = resolve(root, path);
    const inside = relative(root, file);
    if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
      missing.push(`${path} (outside the reports directory)`);
      continue;
    }
    let content: Buffer;
    try {
      content = readFileSync(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      missing.push(`${path} (${code})`);
      continue;
    }
    const rank = EVIDENCE_KINDS.findIndex((kind) => path.endsWith(kind.suffix));
    const kind = EVIDENCE_KINDS[rank];
    found.push({
      rank: rank === -1 ? EVIDENCE_KINDS.length : rank,
      attachment: kind
        ? { name: kind.name, contentType: kind.contentType, content }
        : {
            name: basename(path),
            contentType: UNKNOWN_KIND.contentType,
            fileExtension: extname(path),
            content,
          },
    });
  }
  // Array.prototype.sort is stable: files of one kind keep the order they were listed in.
  found.sort((a, b) => a.rank - b.rank);
  return { attachments: found.map((f) => f.attachment), missing };
}
