// The shape of a phone browser's selectors (data per app version) and the lookup of the best entry.
import { InputError } from '../../errors.ts';
import type { ErrorPageMarkers, UiLocator } from '../ui-hierarchy.ts';
import { ANDROID_CHROME_SELECTORS } from './android-chrome.ts';
import { MI_BROWSER_SELECTORS } from './mi-browser.ts';

/** Where each part of the canary's pages, and of the browser around them, is found. Candidates are tried in order. */
export interface BrowserSelectors {
  /** The web content (WebView) of the current tab. */
  webContent: readonly UiLocator[];
  /** The canary's search field (`<input id="cw-q">`). */
  searchField: readonly UiLocator[];
  /** The canary's search button (`#cw-submit`); when none matches, Enter is pressed instead. */
  submitButton: readonly UiLocator[];
  /** Where the results page shows the query back (`#cw-echo`). */
  echo: readonly UiLocator[];
  /** The browser's address bar; its text is the probe's location. */
  urlBar: readonly UiLocator[];
  /** What a browser error page ("This site can't be reached") looks like. */
  errorPage: ErrorPageMarkers;
}

/** One app version's selectors: a full set for the first entry, only what changed for later ones. */
export interface SelectorVersionEntry<S = BrowserSelectors> {
  /** Lowest app version (dotted numbers) this entry applies to; the first entry uses `0`. */
  fromVersion: string;
  /** Why this entry exists (what changed in the app at this version). */
  note: string;
  selectors: Partial<S>;
}

/** All selector entries of one app, oldest first. */
export interface AppSelectorTable<S = BrowserSelectors> {
  /** Adapter name from the target table, e.g. `android-chrome`. */
  app: string;
  /** Android package, e.g. `com.android.chrome`. */
  packageName: string;
  versions: readonly SelectorVersionEntry<S>[];
}

/** Where an app's selectors were resolved from, beside the selectors themselves. */
export interface SelectorOrigin {
  app: string;
  packageName: string;
  /** `fromVersion` of the newest entry applied. */
  entryVersion: string;
}

/** The selectors resolved for one installed app version. */
export type ResolvedSelectors = BrowserSelectors & SelectorOrigin;

const TABLES: Record<string, AppSelectorTable> = {
  [ANDROID_CHROME_SELECTORS.app]: ANDROID_CHROME_SELECTORS,
  [MI_BROWSER_SELECTORS.app]: MI_BROWSER_SELECTORS,
};

/** Phone browser apps that have selectors. */
export function selectorApps(): string[] {
  return Object.keys(TABLES);
}

/** Browser selectors for `app` at `appVersion` (see {@link resolveSelectors}). */
export function selectorsFor(
  app: string,
  appVersion?: string,
  tables: Readonly<Record<string, AppSelectorTable>> = TABLES,
): ResolvedSelectors {
  return resolveSelectors(tables, ROLES, app, appVersion);
}

/**
 * Selectors for `app` at `appVersion`: every entry up to the newest one not above that
 * version, later entries overriding earlier ones role by role. Without a version (or with
 * one that has no digits) the newest entry wins; a version older than every entry gets the
 * first entry. Every role must be present after merging.
 */
export function resolveSelectors<S extends object>(
  tables: Readonly<Record<string, AppSelectorTable<S>>>,
  roles: readonly (keyof S & string)[],
  app: string,
  appVersion?: string,
): S & SelectorOrigin {
  const table = tables[app];
  if (!table) {
    throw new InputError(
      'E_DEVICE_PROFILE',
      `target app "${app}" has no phone selectors; known: ${Object.keys(tables).join(', ')}`,
      { field: 'targets[].app' },
    );
  }
  const ordered = [...table.versions].sort((a, b) => compareVersions(a.fromVersion, b.fromVersion));
  const wanted = appVersion === undefined ? null : versionNumbers(appVersion);
  const applied =
    wanted === null || wanted.length === 0
      ? ordered
      : ordered.filter(
          (entry, index) =>
            index === 0 || compareNumbers(versionNumbers(entry.fromVersion), wanted) <= 0,
        );
  const merged: Partial<S> = {};
  for (const entry of applied) Object.assign(merged, entry.selectors);
  const missing = roles.filter((role) => merged[role] === undefined);
  if (missing.length > 0) {
    throw new InputError(
      'E_DEVICE_PROFILE',
      `selectors of "${app}" at version ${appVersion ?? '(newest)'} lack ${missing.join(', ')}; the first entry must be complete`,
      { field: 'targets[].appVersion' },
    );
  }
  return {
    ...(merged as S),
    app: table.app,
    packageName: table.packageName,
    entryVersion: applied.at(-1)!.fromVersion,
  };
}

const ROLES: readonly (keyof BrowserSelectors)[] = [
  'webContent',
  'searchField',
  'submitButton',
  'echo',
  'urlBar',
  'errorPage',
];

/** The numbers of a version string: `120.0.6099.144` → [120, 0, 6099, 144]; `V14.5.6-gn` → [14, 5, 6]. */
export function versionNumbers(version: string): number[] {
  const dotted = /\d+(?:\.\d+)*/.exec(version);
  return dotted ? dotted[0].split('.').map(Number) : [];
}

export function compareVersions(a: string, b: string): number {
  return compareNumbers(versionNumbers(a), versionNumbers(b));
}

function compareNumbers(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
