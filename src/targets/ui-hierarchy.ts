// Pure reading of a UiAutomator2 page source (or `uiautomator dump`): nodes, locators, text, blank and error pages.
import { ProbeFault } from '../errors.ts';
import { queryXpath } from './ui-xpath.ts';

/** One node of the native UI hierarchy. */
export interface UiNode {
  /** Element name: the class in Appium's page source, `node` in a `uiautomator dump`. */
  readonly tag: string;
  /** Android class, e.g. `android.widget.EditText` (the tag when no `class` attribute is present). */
  readonly className: string;
  /** `resource-id`; inside a WebView, Chrome exposes the HTML `id` here. */
  readonly resourceId: string;
  readonly text: string;
  readonly contentDesc: string;
  readonly packageName: string;
  /** Screen rectangle in px, null when absent or unparseable. */
  readonly bounds: Bounds | null;
  /** False when UiAutomator2 says the node is not visible to the user. */
  readonly displayed: boolean;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: UiNode[];
  readonly parent: UiNode | null;
}

export interface Bounds {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Where to find a node, as data. Every form compiles to one XPath that Appium and this module both evaluate. */
export type UiLocator = (
  | { resourceId: string }
  | { className: string }
  | { text: string }
  | { textContains: string }
  | { xpath: string }
) & {
  /** Only match inside the first node this locator finds (e.g. the WebView). */
  within?: UiLocator;
};

/** Signs that the web content is a browser error page rather than the canary. */
export interface ErrorPageMarkers {
  /** Resource-ids (HTML ids in the WebView) present only on error pages, e.g. `main-frame-error`. */
  resourceIds: readonly string[];
  /** Regular-expression sources matched against each text; a capture group, when present, is the error code. */
  textPatterns: readonly string[];
}

export interface ErrorPage {
  /** Network error code shown on the page (`ERR_NAME_NOT_RESOLVED`), null when none is shown. */
  code: string | null;
  /** What gave the error page away: a resource-id or the matched text. */
  marker: string;
}

/** A parsed page source: a document node whose child is the `hierarchy` element. */
export interface UiHierarchy {
  readonly document: UiNode;
  /** Screen rotation in degrees from the `hierarchy` element (0 when absent). */
  readonly rotation: number;
}

/** Parses page-source XML; throws ProbeFault E_SESSION when the text is not a UI hierarchy. */
export function parseHierarchy(xml: string): UiHierarchy {
  const document = parseXml(xml);
  const top = document.children[0];
  if (!top || document.children.length !== 1) {
    throw new ProbeFault('E_SESSION', 'page source has no single root element; not a UI hierarchy');
  }
  return { document, rotation: Number(top.attributes['rotation'] ?? 0) || 0 };
}

/** Compiles a locator to the XPath Appium receives; values holding both quote kinds are refused. */
export function toXpath(locator: UiLocator): string {
  const scope = locator.within ? toXpath(locator.within) : '';
  let own: string;
  if ('resourceId' in locator) own = `//*[@resource-id=${literal(locator.resourceId)}]`;
  else if ('className' in locator) own = `//${locator.className}`;
  else if ('text' in locator) own = `//*[@text=${literal(locator.text)}]`;
  else if ('textContains' in locator) own = `//*[contains(@text,${literal(locator.textContains)})]`;
  else own = locator.xpath;
  if (scope && !own.startsWith('//')) {
    throw new ProbeFault(
      'E_SELECTOR_MISSING',
      `xpath "${own}" must start with // to be used inside "${scope}"`,
    );
  }
  return `${scope}${own}`;
}

/** All nodes a locator matches, in document order. */
export function findAll(hierarchy: UiHierarchy, locator: UiLocator): UiNode[] {
  return queryXpath(hierarchy.document, toXpath(locator));
}

export function findFirst(hierarchy: UiHierarchy, locator: UiLocator): UiNode | null {
  return findAll(hierarchy, locator)[0] ?? null;
}

/** The first candidate that matches, with its locator: how selector fallbacks are tried. */
export function findFirstOf(
  hierarchy: UiHierarchy,
  candidates: readonly UiLocator[],
): { node: UiNode; locator: UiLocator } | null {
  for (const locator of candidates) {
    const node = findFirst(hierarchy, locator);
    if (node) return { node, locator };
  }
  return null;
}

export const findByResourceId = (h: UiHierarchy, resourceId: string): UiNode[] =>
  findAll(h, { resourceId });
export const findByClass = (h: UiHierarchy, className: string): UiNode[] =>
  findAll(h, { className });
export const findByText = (h: UiHierarchy, text: string): UiNode[] => findAll(h, { text });
export const findByXpath = (h: UiHierarchy, xpath: string): UiNode[] =>
  queryXpath(h.document, xpath);

/** A node's text: its own, else its visible descendants' texts joined (Chrome puts text on leaves). */
export function textOf(node: UiNode): string {
  if (node.text !== '') return node.text;
  return visibleTexts(node).join(' ');
}

/** What an input field holds: '' when Android is showing the field's hint instead of a value. */
export function valueOf(field: UiNode): string {
  return field.attributes['showing-hint'] === 'true' ? '' : field.text;
}

/**
 * Visible texts below `node` (not its own: a WebView's own text is the page title), in document
 * order. Editable fields are left out, as `innerText` leaves out input values in the lab.
 */
export function visibleTexts(node: UiNode): string[] {
  const texts: string[] = [];
  const walk = (current: UiNode): void => {
    for (const child of current.children) {
      if (!isVisible(child)) continue;
      if (!isEditable(child) && child.text.trim() !== '') texts.push(child.text);
      walk(child);
    }
  };
  walk(node);
  return texts;
}

/** True when the web content shows no visible text at all (white page). */
export function isBlank(webContent: UiNode): boolean {
  return visibleTexts(webContent).every(
    (text) => text.replace(/[\s\u200B-\u200D\u2060\uFEFF]/g, '') === '',
  );
}

/** Recognises a browser error page ("This site can't be reached") inside the web content. */
export function detectErrorPage(webContent: UiNode, markers: ErrorPageMarkers): ErrorPage | null {
  const patterns = markers.textPatterns.map((source) => new RegExp(source));
  let marker: string | null = null;
  let code: string | null = null;
  const walk = (current: UiNode): void => {
    for (const child of current.children) {
      if (marker === null && markers.resourceIds.includes(child.resourceId))
        marker = child.resourceId;
      walk(child);
    }
  };
  walk(webContent);
  for (const text of [webContent.text, ...visibleTexts(webContent)]) {
    for (const pattern of patterns) {
      const match = pattern.exec(text);
      if (!match) continue;
      marker ??= match[0];
      code ??= match[1] ?? null;
    }
  }
  return marker === null ? null : { code, marker };
}

function isVisible(node: UiNode): boolean {
  if (!node.displayed) return false;
  const b = node.bounds;
  return b === null || (b.right > b.left && b.bottom > b.top);
}

function isEditable(node: UiNode): boolean {
  return node.className === 'android.widget.EditText';
}

function literal(value: string): string {
  if (!value.includes('"')) return `"${value}"`;
  if (!value.includes("'")) return `'${value}'`;
  throw new ProbeFault(
    'E_SELECTOR_MISSING',
    `selector value ${JSON.stringify(value)} holds both quote kinds`,
  );
}

// ---- XML: the small, regular subset page sources use (elements and attributes only) ----

interface MutableNode {
  tag: string;
  attributes: Record<string, string>;
  children: MutableNode[];
}

const NAME = /[A-Za-z_][\w.:-]*/y;
const ATTRIBUTE = /\s*([A-Za-z_][\w.:-]*)\s*=\s*("([^"]*)"|'([^']*)')/y;

function parseXml(xml: string): UiNode {
  const document: MutableNode = { tag: '#document', attributes: {}, children: [] };
  const open: MutableNode[] = [document];
  let at = 0;
  const fail = (what: string): never => {
    throw new ProbeFault('E_SESSION', `page source is not a UI hierarchy: ${what} at offset ${at}`);
  };
  while (at < xml.length) {
    const lt = xml.indexOf('<', at);
    if (lt === -1) break;
    at = lt;
    if (xml.startsWith('<?', at)) at = skipPast(xml, at, '?>', fail);
    else if (xml.startsWith('<!--', at)) at = skipPast(xml, at, '-->', fail);
    else if (xml.startsWith('<!', at)) at = skipPast(xml, at, '>', fail);
    else if (xml.startsWith('</', at)) {
      NAME.lastIndex = at + 2;
      const name = NAME.exec(xml)?.[0] ?? fail('a closing tag without a name');
      const current = open.pop();
      if (!current || current === document || current.tag !== name) fail(`unexpected </${name}>`);
      at = skipPast(xml, at, '>', fail);
    } else {
      NAME.lastIndex = at + 1;
      const tag = NAME.exec(xml)?.[0] ?? fail('a tag without a name');
      at = NAME.lastIndex;
      const attributes: Record<string, string> = {};
      for (;;) {
        ATTRIBUTE.lastIndex = at;
        const match = ATTRIBUTE.exec(xml);
        if (!match) break;
        attributes[match[1]!] = decodeEntities(match[3] ?? match[4] ?? '');
        at = ATTRIBUTE.lastIndex;
      }
      while (/\s/.test(xml[at] ?? '')) at += 1;
      const node: MutableNode = { tag, attributes, children: [] };
      open.at(-1)!.children.push(node);
      if (xml.startsWith('/>', at)) at += 2;
      else if (xml[at] === '>') {
        at += 1;
        open.push(node);
      } else fail(`a malformed <${tag}> tag`);
    }
  }
  if (open.length !== 1) fail(`unclosed <${open.at(-1)!.tag}>`);
  return freeze(document, null);
}

function skipPast(xml: string, from: number, end: string, fail: (what: string) => never): number {
  const found = xml.indexOf(end, from);
  return found === -1 ? fail(`unterminated markup (expected "${end}")`) : found + end.length;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (whole, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number.parseInt(entity.slice(1), 10));
    return ENTITIES[entity] ?? whole;
  });
}

function freeze(raw: MutableNode, parent: UiNode | null): UiNode {
  const a = raw.attributes;
  const children: UiNode[] = [];
  const node: UiNode = {
    tag: raw.tag,
    className: a['class'] ?? raw.tag,
    resourceId: a['resource-id'] ?? '',
    text: a['text'] ?? '',
    contentDesc: a['content-desc'] ?? '',
    packageName: a['package'] ?? '',
    bounds: parseBounds(a['bounds']),
    displayed: a['displayed'] !== 'false' && a['visible-to-user'] !== 'false',
    attributes: a,
    children,
    parent,
  };
  for (const child of raw.children) children.push(freeze(child, node));
  return node;
}

function parseBounds(value: string | undefined): Bounds | null {
  const match = /^\[(-?\d+),(-?\d+)\]\[(-?\d+),(-?\d+)\]$/.exec(value ?? '');
  if (!match) return null;
  const [left, top, right, bottom] = match.slice(1).map(Number) as [number, number, number, number];
  return { left, top, right, bottom };
}
