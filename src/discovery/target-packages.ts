// Which Android package each phone target app is, taken from its selector table (the one place a package name is written).
import { ANDROID_CHROME_SELECTORS } from '../targets/selectors/android-chrome.ts';
import type { AppSelectorTable } from '../targets/selectors/app-selectors.ts';
import { GOOGLE_MESSAGES_SELECTORS } from '../targets/selectors/google-messages.ts';
import { MI_BROWSER_SELECTORS } from '../targets/selectors/mi-browser.ts';
import { SIGNAL_SELECTORS } from '../targets/selectors/signal.ts';
import { TELEGRAM_SELECTORS } from '../targets/selectors/telegram.ts';
import { WHATSAPP_SELECTORS } from '../targets/selectors/whatsapp.ts';

export interface TargetPackage {
  /** Adapter name from the target table, e.g. `android-chrome`. */
  app: string;
  kind: 'browser' | 'messenger';
  /** Android package, e.g. `com.android.chrome`. */
  packageName: string;
}

const entry = (
  table: Pick<AppSelectorTable, 'app' | 'packageName'>,
  kind: TargetPackage['kind'],
): TargetPackage => ({ app: table.app, kind, packageName: table.packageName });

/** The phone apps the project has adapters for (lab apps run in the lab and have no package). */
export const TARGET_PACKAGES: readonly TargetPackage[] = [
  entry(ANDROID_CHROME_SELECTORS, 'browser'),
  entry(MI_BROWSER_SELECTORS, 'browser'),
  entry(TELEGRAM_SELECTORS, 'messenger'),
  entry(WHATSAPP_SELECTORS, 'messenger'),
  entry(SIGNAL_SELECTORS, 'messenger'),
  entry(GOOGLE_MESSAGES_SELECTORS, 'messenger'),
];

/** The packages `censorwatch devices` reads by default: every target app's. */
export const DEFAULT_PACKAGES: readonly string[] = TARGET_PACKAGES.map((t) => t.packageName);

/** The packages a target app needs installed on the phone; none for a lab app. */
export function packagesOfTarget(app: string): string[] {
  return TARGET_PACKAGES.filter((target) => target.app === app).map((t) => t.packageName);
}
