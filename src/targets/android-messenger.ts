// Target adapter for a messenger app on a real Android phone (Telegram, WhatsApp, Signal, Google Messages), driven natively through Appium UiAutomator2.
import { ProbeFault } from '../errors.ts';
import { logger } from '../log/logger.ts';
import { guardDriver } from './appium-faults.ts';
import { nativeEvidence, NATIVE_INPUT_PATHS, typeInto, waitForScreen } from './native-input.ts';
import type { MessengerTarget } from './lab-messenger.ts';
import {
  chatLinkFor,
  messengerSelectorsFor,
  parseAccountAddress,
  type AccountAddress,
  type ResolvedMessengerSelectors,
  type RowMarkers,
} from './selectors/messenger-selectors.ts';
import type {
  Evidence,
  InputPath,
  ProbeHandle,
  RenderObservation,
  SubmitOutcome,
} from './target.ts';
import {
  findAll,
  findFirstOf,
  parseHierarchy,
  textOf,
  toXpath,
  valueOf,
  visibleTexts,
  type UiHierarchy,
  type UiLocator,
  type UiNode,
} from './ui-hierarchy.ts';

const DEFAULT_OPEN_DEADLINE_MS = 20 * 1000;
const DEFAULT_POLL_MS = 250;

export interface AndroidMessengerOptions {
  /** Adapter name from the target table: `telegram`, `whatsapp`, `signal` or `google-messages`. */
  app: string;
  /** Installed app version from the device profile; picks the selector entry. @defaultValue the newest entry */
  appVersion?: string;
  /** This phone's own account in the app (where inbound probes are sent). */
  account: string;
  /** The peer's account (the chat this phone sends probes to). */
  peer: string;
  /** How long `open()` waits for the chat. @defaultValue 20 s */
  openDeadlineMs?: number;
  /** Pause between two page-source reads while waiting for a screen. @defaultValue 250 ms */
  pollMs?: number;
}

/** A message row as read from the screen. */
export interface ChatMessage {
  side: 'outgoing' | 'incoming';
  /** The message's text, with the app's time and status cut off. */
  text: string;
  node: UiNode;
}

/** One read of the chat screen. */
interface ChatScreen {
  hierarchy: UiHierarchy;
  list: UiNode | null;
  compose: { node: UiNode; locator: UiLocator } | null;
  messages: ChatMessage[];
}

export class AndroidMessengerTarget implements MessengerTarget {
  readonly kind = 'messenger' as const;
  readonly app: string;
  readonly inputPaths = NATIVE_INPUT_PATHS;
  readonly address: string;
  readonly peerAddress: string;
  readonly #browser: WebdriverIO.Browser;
  readonly #selectors: ResolvedMessengerSelectors;
  readonly #peer: AccountAddress;
  readonly #openDeadlineMs: number;
  readonly #pollMs: number;
  readonly #log;
  #token = '';
  #compose: UiLocator | null = null;

  /** Throws InputError when an address is not one the app can open a chat with. */
  constructor(browser: WebdriverIO.Browser, options: AndroidMessengerOptions) {
    this.#browser = browser;
    this.#selectors = messengerSelectorsFor(options.app, options.appVersion);
    this.app = options.app;
    parseAccountAddress(options.app, options.account, 'targets[].account', this.#selectors);
    this.#peer = parseAccountAddress(
      options.app,
      options.peer,
      'targets[].peer.account',
      this.#selectors,
    );
    this.address = options.account;
    this.peerAddress = options.peer;
    this.#openDeadlineMs = options.openDeadlineMs ?? DEFAULT_OPEN_DEADLINE_MS;
    this.#pollMs = options.pollMs ?? DEFAULT_POLL_MS;
    this.#log = logger('targets:android-messenger').child({
      app: options.app,
      appVersion: options.appVersion ?? null,
      selectorEntry: this.#selectors.entryVersion,
    });
  }

  /** Opens the chat with the peer by deep link and empties the compose box. */
  open(probe: ProbeHandle): Promise<void> {
    return guardDriver(async () => {
      this.#token = probe.token;
      this.#compose = null;
      await this.#browser.execute('mobile: deepLink', {
        url: chatLinkFor(this.#selectors, this.#peer),
        package: this.#selectors.packageName,
      });
      const { screen, met } = await this.#waitForScreen(
        (s) => s.compose !== null && s.list !== null,
        this.#openDeadlineMs,
      );
      if (!met) {
        const what = screen.compose === null ? 'compose box' : 'message list';
        const tried =
          screen.compose === null ? this.#selectors.composeBox : this.#selectors.messageList;
        throw new ProbeFault(
          'E_SELECTOR_MISSING',
          `${this.app}: the chat with ${this.peerAddress} did not show a ${what} within ${this.#openDeadlineMs} ms (tried ${describe(tried)}; at activity ${await this.#browser.getCurrentActivity()})`,
        );
      }
      this.#compose = screen.compose!.locator;
      if (valueOf(screen.compose!.node) !== '') {
        await (await this.#browser.$(toXpath(this.#compose))).clearValue();
      }
      this.#log.debug({ compose: toXpath(this.#compose) }, 'chat open');
    });
  }

  enterText(text: string, inputPath: InputPath): Promise<void> {
    return guardDriver(() =>
      typeInto(this.#browser, this.#composeLocator(), text, inputPath, this.app),
    );
  }

  readEcho(): Promise<string> {
    return guardDriver(async () => {
      const screen = await this.#readScreen();
      if (!screen.compose) {
        throw new ProbeFault('E_SELECTOR_MISSING', `${this.app}: the compose box is gone`);
      }
      return valueOf(screen.compose.node);
    });
  }

  /**
   * Taps send. The app moved on when its own message with the token shows, or the compose box
   * no longer holds the token. With no send button to tap the probe is a fault, not "blocked":
   * pressing Enter would only add a line break in most messengers.
   */
  submit(deadlineMs: number): Promise<SubmitOutcome> {
    return guardDriver(async () => {
      const before = await this.#readScreen();
      const send = findFirstOf(before.hierarchy, this.#selectors.sendButton);
      if (!send) {
        throw new ProbeFault(
          'E_SELECTOR_MISSING',
          `${this.app}: no send button matched ${describe(this.#selectors.sendButton)}`,
        );
      }
      const started = Date.now();
      await (await this.#browser.$(toXpath(send.locator))).click();
      const { met } = await this.#waitForScreen(
        (s) =>
          this.#newest(s, 'outgoing') !== null ||
          (s.compose !== null && !valueOf(s.compose.node).includes(this.#token)),
        deadlineMs,
      );
      return { movedOn: met, location: this.#location(), elapsedMs: Date.now() - started };
    });
  }

  readRender(): Promise<RenderObservation> {
    return guardDriver(() => this.#observe('outgoing'));
  }

  readReceived(): Promise<RenderObservation> {
    return guardDriver(() => this.#observe('incoming'));
  }

  captureEvidence(): Promise<Evidence> {
    return guardDriver(() => nativeEvidence(this.#browser));
  }

  async #observe(side: ChatMessage['side']): Promise<RenderObservation> {
    const screen = await this.#readScreen();
    if (!screen.list) {
      // no conversation on screen: reading "no message" here would look like a removed one
      throw new ProbeFault(
        'E_SELECTOR_MISSING',
        `${this.app}: no message list matched ${describe(this.#selectors.messageList)}`,
      );
    }
    return {
      text: this.#newest(screen, side)?.text ?? null,
      pageText: visibleTexts(screen.list).join('\n'),
      location: this.#location(),
      at: Date.now(),
    };
  }

  /** The newest message on one side that carries the probe token. */
  #newest(screen: ChatScreen, side: ChatMessage['side']): ChatMessage | null {
    const token = this.#token;
    const mine = screen.messages.filter(
      (message) =>
        message.side === side && (message.text === token || message.text.startsWith(`${token} `)),
    );
    return mine.at(-1) ?? null;
  }

  #composeLocator(): UiLocator {
    if (!this.#compose) {
      throw new ProbeFault(
        'E_SESSION',
        `${this.app}: open() must find the compose box before typing`,
      );
    }
    return this.#compose;
  }

  #location(): string {
    return `chat:${this.peerAddress}`;
  }

  async #readScreen(): Promise<ChatScreen> {
    const hierarchy = parseHierarchy(await this.#browser.getPageSource());
    const s = this.#selectors;
    const list = findFirstOf(hierarchy, s.messageList)?.node ?? null;
    const composeCandidates = this.#compose ? [this.#compose, ...s.composeBox] : s.composeBox;
    return {
      hierarchy,
      list,
      compose: findFirstOf(hierarchy, composeCandidates),
      messages: list ? readMessages(hierarchy, list, s) : [],
    };
  }

  #waitForScreen(
    done: (screen: ChatScreen) => boolean,
    deadlineMs: number,
  ): Promise<{ screen: ChatScreen; met: boolean }> {
    return waitForScreen(() => this.#readScreen(), done, deadlineMs, this.#pollMs);
  }
}

/** The messages in the list, oldest first, each with its side and its text without time or status. */
export function readMessages(
  hierarchy: UiHierarchy,
  list: UiNode,
  selectors: Pick<
    ResolvedMessengerSelectors,
    'messageText' | 'sideBy' | 'outgoingMarkers' | 'textNoise'
  >,
): ChatMessage[] {
  const noise = selectors.textNoise.map((source) => new RegExp(source));
  const seen = new Set<UiNode>();
  const messages: ChatMessage[] = [];
  for (const locator of selectors.messageText) {
    for (const node of findAll(hierarchy, locator)) {
      const row = rowOf(node, list);
      if (!row || seen.has(node)) continue;
      seen.add(node);
      const side =
        selectors.sideBy === 'markers'
          ? hasMarker(row, selectors.outgoingMarkers)
            ? 'outgoing'
            : 'incoming'
          : sideByPosition(node, list);
      let text = textOf(node);
      for (const pattern of noise) text = text.replace(pattern, '');
      messages.push({ side, text, node });
    }
  }
  return messages.sort((a, b) => (a.node.bounds?.top ?? 0) - (b.node.bounds?.top ?? 0));
}

/** The list's child that holds `node`, or null when `node` is not in the list. */
function rowOf(node: UiNode, list: UiNode): UiNode | null {
  let current: UiNode | null = node;
  while (current && current.parent !== list) current = current.parent;
  return current;
}

function hasMarker(row: UiNode, markers: RowMarkers): boolean {
  const patterns = markers.descriptionPatterns.map((source) => new RegExp(source));
  const stack = [row];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (markers.resourceIds.includes(node.resourceId)) return true;
    for (const description of [node.contentDesc, node.text]) {
      if (description !== '' && patterns.some((pattern) => pattern.test(description))) return true;
    }
    stack.push(...node.children);
  }
  return false;
}

/** Own messages sit on the right: a bubble whose middle is right of the list's middle. */
function sideByPosition(node: UiNode, list: UiNode): ChatMessage['side'] {
  const own = node.bounds;
  const area = list.bounds;
  if (!own || !area) {
    throw new ProbeFault(
      'E_SELECTOR_MISSING',
      'a message has no bounds, so its side cannot be told by position',
    );
  }
  return (own.left + own.right) / 2 > (area.left + area.right) / 2 ? 'outgoing' : 'incoming';
}

function describe(candidates: readonly UiLocator[]): string {
  return candidates.map((locator) => toXpath(locator)).join(' | ');
}
