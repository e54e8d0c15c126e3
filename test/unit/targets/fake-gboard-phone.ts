// A phone showing Gboard for the ime path's tests: it serves one recorded hierarchy per layer, and W3C touch taps press the key under them.
import { readFileSync } from 'node:fs';
import {
  findByXpath,
  parseHierarchy,
  type UiHierarchy,
  type UiNode,
} from '../../../src/targets/ui-hierarchy.ts';

export const imeFixture = (name: string): string =>
  readFileSync(new URL(`../../fixtures/ui/ime/${name}.xml`, import.meta.url), 'utf8');

type Layer = 'letters' | 'shifted' | 'symbols';

export interface FakeGboardOptions {
  /** The page source of each layer the keyboard can show. @defaultValue the three Gboard fixtures */
  layers?: Partial<Record<Layer, string>>;
  /** The layer shown first. @defaultValue letters */
  start?: Layer;
  /** The field already has focus, so the keyboard shows from the first read. @defaultValue false */
  focused?: boolean;
  /** Reads that still show the old layer after a switch key (a late redraw). @defaultValue 0 */
  redrawLag?: number;
  /** Gboard capitalises after ". " (sentence auto-caps). @defaultValue false */
  autoCaps?: boolean;
  /** The keyboard goes away after this many taps. */
  goneAfterTaps?: number;
  /** Shift does nothing (a stuck keyboard). @defaultValue false */
  stuckShift?: boolean;
}

interface PointerAction {
  type: string;
  x?: number;
  y?: number;
}

/** What a tap hit: a Gboard key id (after `:id/`) and its label, or nothing. */
export interface FakeTap {
  x: number;
  y: number;
  layer: Layer | 'gone';
  key: string | null;
}

const GBOARD_ID = /^com\.google\.android\.inputmethod\.latin:id\/(key_pos_\w+|[A-E]\d{2})$/;

export class FakeGboardPhone {
  readonly calls: { command: string; args: unknown[] }[] = [];
  readonly taps: FakeTap[] = [];
  typed = '';
  #focused: boolean;
  #layer: Layer;
  #gone = false;
  /** The layer reads still show while a redraw lags. */
  #shown: Layer;
  #lag = 0;
  readonly #layers: Record<Layer, UiHierarchy>;
  readonly #sources: Record<Layer, string>;
  readonly #noKeyboard = imeFixture('no-keyboard');
  readonly #options: FakeGboardOptions;

  constructor(options: FakeGboardOptions = {}) {
    this.#options = options;
    this.#sources = {
      letters: options.layers?.letters ?? imeFixture('gboard-letters'),
      shifted: options.layers?.shifted ?? imeFixture('gboard-shifted'),
      symbols: options.layers?.symbols ?? imeFixture('gboard-symbols'),
    };
    this.#layers = {
      letters: parseHierarchy(this.#sources.letters),
      shifted: parseHierarchy(this.#sources.shifted),
      symbols: parseHierarchy(this.#sources.symbols),
    };
    this.#layer = options.start ?? 'letters';
    this.#shown = this.#layer;
    this.#focused = options.focused ?? false;
  }

  asBrowser(): WebdriverIO.Browser {
    return this as unknown as WebdriverIO.Browser;
  }

  commands(name: string): unknown[][] {
    return this.calls.filter((call) => call.command === name).map((call) => call.args);
  }

  /** The keys tapped, by id or label, in order. */
  tappedKeys(): (string | null)[] {
    return this.taps.map((tap) => tap.key);
  }

  async getPageSource(): Promise<string> {
    this.calls.push({ command: 'getPageSource', args: [] });
    if (!this.#focused || this.#gone) return this.#noKeyboard;
    if (this.#lag > 0) this.#lag -= 1;
    else this.#shown = this.#layer;
    return this.#sources[this.#shown];
  }

  $(selector: string) {
    this.calls.push({ command: '$', args: [selector] });
    return {
      click: async () => {
        this.calls.push({ command: 'click', args: [selector] });
        const field = findByXpath(parseHierarchy(this.#noKeyboard), selector)[0];
        if (!field)
          throw Object.assign(new Error(`no element matches ${selector}`), {
            name: 'no such element',
          });
        this.#focused = true;
      },
      setValue: async (value: string) => {
        this.calls.push({ command: 'setValue', args: [selector, value] });
        this.typed = value;
      },
    };
  }

  async performActions(
    sources: { type: string; parameters?: { pointerType?: string }; actions: PointerAction[] }[],
  ): Promise<void> {
    this.calls.push({ command: 'performActions', args: [sources] });
    const [finger] = sources;
    if (!finger || finger.type !== 'pointer' || finger.parameters?.pointerType !== 'touch') {
      throw new Error('the fake keyboard takes touch pointer actions only');
    }
    let x = -1;
    let y = -1;
    for (const action of finger.actions) {
      if (action.type === 'pointerMove') {
        x = action.x!;
        y = action.y!;
      } else if (action.type === 'pointerDown') {
        this.#press(x, y);
      }
    }
  }

  async releaseActions(): Promise<void> {
    this.calls.push({ command: 'releaseActions', args: [] });
  }

  #press(x: number, y: number): void {
    const keyboardUp = this.#focused && !this.#gone;
    const node = keyboardUp ? keyAt(this.#layers[this.#layer], x, y) : null;
    const id = node ? GBOARD_ID.exec(node.resourceId)![1]! : null;
    const label = node?.contentDesc ?? null;
    const isCharacter =
      id !== null &&
      (/^key_pos_\d+_\d+$|^key_pos_bottom_symbol_\d+$/.test(id) || /^[A-E]\d{2}$/.test(id));
    this.taps.push({
      x,
      y,
      layer: keyboardUp ? this.#layer : 'gone',
      key: isCharacter ? label : id,
    });
    if (
      this.#options.goneAfterTaps !== undefined &&
      this.taps.length >= this.#options.goneAfterTaps
    ) {
      this.#gone = true;
    }
    if (!node || !id) return;
    const was = this.#layer;
    if (id === 'key_pos_shift' && !this.#options.stuckShift) {
      if (this.#layer === 'letters') this.#layer = 'shifted';
      else if (this.#layer === 'shifted') this.#layer = 'letters';
    } else if (id === 'key_pos_switch_to_symbol') {
      this.#layer = 'symbols';
    } else if (id === 'key_pos_back_to_prime') {
      this.#layer = 'letters';
    } else if (id === 'key_pos_space') {
      this.typed += ' ';
      if (this.#options.autoCaps && this.typed.endsWith('. ') && this.#layer === 'letters') {
        this.#layer = 'shifted';
      }
    } else if (isCharacter) {
      this.typed += label;
      if (this.#layer === 'shifted') this.#layer = 'letters';
    }
    if (this.#layer !== was && id !== 'key_pos_space' && !isCharacter) {
      this.#lag = this.#options.redrawLag ?? 0;
    }
  }
}

/** The Gboard key whose bounds hold the point (keys do not overlap). */
function keyAt(hierarchy: UiHierarchy, x: number, y: number): UiNode | null {
  const keys: UiNode[] = [];
  const walk = (node: UiNode): void => {
    if (GBOARD_ID.test(node.resourceId)) keys.push(node);
    for (const child of node.children) walk(child);
  };
  walk(hierarchy.document);
  return (
    keys.find(
      (key) =>
        key.bounds !== null &&
        x >= key.bounds.left &&
        x < key.bounds.right &&
        y >= key.bounds.top &&
        y < key.bounds.bottom,
    ) ?? null
  );
}
