// Target adapter for a browser app on a real Android phone, driven natively through Appium UiAutomator2.
import { ProbeFault } from '../errors.ts';
import { logger } from '../log/logger.ts';
import { guardDriver } from './appium-faults.ts';
import { nativeEvidence, NATIVE_INPUT_PATHS, typeInto, waitForScreen } from './native-input.ts';
import { selectorsFor, type ResolvedSelectors } from './selectors/app-selectors.ts';
import type {
  Evidence,
  InputPath,
  ProbeHandle,
  RenderObservation,
  SubmitOutcome,
  Target,
} from './target.ts';
import {
  detectErrorPage,
  findFirstOf,
  isBlank,
  parseHierarchy,
  textOf,
  toXpath,
  valueOf,
  visibleTexts,
  type ErrorPage,
  type UiHierarchy,
  type UiLocator,
  type UiNode,
} from './ui-hierarchy.ts';

const DEFAULT_OPEN_DEADLINE_MS = 20 * 1000;
const DEFAULT_POLL_MS = 250;
/** Android KeyEvent.KEYCODE_ENTER. */
const KEYCODE_ENTER = 66;

export interface AndroidBrowserOptions {
  /** Adapter name from the target table: `android-chrome` or `mi-browser`. */
  app: string;
  /** Installed app version from the device profile; picks the selector entry. @defaultValue the newest entry */
  appVersion?: string;
  /** How long `open()` waits for the canary's search page. @defaultValue 20 s */
  openDeadlineMs?: number;
  /** Pause between two page-source reads while waiting for a screen. @defaultValue 250 ms */
  pollMs?: number;
}

/** One read of the screen: the hierarchy and what the adapter needs from it. */
interface Screen {
  hierarchy: UiHierarchy;
  webContent: UiNode | null;
  searchField: { node: UiNode; locator: UiLocator } | null;
  echo: UiNode | null;
  errorPage: ErrorPage | null;
  urlBarText: string | null;
}

export class AndroidBrowserTarget implements Target {
  readonly kind = 'browser' as const;
  readonly app: string;
  readonly inputPaths = NATIVE_INPUT_PATHS;
  readonly #browser: WebdriverIO.Browser;
  readonly #selectors: ResolvedSelectors;
  readonly #openDeadlineMs: number;
  readonly #pollMs: number;
  readonly #log;
  /** The search field's locator found by `open()`, so typing and echo use the same node. */
  #searchField: UiLocator | null = null;

  constructor(browser: WebdriverIO.Browser, options: AndroidBrowserOptions) {
    this.#browser = browser;
    this.#selectors = selectorsFor(options.app, options.appVersion);
    this.app = options.app;
    this.#openDeadlineMs = options.openDeadlineMs ?? DEFAULT_OPEN_DEADLINE_MS;
    this.#pollMs = options.pollMs ?? DEFAULT_POLL_MS;
    this.#log = logger('targets:android-browser').child({
      app: options.app,
      appVersion: options.appVersion ?? null,
      selectorEntry: this.#selectors.entryVersion,
    });
  }

  open(probe: ProbeHandle): Promise<void> {
    return guardDriver(async () => {
      const url = `${probe.canaryUrl}/?p=${encodeURIComponent(probe.token)}`;
      this.#searchField = null;
      await this.#browser.execute('mobile: deepLink', {
        url,
        package: this.#selectors.packageName,
      });
      const { screen, met } = await this.#waitForScreen(
        (s) => s.searchField !== null || s.errorPage !== null,
        this.#openDeadlineMs,
      );
      if (screen.errorPage) {
        throw new ProbeFault(
          'E_CANARY_UNREACHABLE',
          `${this.app} showed an error page (${screen.errorPage.code ?? screen.errorPage.marker}) instead of ${url}`,
        );
      }
      if (!met || !screen.searchField) {
        if (screen.webContent && !isBlank(screen.webContent)) {
          throw new ProbeFault(
            'E_SELECTOR_MISSING',
            `${this.app}: the page loaded but no search field matched ${describe(this.#selectors.searchField)}`,
          );
        }
        throw new ProbeFault(
          'E_TIMEOUT',
          `${this.app}: the canary page did not show within ${this.#openDeadlineMs} ms (at ${screen.urlBarText ?? 'no address bar'})`,
        );
      }
      this.#searchField = screen.searchField.locator;
      this.#log.debug({ searchField: toXpath(this.#searchField) }, 'canary page open');
    });
  }

  enterText(text: string, inputPath: InputPath): Promise<void> {
    return guardDriver(() => typeInto(this.#browser, this.#field(), text, inputPath, this.app));
  }

  readEcho(): Promise<string> {
    return guardDriver(async () => {
      const screen = await this.#readScreen();
      const field = screen.searchField?.node;
      if (!field) {
        throw new ProbeFault('E_SELECTOR_MISSING', `${this.app}: the search field is gone`);
      }
      return valueOf(field);
    });
  }

  submit(deadlineMs: number): Promise<SubmitOutcome> {
    return guardDriver(async () => {
      const before = await this.#readScreen();
      const button = before.webContent
        ? findFirstOf(before.hierarchy, this.#selectors.submitButton)
        : null;
      const started = Date.now();
      if (button) {
        await (await this.#browser.$(toXpath(button.locator))).click();
      } else {
        await this.#browser.execute('mobile: pressKey', { keycode: KEYCODE_ENTER });
      }
      // Moved on: the results show, an error page shows, or the search field stays gone for two reads.
      let previous: Screen | null = null;
      const { screen, met } = await this.#waitForScreen((current) => {
        const left =
          current.echo !== null ||
          current.errorPage !== null ||
          (current.searchField === null &&
            previous?.searchField === null &&
            sameView(previous, current));
        previous = current;
        return left;
      }, deadlineMs);
      return {
        movedOn: met,
        location: await this.#locationOf(screen),
        elapsedMs: Date.now() - started,
      };
    });
  }

  readRender(): Promise<RenderObservation> {
    return guardDriver(async () => {
      const screen = await this.#readScreen();
      return {
        text: screen.echo ? textOf(screen.echo) : null,
        pageText: screen.webContent ? visibleTexts(screen.webContent).join('\n') : '',
        location: await this.#locationOf(screen),
        at: Date.now(),
      };
    });
  }

  captureEvidence(): Promise<Evidence> {
    return guardDriver(() => nativeEvidence(this.#browser));
  }

  #field(): UiLocator {
    if (!this.#searchField) {
      throw new ProbeFault(
        'E_SESSION',
        `${this.app}: open() must find the search field before typing`,
      );
    }
    return this.#searchField;
  }

  async #readScreen(): Promise<Screen> {
    const xml = await this.#browser.getPageSource();
    const hierarchy = parseHierarchy(xml);
    const s = this.#selectors;
    const webContent = findFirstOf(hierarchy, s.webContent)?.node ?? null;
    const searchCandidates = this.#searchField
      ? [this.#searchField, ...s.searchField]
      : s.searchField;
    const urlBar = findFirstOf(hierarchy, s.urlBar)?.node ?? null;
    return {
      hierarchy,
      webContent,
      searchField: webContent ? findFirstOf(hierarchy, searchCandidates) : null,
      echo: webContent ? (findFirstOf(hierarchy, s.echo)?.node ?? null) : null,
      errorPage: webContent ? detectErrorPage(webContent, s.errorPage) : null,
      urlBarText: urlBar ? urlBar.text : null,
    };
  }

  #waitForScreen(
    done: (screen: Screen) => boolean,
    deadlineMs: number,
  ): Promise<{ screen: Screen; met: boolean }> {
    return waitForScreen(() => this.#readScreen(), done, deadlineMs, this.#pollMs);
  }

  /** The address bar's text, else the foreground activity. */
  async #locationOf(screen: Screen): Promise<string> {
    if (screen.urlBarText !== null && screen.urlBarText !== '') return screen.urlBarText;
    return `activity:${await this.#browser.getCurrentActivity()}`;
  }
}

/** Two reads show the same web content (a page that finished changing). */
function sameView(a: Screen, b: Screen): boolean {
  const text = (s: Screen): string | null =>
    s.webContent ? visibleTexts(s.webContent).join('\n') : null;
  return text(a) === text(b) && a.urlBarText === b.urlBarText;
}

function describe(candidates: readonly UiLocator[]): string {
  return candidates.map((locator) => toXpath(locator)).join(' | ');
}
