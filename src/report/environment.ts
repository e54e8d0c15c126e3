// The report's environment panel: Allure 2's environment.properties, escaped as Java properties.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PROJECT_ROOT } from '../config/settings.ts';

/** Shown in a report's environment panel, in insertion order. Keys are dotted names. */
export type ReportEnvironment = Record<string, string>;

/** What a firmware report's environment panel names. */
export interface FirmwareEnvironmentFields {
  firmwareKey: string;
  /** Build fingerprint, e.g. `Xiaomi/apollo_eea/apollo:11/RKQ1.200826.002/V12.5.4.0.RJDEUXM:user/release-keys`. */
  fingerprint: string;
  /** Display version, e.g. `V12.5.4.0.RJDEUXM`. */
  firmwareVersion: string;
  region: string;
  locale: string;
  /** Device ids whose probes are in the report. */
  devices: string[];
  browserVersion: string;
  termListName: string;
  termListSha256: string;
  runId: string;
  /** Who or what started the run (`schedule:<name>`, `token:<name>`, `cli:<user>`, `lab`); null: not recorded. */
  startedBy: string | null;
  /** @defaultValue package.json's version */
  harnessVersion?: string;
  /** Where the firmware was learnt when not from the profile: read off the phone before its batch. */
  firmwareSource?: string;
}

/** The environment of one firmware report, with the key names every report uses. */
export function firmwareEnvironment(fields: FirmwareEnvironmentFields): ReportEnvironment {
  return {
    'firmware.key': fields.firmwareKey,
    'firmware.fingerprint': fields.fingerprint,
    'firmware.version': fields.firmwareVersion,
    ...(fields.firmwareSource ? { 'firmware.source': fields.firmwareSource } : {}),
    'device.region': fields.region,
    'device.locale': fields.locale,
    devices: fields.devices.join(', '),
    'browser.version': fields.browserVersion,
    'harness.version': fields.harnessVersion ?? packageVersion(),
    'termList.name': fields.termListName,
    'termList.sha256': fields.termListSha256,
    'run.id': fields.runId,
    'run.startedBy': fields.startedBy ?? 'not recorded',
  };
}

/**
 * Java properties text. Allure reads the file with `Properties.load` (ISO-8859-1), so everything
 * outside printable ASCII becomes `\uXXXX`, and newlines or `=` in a value cannot forge a line.
 */
export function formatEnvironmentProperties(environment: ReportEnvironment): string {
  return Object.entries(environment)
    .map(([key, value]) => `${escapeProperty(key, true)}=${escapeProperty(value, false)}\n`)
    .join('');
}

/** Writes `environment.properties` into an allure-results folder; returns its path. */
export function writeEnvironmentProperties(
  resultsDir: string,
  environment: ReportEnvironment,
): string {
  const file = join(resultsDir, 'environment.properties');
  writeFileSync(file, formatEnvironmentProperties(environment), 'latin1');
  return file;
}

const NAMED_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\f': '\\f',
};

function escapeProperty(text: string, isKey: boolean): string {
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    const code = text.charCodeAt(i);
    if (NAMED_ESCAPES[char] !== undefined) out += NAMED_ESCAPES[char];
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, '0')}`;
    // Separators and comment marks: always in keys; in values only where `load` would misread them.
    else if (isKey && '=:#! '.includes(char)) out += `\\${char}`;
    else if (!isKey && char === ' ' && i === 0) out += '\\ ';
    else if (!isKey && '#!'.includes(char) && i === 0) out += `\\${char}`;
    else out += char;
  }
  return out;
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(resolve(PROJECT_ROOT, 'package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}
