// Target adapter for a lab phone's messenger: the Converse.js app in Chromium, driven through Appium (or any WebDriver).
import { ProbeFault } from '../errors.ts';
import { messengerAppUrl, type MessengerAppSession } from '../lab/messenger-app-server.ts';
import { guardDriver } from './appium-faults.ts';
import { captureWebEvidence } from './lab-browser.ts';
import type {
  Evidence,
  InputPath,
  ProbeHandle,
  RenderObservation,
  SubmitOutcome,
  Target,
} from './target.ts';

/** How long the app has to log in and open the peer's chat. */
const CHAT_OPEN_MS = 20 * 1000;
/** How long to wait for the chat to open by itself before asking the app again. */
const CHAT_NUDGE_MS = 2 * 1000;
const POLL_MS = 50;

/** The chat's parts in Converse.js 14 (data, like the browser selectors). */
const SELECTORS = {
  chat: (peer: string) => `converse-chat[jid="${peer}"]`,
  compose: 'textarea.chat-textarea',
  mine: '.chat-msg__content--me .chat-msg__text',
  theirs: '.chat-msg__content--them .chat-msg__text',
  history: '.chat-content',
} as const;

/** A target whose far end is a peer: it can also show what the peer sent. */
export interface MessengerTarget extends Target {
  readonly kind: 'messenger';
  /** The phone's own address (where inbound probes are sent). */
  readonly address: string;
  /** The peer's address (where outbound probes go). */
  readonly peerAddress: string;
  /** What the phone shows of the message the peer sent for the current probe token. */
  readReceived(): Promise<RenderObservation>;
}

export interface LabMessengerSession extends MessengerAppSession {
  /** Base URL of the lab messenger app server. */
  appUrl: string;
}

export class LabMessengerTarget implements MessengerTarget {
  readonly kind = 'messenger' as const;
  readonly app = 'lab-messenger';
  readonly inputPaths: readonly InputPath[] = ['key-events', 'set-text'];
  readonly address: string;
  readonly peerAddress: string;
  readonly #browser: WebdriverIO.Browser;
  readonly #session: LabMessengerSession;
  readonly #compose: string;
  #token = '';

  constructor(browser: WebdriverIO.Browser, session: LabMessengerSession) {
    this.#browser = browser;
    this.#session = session;
    this.address = session.jid;
    this.peerAddress = session.peer;
    this.#compose = `${SELECTORS.chat(session.peer)} ${SELECTORS.compose}`;
  }

  /** Opens the app on the peer's chat (logging in once per session) and empties the compose box. */
  open(probe: ProbeHandle): Promise<void> {
    return guardDriver(async () => {
      this.#token = probe.token;
      if (!(await this.#chatOpen())) {
        // (re)start the app with fresh state, as after clearing its data: a view the firmware
        // emptied must not come back from the app's cache
        await this.#browser.execute((appUrl: string) => {
          if (location.href.startsWith(appUrl)) {
            sessionStorage.clear();
            localStorage.clear();
          }
        }, this.#session.appUrl);
        await this.#browser.url(messengerAppUrl(this.#session.appUrl, this.#session));
        const until = Date.now() + CHAT_OPEN_MS;
        let nudgeAt = Date.now() + CHAT_NUDGE_MS;
        while (!(await this.#chatOpen())) {
          if (Date.now() > nudgeAt) {
            // logged in but no chat: ask the app to open it (the lab app's hook)
            await this.#browser.execute(() => {
              const open = (window as unknown as { censorwatchOpenChat?: () => unknown })
                .censorwatchOpenChat;
              if (open) void open();
            });
            nudgeAt = Date.now() + CHAT_NUDGE_MS;
          }
          if (Date.now() > until) {
            throw new ProbeFault(
              'E_TIMEOUT',
              `the messenger did not open the chat with ${this.#session.peer} within ${CHAT_OPEN_MS} ms`,
            );
          }
          await sleep(POLL_MS);
        }
      }
      await this.#browser.execute((selector: string) => {
        const box = document.querySelector(selector) as HTMLTextAreaElement;
        box.value = '';
        box.dispatchEvent(new Event('input', { bubbles: true }));
      }, this.#compose);
    });
  }

  enterText(text: string, inputPath: InputPath): Promise<void> {
    return guardDriver(async () => {
      const box = await this.#browser.$(this.#compose);
      if (inputPath === 'key-events') {
        await box.click();
        await box.addValue(text);
      } else if (inputPath === 'set-text') {
        await this.#browser.execute(
          (selector: string, value: string) => {
            const field = document.querySelector(selector) as HTMLTextAreaElement;
            field.value = value;
            field.dispatchEvent(new Event('input', { bubbles: true }));
          },
          this.#compose,
          text,
        );
      } else {
        throw new ProbeFault('E_SESSION', `the lab messenger cannot type through "${inputPath}"`);
      }
    });
  }

  readEcho(): Promise<string> {
    return guardDriver(async () => {
      const value = await this.#browser.execute(
        (selector: string) =>
          (document.querySelector(selector) as HTMLTextAreaElement | null)?.value ?? null,
        this.#compose,
      );
      if (value === null) {
        throw new ProbeFault('E_SELECTOR_MISSING', `the compose box ${this.#compose} is gone`);
      }
      return value;
    });
  }

  /**
   * Presses Enter in the compose box. The app moved on when its own bubble with the token shows,
   * or the compose box no longer holds the message (sent, or the view was emptied); a box still
   * holding it means the app did not send.
   */
  submit(deadlineMs: number): Promise<SubmitOutcome> {
    return guardDriver(async () => {
      const started = Date.now();
      await this.#browser.$(this.#compose).click();
      await this.#browser.keys('Enter');
      let movedOn = false;
      while (Date.now() - started < deadlineMs) {
        if ((await this.#bubble(SELECTORS.mine)).text !== null || !(await this.#composeHolds())) {
          movedOn = true;
          break;
        }
        await sleep(POLL_MS);
      }
      return { movedOn, location: `chat:${this.#session.peer}`, elapsedMs: Date.now() - started };
    });
  }

  readRender(): Promise<RenderObservation> {
    return guardDriver(() => this.#bubble(SELECTORS.mine));
  }

  readReceived(): Promise<RenderObservation> {
    return guardDriver(() => this.#bubble(SELECTORS.theirs));
  }

  captureEvidence(): Promise<Evidence> {
    return captureWebEvidence(this.#browser);
  }

  /** Whether the compose box is there and still holds this probe's message. */
  #composeHolds(): Promise<boolean> {
    return this.#browser.execute(
      (selector: string, token: string) => {
        const box = document.querySelector(selector) as HTMLTextAreaElement | null;
        return box !== null && box.value.includes(token);
      },
      this.#compose,
      this.#token,
    );
  }

  /** Whether the peer's chat is open and the app logged in (after a server restart it is not). */
  #chatOpen(): Promise<boolean> {
    return this.#browser.execute((selector: string) => {
      const connected = (window as unknown as { censorwatchConnected?: () => boolean })
        .censorwatchConnected;
      return document.querySelector(selector) !== null && (connected?.() ?? false);
    }, this.#compose);
  }

  /** The newest bubble on one side whose text starts with the probe token. */
  async #bubble(selector: string): Promise<RenderObservation> {
    const seen = await this.#browser.execute(
      (bubbles: string, chat: string, token: string) => {
        const texts = Array.from(document.querySelectorAll(`${chat} ${bubbles}`), (element) =>
          (element.textContent ?? '').trim(),
        );
        const mine = texts.filter((text) => text === token || text.startsWith(`${token} `));
        const view = document.querySelector(chat);
        return {
          text: mine.length > 0 ? mine[mine.length - 1]! : null,
          pageText: view instanceof HTMLElement ? view.innerText : '',
        };
      },
      selector,
      SELECTORS.chat(this.#session.peer),
      this.#token,
    );
    return { ...seen, location: `chat:${this.#session.peer}`, at: Date.now() };
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
