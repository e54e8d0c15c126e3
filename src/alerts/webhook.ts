// Alerts on regression, drift or a phone's firmware update: a signed JSON POST to a webhook (Slack-compatible `text`), retried with backoff, every attempt logged.
import { createHmac, randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { logger } from '../log/logger.ts';

const log = logger('alerts');

/** Header names: the signature covers `<timestamp>.<body>`, so a replayed body with a new time fails. */
export const SIGNATURE_HEADER = 'x-censorwatch-signature';
export const TIMESTAMP_HEADER = 'x-censorwatch-timestamp';
/** The same on every retry of one alert, so a receiver can drop duplicates. */
export const DELIVERY_HEADER = 'x-censorwatch-delivery';

export const ALERT_EVENTS = ['regression', 'drift', 'firmware-updated'] as const;
export type AlertEvent = (typeof ALERT_EVENTS)[number];

export interface WebhookSettings {
  url: string;
  /** HMAC-SHA256 key; the receiver checks `sha256=<hex>` in the signature header. */
  secret: string;
  /** Events that are sent. @defaultValue all of them */
  events?: readonly AlertEvent[];
  /** Tries in all. @defaultValue 4 */
  attempts?: number;
  /** First pause between tries, doubled each time. @defaultValue 1 s */
  backoffMs?: number;
  /** Per try. @defaultValue 10 s */
  timeoutMs?: number;
}

export interface Alert {
  event: AlertEvent;
  /** One line for chat (Slack's `text`). */
  text: string;
  /** What the alert is about, for machines. */
  details: Record<string, unknown>;
}

export interface DeliveryResult {
  delivery: string;
  delivered: boolean;
  attempts: number;
  /** HTTP status of the last try, or null when it got no answer. */
  status: number | null;
  error: string | null;
}

/** `sha256=<hex>` of `<timestamp>.<body>` under `secret`. */
export function signatureOf(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * Sends `alert` unless its event is not wanted; retries on no answer, 429 and 5xx, never on
 * another 4xx (the receiver refused it; sending it again would not help). Each outcome is
 * appended to `logFile` (JSON lines), so an alert that could not be delivered is not lost.
 */
export async function sendAlert(
  settings: WebhookSettings,
  alert: Alert,
  logFile: string,
): Promise<DeliveryResult | null> {
  if (!(settings.events ?? ALERT_EVENTS).includes(alert.event)) return null;
  const attempts = settings.attempts ?? 4;
  const backoffMs = settings.backoffMs ?? 1000;
  const delivery = randomUUID();
  const body = JSON.stringify({ text: alert.text, event: alert.event, ...alert.details });
  let result: DeliveryResult = {
    delivery,
    delivered: false,
    attempts: 0,
    status: null,
    error: null,
  };
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    const timestamp = String(Math.floor(Date.now() / 1000));
    result = { ...result, attempts: attempt };
    try {
      const response = await fetch(settings.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: signatureOf(settings.secret, timestamp, body),
          [TIMESTAMP_HEADER]: timestamp,
          [DELIVERY_HEADER]: delivery,
        },
        body,
        signal: AbortSignal.timeout(settings.timeoutMs ?? 10_000),
      });
      await response.arrayBuffer().catch(() => undefined);
      result = { ...result, status: response.status, error: null };
      if (response.ok) {
        result = { ...result, delivered: true };
        break;
      }
      result = { ...result, error: `HTTP ${response.status}` };
      if (response.status < 500 && response.status !== 429) break;
    } catch (error) {
      result = { ...result, status: null, error: (error as Error).message };
    }
    if (attempt < attempts) {
      await new Promise((resolve) => setTimeout(resolve, backoffMs * 2 ** (attempt - 1)));
    }
  }
  mkdirSync(dirname(logFile), { recursive: true });
  appendFileSync(
    logFile,
    `${JSON.stringify({ at: new Date().toISOString(), event: alert.event, text: alert.text, url: redactUrl(settings.url), ...result })}\n`,
  );
  if (result.delivered) log.info({ delivery, event: alert.event }, 'alert delivered');
  else log.error({ delivery, event: alert.event, error: result.error }, 'alert not delivered');
  return result;
}

/** Webhook URLs often carry their token in the path: keep only scheme and host in logs. */
function redactUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}/…`;
}
