// The slice of `WebdriverIO.Browser` the native adapters call, serving recorded UI hierarchies: what both native fakes share.
import assert from 'node:assert/strict';
import { findByXpath, parseHierarchy, type UiNode } from '../../src/targets/ui-hierarchy.ts';

export const FAKE_SCREENSHOT = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]);

/**
 * Elements are found with the xpath the adapter sends, so a selector that would miss on a phone
 * misses here. The input field (the one line of a fixture marked `typedMarker`) shows what was
 * typed. Subclasses say what a deep link, a tap and a key press do.
 */
export abstract class FakeNativePhone {
  readonly calls: { command: string; args: unknown[] }[] = [];
  typed = '';
  /** Thrown by the next call, like a driver failure. */
  failNext: Error | null = null;
  /** Screens still to show, in order; the last one stays. */
  protected screens: string[] = [];
  protected focused = false;
  readonly #typedMarker: string;
  readonly #activity: string;

  constructor(options: { typedMarker: string; activity: string }) {
    this.#typedMarker = options.typedMarker;
    this.#activity = options.activity;
  }

  asBrowser(): WebdriverIO.Browser {
    return this as unknown as WebdriverIO.Browser;
  }

  commands(name: string): unknown[][] {
    return this.calls.filter((call) => call.command === name).map((call) => call.args);
  }

  /** `mobile: deepLink`, `mobile: pressKey` and the like. */
  protected abstract onExecute(script: string, args: Record<string, unknown>): void;
  /** A tap on a node that is not the input field. */
  protected abstract onTap(node: UiNode): void;

  async execute(script: string, args: Record<string, unknown>): Promise<unknown> {
    this.record('execute', script, args);
    this.onExecute(script, args);
    return null;
  }

  async getPageSource(): Promise<string> {
    this.record('getPageSource');
    const xml = this.screens.length > 1 ? this.screens.shift()! : this.screens[0]!;
    return this.#withTyped(xml);
  }

  $(selector: string) {
    this.record('$', selector);
    const node = (): UiNode => {
      const found = findByXpath(parseHierarchy(this.#withTyped(this.screens[0]!)), selector)[0];
      if (!found)
        throw Object.assign(new Error(`no element matches ${selector}`), {
          name: 'no such element',
        });
      return found;
    };
    return {
      setValue: async (value: string) => {
        this.record('setValue', selector, value);
        node();
        this.typed = value;
      },
      clearValue: async () => {
        this.record('clearValue', selector);
        node();
        this.typed = '';
      },
      click: async () => {
        this.record('click', selector);
        const tapped = node();
        if (tapped.className === 'android.widget.EditText') this.focused = true;
        else this.onTap(tapped);
      },
    };
  }

  async performActions(
    actions: { type: string; actions: { type: string; value: string }[] }[],
  ): Promise<void> {
    this.record('performActions', actions);
    assert.ok(this.focused, 'key events go to a focused field');
    for (const action of actions[0]!.actions)
      if (action.type === 'keyDown') this.typed += action.value;
  }

  async releaseActions(): Promise<void> {
    this.record('releaseActions');
  }

  async takeScreenshot(): Promise<string> {
    this.record('takeScreenshot');
    return FAKE_SCREENSHOT.toString('base64');
  }

  async getCurrentActivity(): Promise<string> {
    this.record('getCurrentActivity');
    return this.#activity;
  }

  protected record(command: string, ...args: unknown[]): void {
    this.calls.push({ command, args });
    const failure = this.failNext;
    if (failure) {
      this.failNext = null;
      throw failure;
    }
  }

  #withTyped(xml: string): string {
    if (this.typed === '') return xml;
    const escaped = this.typed.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
    return xml
      .split('\n')
      .map((line) =>
        line.includes(this.#typedMarker)
          ? line
              .replace(/ text="[^"]*"/, ` text="${escaped}"`)
              .replace('showing-hint="true"', 'showing-hint="false"')
          : line,
      )
      .join('\n');
  }
}
