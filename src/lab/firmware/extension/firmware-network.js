// Lab firmware, network level: runs in the page's own world so it can wrap WebSocket.send, as
// firmware that hooks an app's connection can. A chat message whose body triggers a `drop` rule
// never leaves, and nothing tells the user (the app shows it as sent).
// The rules come from firmware.js (isolated world), which writes them on the root element.
(() => {
  'use strict';

  const RULES_ATTRIBUTE = 'data-censorwatch-lab-rules';
  const send = WebSocket.prototype.send;

  function dropRules() {
    try {
      const rules = JSON.parse(document.documentElement.getAttribute(RULES_ATTRIBUTE) ?? '[]');
      return rules.filter((rule) => rule.action === 'drop');
    } catch {
      return [];
    }
  }

  /** The text of an XMPP message stanza's <body>, or null (RFC 7395: one stanza per frame). */
  function bodyOf(frame) {
    if (typeof frame !== 'string' || !frame.startsWith('<message')) return null;
    const match = /<body(?:\s[^>]*)?>([\s\S]*?)<\/body>/.exec(frame);
    if (!match) return null;
    const parsed = new DOMParser().parseFromString(`<b>${match[1]}</b>`, 'text/xml');
    return (parsed.documentElement.textContent ?? '').normalize('NFC');
  }

  function triggers(rule, text) {
    if (Array.isArray(rule.all)) return rule.all.length > 0 && rule.all.every((p) => text.includes(p));
    return (rule.terms ?? []).some((term) => text.includes(term));
  }

  WebSocket.prototype.send = function firmwareSend(data) {
    const body = bodyOf(data);
    if (body !== null && dropRules().some((rule) => triggers(rule, body))) return undefined;
    return send.call(this, data);
  };
})();
