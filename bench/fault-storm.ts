// The fault storm: a run on three lab phones (two browsers, a messenger), each served by a device worker process of
// its own, while faults strike on a seeded schedule — a worker SIGKILLed mid-batch with its WebdriverIO run (its host
// comes back at once), a phone's Chromium killed mid-probe, Appium crashed and started again, the canary stopped and
// started, Prosody restarted, Redis (AOF) restarted, the database's connections cut. Counts what was planned,
// recorded, lost and doubled, the findings (all false: the phones run clean firmware), and how long each kind of fault
// took to recover from. `npm run bench:faults`, and a short storm in the integration tier.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { withTargetsOf } from '../src/devices/device-profile.ts';
import { loadDeviceProfiles } from '../src/devices/load-device-profiles.ts';
import { LabStack } from '../src/lab/lab-stack.ts';
import { isFinding } from '../src/oracle/finding.ts';
import { freePort } from '../src/services/free-port.ts';
import type { ProbeResult } from '../src/store/probe-result.ts';
import { ResultStore } from '../src/store/result-store.ts';
import { ReportWorker } from '../queue/report-worker.ts';
import { startRun } from '../queue/run-producer.ts';
import { waitForRun } from '../queue/wait-for-run.ts';
import type { QueueContext } from '../queue/queue-context.ts';
import { killTree } from '../test/support/kill-tree.ts';
import { writeLabPixelProfile } from '../test/support/lab-pixel-profile.ts';
import { createTestDatabase } from '../test/support/postgres.ts';
import { mulberry32 } from '../test/support/seeded-random.ts';
import { startReadyProcess } from '../test/support/ready-process.ts';
import { benignTerms } from './bench-batch.ts';

export const FAULT_KINDS = [
  'worker-killed',
  'browser-killed',
  'canary-restarted',
  'redis-restarted',
  'database-cut',
  'appium-restarted',
  'prosody-restarted',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface StormOptions {
  /**
   * Terms per phone: each is probed beside its control, so a browser phone gets about twice as many
   * probes, and the messenger phone, probing both ways, four times as many.
   */
  termsPerPhone: number;
  faults: number;
  seed: number;
  /** Between two faults, at least and at most. */
  gapMs: [number, number];
  /** The kinds of fault injected, in turn; all of them when absent. */
  kinds?: readonly FaultKind[];
  /**
   * How long the storm waits after a fault for its phone to decide a probe before the next gap:
   * shorter, and faults overlap the recovery from the last (a slow one is then counted as not
   * observed). @defaultValue 30 s
   */
  recoveryWaitMs?: number;
  log?: (line: string) => void;
}

export interface StormReport {
  probes: { planned: number; recorded: number; lost: number; duplicated: number };
  faults: { injected: number; byKind: Record<string, number> };
  falseFindings: number;
  inconclusive: number;
  /**
   * The inconclusive probes by what was probed (`browser`, `messenger outbound`, `messenger
   * inbound`) and why: which faults cost decisions, and where.
   */
  inconclusiveBy: Record<string, Record<string, number>>;
  /** Per target and reason, the detail of the first such probe: what the fault looked like. */
  inconclusiveExample: Record<string, Record<string, string>>;
  runs: { started: number; ended: number };
  /**
   * Per kind: seconds from the fault to the next probe decided (for a killed worker, by its phone;
   * else by any phone), median and worst.
   */
  recoveryS: Record<string, { median: number; max: number }>;
  /** Each false finding as recorded, to see which fault made it. */
  falseFindingDetails: unknown[];
  /** Per kind: faults after which the phone decided nothing within `recoveryWaitMs` (it had nothing left to run, or was slower). */
  recoveryUnobserved: Record<string, number>;
  /** The report's test cases: one per planned probe when nothing was doubled. */
  reportTests: number;
  seconds: number;
}

const PHONES = ['storm-1', 'storm-2', 'storm-3'];
/** The phone whose messenger is probed (both ways, through the lab's Prosody); the others probe their browsers. */
const MESSENGER_PHONE = 'storm-3';
const LOCK_MS = 2000;
/** How long a fault's recovery is waited for before the storm goes on. */
export const DEFAULT_RECOVERY_WAIT_MS = 30_000;

/** A redis-server with an append-only file, restarted on its own port and folder. */
class RestartableRedis {
  #child: ChildProcess | undefined;
  constructor(
    readonly port: number,
    readonly dir: string,
  ) {}
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }
  async start(): Promise<void> {
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--save',
        '',
        '--dir',
        this.dir,
      ],
      { stdio: 'ignore' },
    );
    this.#child = child;
    for (let i = 0; i < 100; i++) {
      if (
        spawnSync('redis-cli', ['-p', String(this.port), 'ping'], {
          encoding: 'utf8',
        }).stdout.trim() === 'PONG'
      )
        return;
      await sleep(100);
    }
    throw new Error(`redis-server on ${this.port} did not start`);
  }
  /** SIGTERM (it writes its AOF and exits), then the same server again. */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }
  async stop(): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await exited;
  }
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

export async function runFaultStorm(options: StormOptions): Promise<StormReport> {
  const log = options.log ?? (() => undefined);
  const recoveryWaitMs = options.recoveryWaitMs ?? DEFAULT_RECOVERY_WAIT_MS;
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'cw-fault-storm-'));
  const next = mulberry32(options.seed); // the same seed, the same storm
  const database = await createTestDatabase();
  if ('skip' in database) throw new Error(database.skip);
  const redis = new RestartableRedis(await freePort(), dir);
  await redis.start();
  const lab = new LabStack({ redisUrl: redis.url, messengerDevices: [MESSENGER_PHONE] });
  const workers = new Map<string, ChildProcess>();
  let store: ResultStore | undefined;
  let reports: ReportWorker | undefined;
  try {
    const urls = await lab.start();
    const context: QueueContext = { redisUrl: redis.url, prefix: 'storm' };
    const devicesDir = join(dir, 'devices');
    mkdirSync(devicesDir);
    for (const id of PHONES)
      writeLabPixelProfile(devicesDir, id, { messenger: id === MESSENGER_PHONE });
    const devices = loadDeviceProfiles(devicesDir);
    store = await ResultStore.open(database.url);
    reports = new ReportWorker({ context, devices, reportsDir: dir, database: database.url });
    await reports.waitUntilReady();
    const startWorker = async (deviceId: string) => {
      const options = {
        context,
        deviceId,
        devicesDir,
        labAppiumUrl: urls.appiumUrl,
        canaryUrl: urls.canaryUrl,
        vendorUrl: urls.vendorUrl,
        ...(deviceId === MESSENGER_PHONE ? { messenger: urls.messenger } : {}),
        reportsDir: dir,
        database: database.url,
        lockMs: LOCK_MS,
      };
      await startReadyProcess(
        process.execPath,
        ['--import', 'tsx', 'test/support/device-worker-process.ts', JSON.stringify(options)],
        {
          env: { ...process.env, LOG_LEVEL: 'error' },
          ready: 'ready',
          started: (child) => workers.set(deviceId, child),
        },
      );
    };
    await Promise.all(PHONES.map(startWorker));

    const run = await startRun(context, store, {
      kind: 'nightly',
      devices: devices.map((d) =>
        withTargetsOf(d, d.id === MESSENGER_PHONE ? 'messenger' : 'browser'),
      ),
      termList: {
        name: 'fault storm',
        file: 'generated by bench/fault-storm.ts',
        sha256: 'storm',
        terms: benignTerms(options.termsPerPhone, 's'),
      },
      batchSize: 25,
      // as a farm runs: a finding must repeat in a second attempt, as faults seldom do
      repetition: { required: 2, attempts: 2 },
      startedBy: 'bench:faults',
    });
    const finished = waitForRun(context, run.parentJobId, 60 * 60 * 1000).then(
      (compiled) => ({ compiled }),
      (error: unknown) => ({ error }),
    );
    let done = false;
    void finished.then(() => (done = true));

    /**
     * Probes decided so far (recorded with a verdict): of one phone, or of the run. A record a
     * retried session replaces goes from inconclusive to decided, so it counts as it is decided.
     */
    const decided = async (deviceId?: string) =>
      (await store!.probesOfRun(run.runId)).filter(
        (r) => r.verdict !== 'inconclusive' && (!deviceId || r.deviceId === deviceId),
      ).length;
    /** The phone a fault struck, when it struck one: it has recovered when that phone records again. */
    let struck: string | undefined;
    const canaryPort = Number(new URL(urls.canaryUrl).port);
    const inject: Record<FaultKind, () => Promise<void>> = {
      'worker-killed': async () => {
        const id = PHONES[Math.floor(next() * PHONES.length)]!;
        struck = id;
        killTree(workers.get(id)!.pid!);
        await startWorker(id);
      },
      'browser-killed': async () => {
        const browsers = chromiumMainProcesses();
        if (browsers.length > 0) killTree(browsers[Math.floor(next() * browsers.length)]!);
      },
      'canary-restarted': async () => {
        await lab.canary.stop();
        await sleep(500);
        await lab.canary.start(canaryPort);
      },
      'redis-restarted': () => redis.restart(),
      // a crash: Appium's process group killed, its sessions with it; the same port again
      'appium-restarted': () => lab.appium.restart(),
      // every XMPP stream closed: the phone's app and the peer bot log in again
      'prosody-restarted': () => {
        struck = MESSENGER_PHONE;
        return lab.messenger!.restartServer();
      },
      'database-cut': async () => {
        const admin = new pg.Client({ connectionString: database.url });
        await admin.connect();
        await admin.query(
          'select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
        );
        await admin.end();
      },
    };
    const order = [...(options.kinds ?? FAULT_KINDS)]
      .map((kind) => ({ kind, key: next() }))
      .sort((a, b) => a.key - b.key)
      .map(({ kind }) => kind);
    const byKind: Record<string, number> = {};
    const recovery: Record<string, number[]> = {};
    const unobserved: Record<string, number> = {};
    let injected = 0;
    while (!done && injected < options.faults) {
      const [low, high] = options.gapMs;
      await sleep(low + next() * (high - low));
      if (done) break;
      // every kind in turn, in a seeded order: a short storm meets each of them
      const kind = order[injected % order.length]!;
      struck = undefined;
      const at = Date.now();
      const counts = await Promise.all(
        [undefined, ...PHONES].map((id) => decided(id).catch(() => 0)),
      );
      await inject[kind]();
      const before = struck ? counts[PHONES.indexOf(struck) + 1]! : counts[0]!;
      injected += 1;
      byKind[kind] = (byKind[kind] ?? 0) + 1;
      // recovered: the next probe decided after the fault; a phone with nothing left to run
      // records none, so the wait is bounded and such a fault counted as not observed
      let seen = false;
      for (let i = 0; i < recoveryWaitMs / 100 && !done; i++) {
        if ((await decided(struck).catch(() => before)) > before) {
          seen = true;
          break;
        }
        await sleep(100);
      }
      const seconds = (Date.now() - at) / 1000;
      if (seen) (recovery[kind] ??= []).push(seconds);
      else unobserved[kind] = (unobserved[kind] ?? 0) + 1;
      log(
        `fault ${injected}: ${kind}${struck ? ` on ${struck}` : ''} (decided per phone ${counts.slice(1).join(' / ')}), ${seen ? `recovered in ${seconds.toFixed(1)} s` : 'no probe decided after it'}`,
      );
    }
    const outcome = await finished;
    const results = await store.probesOfRun(run.runId);
    const planned = await store.plannedProbes(run.runId);
    const plannedIds = new Set(planned.map((p) => p.probeId));
    const recordedIds = results.filter((r) => plannedIds.has(r.probeId)).map((r) => r.probeId);
    const distinct = new Set(recordedIds);
    const reportTests = countReportTests(join(dir, 'allure'));
    return {
      probes: {
        planned: planned.length,
        recorded: distinct.size,
        lost: planned.length - distinct.size,
        duplicated: recordedIds.length - distinct.size + Math.max(0, reportTests - planned.length),
      },
      faults: { injected, byKind },
      falseFindings: results.filter(isFinding).length,
      falseFindingDetails: results.filter(isFinding).map((r) => ({
        probeId: r.probeId,
        deviceId: r.deviceId,
        term: r.term,
        role: r.role,
        verdict: r.verdict,
        channel: r.channel ?? null,
        detail: r.detail ?? null,
        attempts: r.attempts.map((a) => ({
          verdict: a.verdict,
          channel: a.channel,
          detail: a.detail,
        })),
      })),
      inconclusive: results.filter((r) => r.verdict === 'inconclusive').length,
      ...inconclusiveBreakdown(results),
      runs: { started: 1, ended: 'compiled' in outcome ? 1 : 0 },
      recoveryS: Object.fromEntries(
        Object.entries(recovery).map(([kind, seconds]) => {
          const sorted = [...seconds].sort((a, b) => a - b);
          return [
            kind,
            { median: round(sorted[Math.floor(sorted.length / 2)]!), max: round(sorted.at(-1)!) },
          ];
        }),
      ),
      recoveryUnobserved: unobserved,
      reportTests,
      seconds: Math.round((Date.now() - started) / 1000),
    };
  } finally {
    for (const child of workers.values()) if (child.pid) killTree(child.pid);
    await reports?.close().catch(() => undefined);
    await store?.close().catch(() => undefined);
    await lab.stop();
    await redis.stop();
    await database.drop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Inconclusive probes counted by target kind (and direction) and reason, with the first one's detail. */
function inconclusiveBreakdown(
  results: readonly ProbeResult[],
): Pick<StormReport, 'inconclusiveBy' | 'inconclusiveExample'> {
  const inconclusiveBy: StormReport['inconclusiveBy'] = {};
  const inconclusiveExample: StormReport['inconclusiveExample'] = {};
  for (const r of [...results].sort((a, b) => a.startedAt.localeCompare(b.startedAt))) {
    if (r.verdict !== 'inconclusive') continue;
    const target = r.direction ? `${r.targetKind} ${r.direction}` : r.targetKind;
    const reason = r.reason ?? 'none';
    const counts = (inconclusiveBy[target] ??= {});
    counts[reason] = (counts[reason] ?? 0) + 1;
    (inconclusiveExample[target] ??= {})[reason] ??= r.detail ?? '';
  }
  return { inconclusiveBy, inconclusiveExample };
}

const round = (value: number) => Math.round(value * 10) / 10;

/** Chromium's browser processes (not its renderers or helpers), found in /proc. */
function chromiumMainProcesses(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (/chrom(e|ium)$/.test(args[0] ?? '') && !args.some((a) => a.startsWith('--type='))) {
        pids.push(Number(entry));
      }
    } catch {
      // ended meanwhile
    }
  }
  return pids;
}

/** Test cases in the compiled Allure reports: each report's `data/test-cases` files. */
function countReportTests(allureDir: string): number {
  let count = 0;
  try {
    for (const report of readdirSync(allureDir)) {
      try {
        count += readdirSync(join(allureDir, report, 'data', 'test-cases')).length;
      } catch {
        // not a report folder
      }
    }
  } catch {
    // no report compiled
  }
  return count;
}
