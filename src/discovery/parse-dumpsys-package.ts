// Parses `dumpsys package <name>`: whether the package is installed, and its versionName.
import { excerpt, readOk, unread, type Reading } from './reading.ts';

export type PackageReading =
  | { installed: false }
  /** `versionName` null: the package declares none (PackageManager prints `versionName=null`). */
  | { installed: true; versionName: string | null };

/**
 * Section headers PackageManagerService prints in a package's dump: output with one of them but
 * no `Package [name]` block is a dump of a package that is not installed (Android 10 and
 * earlier print no `Unable to find package:` line).
 */
const DUMP_SECTIONS = [
  'Activity Resolver Table:',
  'Receiver Resolver Table:',
  'Service Resolver Table:',
  'Provider Resolver Table:',
  'Permissions:',
  'Key Set Manager:',
  'Packages:',
  'Hidden system packages:',
  'Queries:',
  'Dexopt state:',
  'Compiler stats:',
  'Database versions:',
  'Verifiers:',
  'Domain verification status:',
  'Package Changes:',
] as const;

/**
 * Reads the first `Package [name] (…):` block (in `Packages:`, the installed copy; an updated
 * system app has a second block under `Hidden system packages:` with the factory version).
 * `versionName=` runs to the end of its line and is kept as printed (it may hold spaces).
 */
export function parseDumpsysPackage(output: string, packageName: string): Reading<PackageReading> {
  const lines = output.split('\n').map((line) => line.replace(/\s+$/, ''));
  const header = `Package [${packageName}] (`;
  const start = lines.findIndex((line) => line.trimStart().startsWith(header));
  if (start >= 0) {
    const depth = indentOf(lines[start]!);
    for (const line of lines.slice(start + 1)) {
      if (line === '') continue;
      if (indentOf(line) <= depth) break;
      const match = /^\s*versionName=(.*)$/.exec(line);
      if (match)
        return readOk({ installed: true, versionName: match[1] === 'null' ? null : match[1]! });
    }
    return unread(
      `dumpsys package ${packageName} printed its block without a \`versionName=\` line`,
    );
  }
  if (lines.some((line) => line.trim() === `Unable to find package: ${packageName}`)) {
    return readOk({ installed: false });
  }
  if (lines.some((line) => (DUMP_SECTIONS as readonly string[]).includes(line))) {
    return readOk({ installed: false });
  }
  return unread(`dumpsys package ${packageName} printed no package dump: ${excerpt(output)}`);
}

const indentOf = (line: string) => line.length - line.trimStart().length;
