// The WebDriver sessions of a probe batch as WDIO testrunner config: one phone, or the phone and its peer phone (multiremote).
import type { SessionSetup } from './batch-file.ts';

/** Multiremote instance names. */
export const PHONE_INSTANCE = 'phone';
export const PEER_INSTANCE = 'peer';
type Instance = typeof PHONE_INSTANCE | typeof PEER_INSTANCE;

interface Connection {
  protocol: string;
  hostname: string;
  port: number;
  path: string;
}

/** Where a session's WebDriver server is, as WDIO connection options. */
export function connectionOf(url: string): Connection {
  const parsed = new URL(url);
  return {
    protocol: parsed.protocol.replace(':', ''),
    hostname: parsed.hostname,
    port: Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80)),
    path: parsed.pathname,
  };
}

/**
 * The testrunner's connection and `capabilities`: a one-element list for a single phone, or,
 * when the batch has a peer phone, a multiremote object whose instances `phone` and `peer`
 * each carry their own server (they may hang off different Appium hosts).
 */
export function wdioSessions(session: SessionSetup): Connection & {
  capabilities:
    | WebdriverIO.Capabilities[]
    | Record<Instance, Connection & { capabilities: WebdriverIO.Capabilities }>;
} {
  const phone = connectionOf(session.appiumUrl);
  const peer = session.provider === 'phone' ? session.peer : null;
  if (!peer) {
    return { ...phone, capabilities: [session.capabilities as WebdriverIO.Capabilities] };
  }
  const instances: Record<Instance, Connection & { capabilities: WebdriverIO.Capabilities }> = {
    phone: { ...phone, capabilities: session.capabilities as WebdriverIO.Capabilities },
    peer: {
      ...connectionOf(peer.appiumUrl),
      capabilities: peer.capabilities as WebdriverIO.Capabilities,
    },
  };
  return { ...phone, capabilities: instances };
}
