// Compiles the allure-results of one firmware key into its Allure 2 report, keeping its history.
import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  linkSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { MissingDependencyError, ServiceError } from '../errors.ts';
import { logger } from '../log/logger.ts';
import { allureCategories } from './categories.ts';
import { writeEnvironmentProperties, type ReportEnvironment } from './environment.ts';

const log = logger('compile-firmware-report');

/** allure generate on a few thousand results takes tens of seconds; this is the point of giving up. */
const DEFAULT_GENERATE_TIMEOUT_MS = 10 * 60 * 1000;
/** How much of allure's output an error message carries. */
const OUTPUT_TAIL_CHARS = 4 * 1024;
/** Files the compiler writes itself; copies of them in a batch's results would contradict ours. */
const OWN_FILES = new Set(['categories.json', 'environment.properties', 'executor.json']);
const JAVA_PACKAGE = 'default-jre-headless';

/** Allure 2's `executor.json`: names the build, and `buildOrder` orders the history trend. */
export interface AllureExecutor {
  name: string;
  /** @defaultValue `censorwatch` */
  type?: string;
  buildName: string;
  /** Increasing per build of the same report, e.g. the run's creation time in ms. */
  buildOrder: number;
  reportName: string;
  buildUrl?: string;
  reportUrl?: string;
}

export interface CompileFirmwareReportOptions {
  /** allure-results folders of one firmware key (one per batch). Missing folders are skipped. */
  resultsDirs: readonly string[];
  /** The report folder; replaced when generation succeeds, left as it was when it fails. */
  outDir: string;
  /** Shown in the report's environment panel. */
  environment: ReportEnvironment;
  executor?: AllureExecutor;
  /** @defaultValue 10 minutes */
  timeoutMs?: number;
}

export interface CompiledFirmwareReport {
  outDir: string;
  indexFile: string;
  /** Test results (`*-result.json`) that went into the report. */
  results: number;
  /** Whether the previous report's history was carried over. */
  historyCarried: boolean;
  /** Wall time of `allure generate`. */
  generateMs: number;
}

/**
 * Stages the results (hard links where possible), the previous report's `history/`, the categories,
 * environment and executor, runs `allure generate` from allure-commandline, then swaps the new
 * report into `outDir`. Generating beside `outDir` and swapping, rather than `-o outDir --clean`,
 * keeps the last good report and its history when generation fails.
 */
export async function compileFirmwareReport(
  options: CompileFirmwareReportOptions,
): Promise<CompiledFirmwareReport> {
  const outDir = resolve(options.outDir);
  const allure = allureBinary();
  await ensureJava();
  const parent = dirname(outDir);
  mkdirSync(parent, { recursive: true });
  // Hidden (dot) folder: the report server never serves it.
  const work = mkdtempSync(join(parent, `.${basename(outDir)}-`));
  try {
    const staging = join(work, 'results');
    mkdirSync(staging);
    const results = stageResults(options.resultsDirs, staging);
    const history = join(outDir, 'history');
    const historyCarried = existsSync(history);
    if (historyCarried) cpSync(history, join(staging, 'history'), { recursive: true });
    writeFileSync(join(staging, 'categories.json'), JSON.stringify(allureCategories(), null, 2));
    writeEnvironmentProperties(staging, options.environment);
    if (options.executor) {
      writeFileSync(
        join(staging, 'executor.json'),
        JSON.stringify({ type: 'censorwatch', ...options.executor }, null, 2),
      );
    }
    const generated = join(work, 'report');
    const started = performance.now();
    await runAllure(
      allure,
      ['generate', staging, '--clean', '-o', generated],
      options.timeoutMs ?? DEFAULT_GENERATE_TIMEOUT_MS,
    );
    const generateMs = Math.round(performance.now() - started);
    if (!existsSync(join(generated, 'index.html'))) {
      throw new ServiceError(`allure generate exited 0 but wrote no index.html into ${generated}`);
    }
    rmSync(outDir, { recursive: true, force: true });
    renameSync(generated, outDir);
    log.info({ outDir, results, historyCarried, generateMs }, 'firmware report compiled');
    return { outDir, indexFile: join(outDir, 'index.html'), results, historyCarried, generateMs };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Path of allure-commandline's launcher script. */
export function allureBinary(): string {
  let packageJson: string;
  try {
    packageJson = createRequire(import.meta.url).resolve('allure-commandline/package.json');
  } catch (error) {
    throw new MissingDependencyError(
      'npm package allure-commandline is not installed: run `npm install`',
      { cause: error },
    );
  }
  const binary = join(dirname(packageJson), 'dist', 'bin', 'allure');
  if (!existsSync(binary)) {
    throw new MissingDependencyError(
      `allure-commandline is incomplete: ${binary} is missing; reinstall it with \`npm ci\``,
    );
  }
  return binary;
}

let javaChecked: Promise<void> | undefined;

/** Allure 2 runs on the JVM: fail with the package to install rather than allure's shell error. */
export function ensureJava(): Promise<void> {
  javaChecked ??= new Promise<void>((done, fail) => {
    const child = spawn('java', ['-version'], { stdio: 'ignore' });
    child.once('error', (error) => {
      fail(
        new MissingDependencyError(
          `Java is needed to compile Allure reports and \`java\` is not on PATH: install it with \`apt-get install ${JAVA_PACKAGE}\``,
          { cause: error },
        ),
      );
    });
    child.once('exit', (code) =>
      code === 0
        ? done()
        : fail(
            new MissingDependencyError(
              `\`java -version\` exited ${code}: reinstall Java (\`apt-get install ${JAVA_PACKAGE}\`)`,
            ),
          ),
    );
  });
  // A failed check is not cached: the user may install Java while a farm keeps running.
  javaChecked.catch(() => (javaChecked = undefined));
  return javaChecked;
}

/** Links (or copies) every result and attachment into one folder; returns the count of test results. */
function stageResults(resultsDirs: readonly string[], staging: string): number {
  let results = 0;
  for (const dir of resultsDirs) {
    if (!existsSync(dir)) {
      log.warn({ dir }, 'allure-results folder missing; skipped');
      continue;
    }
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isFile() || OWN_FILES.has(entry.name)) continue;
      const target = join(staging, entry.name);
      if (existsSync(target)) {
        // Names are uuids: a clash means the same batch folder was listed twice.
        log.warn({ dir, file: entry.name }, 'allure result file seen twice; kept the first');
        continue;
      }
      const source = join(dir, entry.name);
      try {
        linkSync(source, target);
      } catch {
        copyFileSync(source, target);
      }
      if (entry.name.endsWith('-result.json')) results += 1;
    }
  }
  return results;
}

function runAllure(allure: string, args: string[], timeoutMs: number): Promise<void> {
  return new Promise<void>((done, fail) => {
    // Allure's report page would load Google's tag manager and report to Google Analytics each
    // time it is opened: a report shown to a court or a ministry calls no third party
    const child = spawn(allure, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ALLURE_NO_ANALYTICS: 'true' }, // read with Boolean.parseBoolean
    });
    let output = '';
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      fail(
        new ServiceError(`could not start allure (${allure}): ${error.message}`, { cause: error }),
      );
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) {
        done();
        return;
      }
      const why = timedOut
        ? `timed out after ${timeoutMs} ms`
        : signal
          ? `was killed by ${signal}`
          : `exited ${code}`;
      fail(
        new ServiceError(
          `allure generate ${why}; its output ended with:\n${output.trim() || '(nothing)'}`,
        ),
      );
    });
  });
}
