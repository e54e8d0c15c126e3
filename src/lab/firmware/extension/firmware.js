// Lab firmware: fetches the vendor keyword list on every page load and filters as real firmware did.
// Plain JavaScript, loaded by Chromium as is (content script, document_start, every frame).
(() => {
  'use strict';

  /** Written by the lab into each per-session copy of this extension. */
  const SETTINGS_FILE = 'censorwatch-lab.json';
  const MASK = '*';
  /** Text under these elements is code or a field's own value, not rendered text. */
  const SKIP_PARENTS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEXTAREA', 'TEMPLATE']);
  /** Input types a user types text into. */
  const TEXT_INPUT_TYPES = new Set(['text', 'search', 'email', 'url', 'tel', '']);
  const TEXT_ACTIONS = new Set(['mask', 'remove', 'alter', 'mask-late']);

  const nfc = (text) => text.normalize('NFC');
  const partsOf = (rule) => rule.all ?? rule.terms ?? [];

  // ---- the vendor config, fetched before the page is parsed -------------------------------------

  /**
   * Synchronous on purpose: at document_start this blocks the parser until the list is here, so
   * the first render is already filtered, like firmware that has its list before the app draws.
   */
  function readJsonSync(url) {
    const request = new XMLHttpRequest();
    request.open('GET', url, false);
    request.send();
    if (request.status !== 200) throw new Error(`${url} answered ${request.status}`);
    return JSON.parse(request.responseText);
  }

  function loadConfig() {
    try {
      const settings = readJsonSync(chrome.runtime.getURL(SETTINGS_FILE));
      const query = new URLSearchParams({
        list: settings.list,
        firmware: settings.firmware,
        region: settings.region ?? '',
        // a fresh URL per page load: the list is never taken from a cache
        t: String(Date.now()),
      });
      const answer = readJsonSync(`${settings.vendorUrl.replace(/\/+$/, '')}/v1/config?${query}`);
      const enabled = answer.enabled === true;
      const rules =
        enabled && Array.isArray(answer.rules) ? answer.rules.map((r, i) => normaliseRule(r, i)) : [];
      return { enabled, revision: answer.revision, rules };
    } catch (error) {
      // No list, no filtering: a phone that cannot reach its vendor behaves as switched off.
      console.warn('censorwatch lab firmware: no vendor config;', String(error));
      return { enabled: false, revision: null, rules: [] };
    }
  }

  function normaliseRule(rule, index) {
    const out = {
      index,
      action: rule.action,
      delayMs: Number(rule.delayMs ?? 0),
      replacement: nfc(String(rule.replacement ?? '')),
      keep: Number(rule.keep ?? 0),
      limit: rule.limit === undefined ? null : Number(rule.limit),
      scope: rule.scope ?? 'all',
      active: true,
    };
    if (Array.isArray(rule.all)) out.all = rule.all.map(nfc).filter(Boolean);
    else out.terms = (rule.terms ?? []).map(nfc).filter(Boolean);
    // a late rule sleeps until `delayMs` after the page has rendered
    if (rule.action === 'mask-late' || out.delayMs > 0) out.active = false;
    return out;
  }

  const config = loadConfig();
  if (!config.enabled || config.rules.length === 0) return;
  const rules = config.rules;

  // drop rules act on the network, in the page's world (firmware-network.js): hand them over
  const dropRules = rules.filter((rule) => rule.action === 'drop');
  if (dropRules.length > 0) {
    document.documentElement.setAttribute('data-censorwatch-lab-rules', JSON.stringify(dropRules));
  }

  // ---- pure text rules ----------------------------------------------------------------------------

  /** Whether `rule` triggers on `text`: any term, or every part of a combination. */
  function triggers(rule, text) {
    if (rule.all) return rule.all.length > 0 && rule.all.every((part) => text.includes(part));
    return rule.terms.some((term) => text.includes(term));
  }

  /** `part` masked, one mask per character, its first `keep` characters left visible (`Free T****`). */
  function maskOf(part, keep) {
    const chars = [...part];
    return chars.slice(0, keep).join('') + MASK.repeat(Math.max(0, chars.length - keep));
  }

  /** What the rule puts where a term (or a part of its combination) was. */
  function replacementOf(rule, part) {
    if (rule.action === 'remove') return '';
    if (rule.action === 'alter') return rule.replacement;
    return maskOf(part, rule.keep);
  }

  /** `text` with the rule's terms (or all parts of its combination) masked, removed or altered. */
  function applyRule(rule, text) {
    if (!triggers(rule, text) || exhausted(rule)) return text;
    let out = text;
    for (const part of partsOf(rule)) out = out.split(part).join(replacementOf(rule, part));
    if (out !== text) fired(rule);
    return out;
  }

  // ---- limit: a rule that fires on at most N page loads per app session ------------------------------

  /** Rules that fired on this page load (a page counts once, however many nodes it touched). */
  const firedHere = new Set();
  const countKey = (rule) => `censorwatch-lab:${config.revision}:fired:${rule.index}`;

  function firedCount(rule) {
    try {
      return Number(sessionStorage.getItem(countKey(rule)) ?? 0);
    } catch {
      return 0;
    }
  }

  function exhausted(rule) {
    return rule.limit !== null && !firedHere.has(rule.index) && firedCount(rule) >= rule.limit;
  }

  function fired(rule) {
    if (rule.limit === null || firedHere.has(rule.index)) return;
    firedHere.add(rule.index);
    try {
      sessionStorage.setItem(countKey(rule), String(firedCount(rule) + 1));
    } catch {
      // no storage on this page: the limit cannot be kept, the rule keeps firing
    }
  }

  // ---- render: mask, remove, mask-late, blank -------------------------------------------------------

  let blanked = false;

  /** Where a messenger shows what the other side sent (the lab messenger app, Converse.js). */
  const RECEIVED_MESSAGE = '.chat-msg__content--them';

  /** The lab messenger app (Converse.js) is running in this page. */
  const inMessenger = () => document.querySelector('converse-root') !== null;

  function inScope(rule, node) {
    if (rule.scope === 'pages') return !inMessenger();
    if (rule.scope !== 'received') return true;
    const element = node.parentElement;
    return element !== null && element.closest(RECEIVED_MESSAGE) !== null;
  }

  function filterTextNode(node) {
    const parent = node.parentNode;
    if (!parent || (parent.nodeName && SKIP_PARENTS.has(parent.nodeName))) return;
    const original = node.nodeValue ?? '';
    const before = nfc(original);
    let text = before;
    for (const rule of rules) {
      if (!rule.active || !TEXT_ACTIONS.has(rule.action) || !inScope(rule, node)) continue;
      text = applyRule(rule, text);
    }
    if (text !== before) node.nodeValue = text;
  }

  function filterTree(root) {
    if (!root) return;
    if (root.nodeType === Node.TEXT_NODE) {
      filterTextNode(root);
      return;
    }
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) filterTextNode(node);
  }

  function pageText() {
    return nfc(`${document.title}\n${document.body ? document.body.textContent : ''}`);
  }

  function blankPage() {
    blanked = true;
    if (document.title !== '') document.title = '';
    if (document.body && document.body.firstChild) document.body.replaceChildren();
  }

  function checkBlank() {
    if (blanked) {
      blankPage();
      return;
    }
    const text = pageText();
    const rule = rules.find(
      (r) =>
        r.action === 'blank' &&
        (r.scope !== 'pages' || !inMessenger()) &&
        triggers(r, text) &&
        !exhausted(r),
    );
    if (rule) {
      fired(rule);
      blankPage();
    }
  }

  const observer = new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      if (mutation.type === 'characterData') filterTextNode(mutation.target);
      else for (const node of mutation.addedNodes) filterTree(node);
    }
    checkBlank();
  });
  observer.observe(document, { childList: true, subtree: true, characterData: true });

  function rescan() {
    filterTree(document.documentElement);
    checkBlank();
  }

  document.addEventListener('DOMContentLoaded', rescan, { once: true });

  // late rules (mask-late, or any render rule with delayMs): each wakes `delayMs` after the page
  // has rendered (load), then rescans.
  const lateRules = rules.filter((rule) => !rule.active);
  if (lateRules.length > 0) {
    const wake = () => {
      for (const rule of lateRules) {
        setTimeout(() => {
          rule.active = true;
          rescan();
        }, rule.delayMs);
      }
    };
    if (document.readyState === 'complete') wake();
    else window.addEventListener('load', wake, { once: true });
  }

  // ---- echo: mask-input filters text fields as they are typed ----------------------------------------

  const inputRules = rules.filter((rule) => rule.action === 'mask-input');

  function isTextField(element) {
    if (element instanceof HTMLTextAreaElement) return true;
    return element instanceof HTMLInputElement && TEXT_INPUT_TYPES.has(element.type);
  }

  if (inputRules.length > 0) {
    window.addEventListener(
      'input',
      (event) => {
        const field = event.target;
        if (!isTextField(field)) return;
        const before = nfc(field.value);
        let value = before;
        for (const rule of inputRules) value = applyRule(rule, value);
        if (value === before) return;
        let caret = null;
        try {
          caret = field.selectionStart;
        } catch {
          caret = null;
        }
        field.value = value;
        if (caret !== null) {
          try {
            field.setSelectionRange(caret, caret);
          } catch {
            // types without a selection API keep the caret at the end
          }
        }
      },
      true,
    );
  }

  // ---- egress: block stops a form whose fields hold a blocked term; the request never leaves ---------

  const blockRules = rules.filter((rule) => rule.action === 'block');

  function formBlocked(form) {
    for (const element of form.elements) {
      // hidden fields carry the probe token and app state, not what the user typed
      if (element instanceof HTMLInputElement && element.type === 'hidden') continue;
      if (typeof element.value !== 'string' || element.value === '') continue;
      const value = nfc(element.value);
      const rule = blockRules.find((r) => triggers(r, value) && !exhausted(r));
      if (rule) {
        fired(rule);
        return true;
      }
    }
    return false;
  }

  /** A message box (textarea) whose text triggers a block rule: the firmware refuses to send it. */
  function messageRefused(field) {
    if (!(field instanceof HTMLTextAreaElement) || field.value === '') return false;
    const value = nfc(field.value);
    const rule = blockRules.find((r) => triggers(r, value) && !exhausted(r));
    if (rule) fired(rule);
    return rule !== undefined;
  }

  if (blockRules.length > 0) {
    // messengers send on Enter from their own key handler, not by submitting a form
    window.addEventListener(
      'keydown',
      (event) => {
        if (event.key !== 'Enter' || event.shiftKey || !messageRefused(event.target)) return;
        event.preventDefault();
        event.stopImmediatePropagation();
      },
      true,
    );
    // capture phase on window: runs before any page handler, for a click and for Enter alike
    window.addEventListener(
      'submit',
      (event) => {
        const form = event.target;
        if (!(form instanceof HTMLFormElement) || !formBlocked(form)) return;
        event.preventDefault();
        event.stopImmediatePropagation();
      },
      true,
    );
  }
})();
