// Target adapter for a lab phone's browser: Chromium in mobile emulation, driven through Appium.
import { ProbeFault } from '../errors.ts';
import { guardDriver, toProbeFault } from './appium-faults.ts';
import { LAB_BROWSER_SELECTORS, type LabBrowserSelectors } from './selectors/lab-browser.ts';
import type {
  Evidence,
  InputPath,
  ProbeHandle,
  RenderObservation,
  SubmitOutcome,
  Target,
} from './target.ts';

/** Longest a canary page may take to load, unless the target sets `openTimeoutMs`. */
const OPEN_DEADLINE_MS = 15 * 1000;
/** How long a loaded page gets to add the search field by script before it counts as missing. */
const RENDER_GRACE_MS = 2 * 1000;
const POLL_MS = 50;
/** Where Chromium lands when a page cannot be loaded ("This site can't be reached"). */
const BROWSER_ERROR_PAGE = 'chrome-error://';

export class LabBrowserTarget implements Target {
  readonly kind = 'browser' as const;
  readonly app = 'lab-browser';
  readonly inputPaths: readonly InputPath[] = ['set-text', 'key-events'];
  readonly #browser: WebdriverIO.Browser;
  readonly #selectors: LabBrowserSelectors;
  readonly #openDeadlineMs: number;
  #pageLoadTimeoutSet = false;

  constructor(
    browser: WebdriverIO.Browser,
    selectors: LabBrowserSelectors = LAB_BROWSER_SELECTORS,
    options: { openDeadlineMs?: number } = {},
  ) {
    this.#browser = browser;
    this.#selectors = selectors;
    this.#openDeadlineMs = options.openDeadlineMs ?? OPEN_DEADLINE_MS;
  }

  /**
   * Loads the canary's search page and waits for its field. Why the field did not come is the
   * inconclusive reason: the browser's error page = canary-unreachable; a page that loaded
   * without it = selector-missing; a page still loading at the deadline = timeout.
   */
  open(probe: ProbeHandle): Promise<void> {
    return guardDriver(async () => {
      if (!this.#pageLoadTimeoutSet) {
        await this.#browser.setTimeout({ pageLoad: this.#openDeadlineMs });
        this.#pageLoadTimeoutSet = true;
      }
      await this.#load(`${probe.canaryUrl}/?p=${encodeURIComponent(probe.token)}`);
      const started = Date.now();
      let loadedAt: number | null = null;
      for (;;) {
        const page = await this.#browser.execute(
          (selector: string) => ({
            href: location.href,
            ready: document.readyState,
            hasInput: document.querySelector(selector) !== null,
          }),
          this.#selectors.input,
        );
        if (page.hasInput) return;
        if (page.href.startsWith(BROWSER_ERROR_PAGE)) {
          throw new ProbeFault(
            'E_CANARY_UNREACHABLE',
            `the phone could not load the canary page ${probe.canaryUrl} (browser error page)`,
          );
        }
        const now = Date.now();
        if (page.ready === 'complete') loadedAt ??= now;
        if (loadedAt !== null && now - loadedAt >= RENDER_GRACE_MS) {
          throw new ProbeFault(
            'E_SELECTOR_MISSING',
            `the canary page loaded but has no ${this.#selectors.input} (${RENDER_GRACE_MS} ms after load)`,
          );
        }
        if (now - started >= this.#openDeadlineMs) {
          // a page that loaded and still has no field at the deadline is missing it, however
          // short its grace was (a slow machine loads late)
          if (loadedAt !== null) {
            throw new ProbeFault(
              'E_SELECTOR_MISSING',
              `the canary page loaded but has no ${this.#selectors.input} (at the ${this.#openDeadlineMs} ms deadline)`,
            );
          }
          throw new ProbeFault(
            'E_TIMEOUT',
            `the canary page was still ${page.ready} after ${this.#openDeadlineMs} ms`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    });
  }

  /** Navigates; a page that does not load in time is stopped, so evidence and the next probe are not held up. */
  async #load(url: string): Promise<void> {
    try {
      await this.#browser.url(url);
    } catch (error) {
      const fault = toProbeFault(error);
      if (fault.code !== 'E_TIMEOUT') throw fault;
      await this.#browser.execute(() => window.stop()).catch(() => undefined);
      throw new ProbeFault(
        'E_TIMEOUT',
        `the canary page did not load within ${this.#openDeadlineMs} ms (${fault.message})`,
        { cause: error },
      );
    }
  }

  enterText(text: string, inputPath: InputPath): Promise<void> {
    return guardDriver(async () => {
      const input = await this.#browser.$(this.#selectors.input);
      if (inputPath === 'key-events') {
        await input.click();
        // addValue sends WebDriver key events per character (and types emoji, unlike keys()).
        await input.addValue(text);
      } else if (inputPath === 'set-text') {
        await this.#browser.execute(
          (selector: string, value: string) => {
            const field = document.querySelector(selector) as HTMLInputElement;
            field.value = value;
            field.dispatchEvent(new Event('input', { bubbles: true }));
          },
          this.#selectors.input,
          text,
        );
      } else {
        throw new ProbeFault(
          'E_SESSION',
          `the lab browser cannot type through input path "${inputPath}"`,
        );
      }
    });
  }

  readEcho(): Promise<string> {
    return guardDriver(async () => {
      const value = await this.#browser.execute(
        (selector: string) =>
          (document.querySelector(selector) as HTMLInputElement | null)?.value ?? null,
        this.#selectors.input,
      );
      if (value === null) {
        throw new ProbeFault('E_SELECTOR_MISSING', `input ${this.#selectors.input} is gone`);
      }
      return value;
    });
  }

  submit(deadlineMs: number): Promise<SubmitOutcome> {
    return guardDriver(async () => {
      const before = await this.#browser.getUrl();
      const started = Date.now();
      await this.#browser.$(this.#selectors.submit).click();
      let at = before;
      let movedOn = false;
      while (Date.now() - started < deadlineMs) {
        const now = await this.#browser.execute(() => ({
          href: window.location.href,
          ready: document.readyState,
        }));
        at = now.href;
        if (now.href !== before && now.ready !== 'loading') {
          movedOn = true;
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
      return { movedOn, location: at, elapsedMs: Date.now() - started };
    });
  }

  readRender(): Promise<RenderObservation> {
    return guardDriver(async () => {
      const seen = await this.#browser.execute((selector: string) => {
        const echo = document.querySelector(selector);
        return {
          text: echo ? (echo.textContent ?? '') : null,
          pageText: document.body ? document.body.innerText : '',
          location: location.href,
        };
      }, this.#selectors.echo);
      return { ...seen, at: Date.now() };
    });
  }

  captureEvidence(): Promise<Evidence> {
    return captureWebEvidence(this.#browser);
  }
}

/** Screenshot and page source of a web view (lab browser, lab messenger). */
export function captureWebEvidence(browser: WebdriverIO.Browser): Promise<Evidence> {
  return guardDriver(async () => {
    const screenshot = await browser.takeScreenshot();
    const dom = await browser.getPageSource();
    return { screenshotPng: Buffer.from(screenshot, 'base64'), dom };
  });
}
