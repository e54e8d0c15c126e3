// Preflight: an Appium driver (the lab's: chromium) installed in APPIUM_HOME.
import { settings } from '../../config/settings.ts';
import { MissingDependencyError } from '../../errors.ts';
import { appiumEntry } from '../../services/appium-service.ts';
import { describeFailure, runCommand, type CommandRunner } from '../run-command.ts';
import type { Diagnosis, PreflightCheck } from '../preflight-check.ts';

const LIST_TIMEOUT_MS = 60 * 1000;
/** Measured: 22 s for `appium driver install chromium` from the npm registry on this machine kind. */
const INSTALL_TIMEOUT_MS = 10 * 60 * 1000;

export interface AppiumDriverCheckOptions {
  /** Driver name as `appium driver install` takes it. @defaultValue `chromium` */
  driver?: string;
  /** Where drivers are installed. @defaultValue `settings().appiumHome` */
  appiumHome?: string;
  /** @defaultValue false */
  isOptional?: boolean;
  /** @defaultValue runCommand */
  run?: CommandRunner;
}

interface InstalledDriver {
  version?: string;
  installed?: boolean;
}

/** The installed drivers from `appium driver list --installed --json` output. */
export function parseDriverList(stdout: string): Record<string, InstalledDriver> {
  const start = stdout.indexOf('{');
  const end = stdout.lastIndexOf('}');
  if (start < 0 || end < start) throw new Error('no JSON in the output of `appium driver list`');
  return JSON.parse(stdout.slice(start, end + 1)) as Record<string, InstalledDriver>;
}

export class AppiumDriverCheck implements PreflightCheck {
  readonly name: string;
  readonly isOptional: boolean;
  readonly #driver: string;
  readonly #appiumHome: string;
  readonly #run: CommandRunner;

  constructor(options: AppiumDriverCheckOptions = {}) {
    this.#driver = options.driver ?? 'chromium';
    this.#appiumHome = options.appiumHome ?? settings().appiumHome;
    this.isOptional = options.isOptional ?? false;
    this.#run = options.run ?? runCommand;
    this.name = `Appium ${this.#driver} driver`;
  }

  async diagnose(): Promise<Diagnosis> {
    let entry: string;
    try {
      entry = appiumEntry();
    } catch (error) {
      return { ok: false, message: (error as Error).message };
    }
    const result = await this.#run(
      process.execPath,
      [entry, 'driver', 'list', '--installed', '--json'],
      {
        env: this.#env(),
        timeoutMs: LIST_TIMEOUT_MS,
      },
    );
    if (result.code !== 0) {
      return { ok: false, message: `\`appium driver list\` failed: ${describeFailure(result)}` };
    }
    let drivers: Record<string, InstalledDriver>;
    try {
      drivers = parseDriverList(result.stdout);
    } catch (error) {
      return { ok: false, message: (error as Error).message };
    }
    const found = drivers[this.#driver];
    if (!found?.installed) {
      return { ok: false, message: `not installed in APPIUM_HOME ${this.#appiumHome}` };
    }
    return { ok: true, message: `${this.#driver}@${found.version ?? '?'} in ${this.#appiumHome}` };
  }

  /** `appium driver install` fetches the driver from the npm registry; it downloads no chromedriver. */
  async fix(): Promise<void> {
    const result = await this.#run(
      process.execPath,
      [appiumEntry(), 'driver', 'install', this.#driver],
      { env: this.#env(), timeoutMs: INSTALL_TIMEOUT_MS },
    );
    if (result.code !== 0) {
      throw new MissingDependencyError(
        `\`appium driver install ${this.#driver}\` failed: ${describeFailure(result)}`,
      );
    }
  }

  fixHint(): string {
    return `APPIUM_HOME=${this.#appiumHome} npx appium driver install ${this.#driver}`;
  }

  #env(): NodeJS.ProcessEnv {
    // The lab uses /usr/bin/chromedriver: never fetch one (appium-chromedriver honours this).
    return { ...process.env, APPIUM_HOME: this.#appiumHome, APPIUM_SKIP_CHROMEDRIVER_INSTALL: '1' };
  }
}
