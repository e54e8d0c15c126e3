// Maps WebDriver / Appium failures to ProbeFault codes: by W3C error code and network code first, message text last.
import { CensorwatchError, ProbeFault } from '../errors.ts';

type FaultCode = ConstructorParameters<typeof ProbeFault>[0];

/** W3C error codes (webdriverio puts them in `name`; raw responses carry them in `error`). */
const BY_W3C_CODE: Readonly<Record<string, FaultCode>> = {
  'invalid session id': 'E_DEVICE_LOST',
  'session not created': 'E_SESSION',
  'no such element': 'E_SELECTOR_MISSING',
  'stale element reference': 'E_SELECTOR_MISSING',
  'element not interactable': 'E_SELECTOR_MISSING',
  'invalid selector': 'E_SELECTOR_MISSING',
  timeout: 'E_TIMEOUT',
  'script timeout': 'E_TIMEOUT',
};

/** Node / undici network codes: the Appium server (and with it the phone) cannot be reached. */
const BY_NETWORK_CODE: Readonly<Record<string, FaultCode>> = {
  ECONNREFUSED: 'E_DEVICE_LOST',
  ECONNRESET: 'E_DEVICE_LOST',
  EPIPE: 'E_DEVICE_LOST',
  ECONNABORTED: 'E_DEVICE_LOST',
  EHOSTUNREACH: 'E_DEVICE_LOST',
  ENETUNREACH: 'E_DEVICE_LOST',
  UND_ERR_SOCKET: 'E_DEVICE_LOST',
  UND_ERR_CLOSED: 'E_DEVICE_LOST',
  ETIMEDOUT: 'E_TIMEOUT',
  UND_ERR_CONNECT_TIMEOUT: 'E_TIMEOUT',
  UND_ERR_HEADERS_TIMEOUT: 'E_TIMEOUT',
};

/**
 * Message texts, only for failures that carry no code: a `session not created` whose device is
 * gone, a server that died mid-command, and webdriverio's own element and wait errors.
 */
const BY_MESSAGE: readonly { pattern: RegExp; code: FaultCode }[] = [
  { pattern: /could not find a connected android device/i, code: 'E_DEVICE_LOST' },
  {
    pattern:
      /device .* (?:was )?not (?:in the list of )?connected|device (?:offline|unauthorized|not found)/i,
    code: 'E_DEVICE_LOST',
  },
  {
    pattern: /instrumentation process is not running|uiautomator2 server.*(?:crashed|not running)/i,
    code: 'E_DEVICE_LOST',
  },
  { pattern: /socket hang up|ECONNREFUSED|ECONNRESET/i, code: 'E_DEVICE_LOST' },
  // Chromium behind the lab's Appium: the browser process is gone
  {
    pattern:
      /chrome not reachable|session deleted because of page crash|not connected to DevTools/i,
    code: 'E_DEVICE_LOST',
  },
  {
    pattern: /invalid session id|A session is either terminated or not started/i,
    code: 'E_DEVICE_LOST',
  },
  {
    pattern:
      /no such element|element wasn't found|element \(".*"\) still not (?:existing|displayed)/i,
    code: 'E_SELECTOR_MISSING',
  },
  { pattern: /timed? ?out/i, code: 'E_TIMEOUT' },
];

const MEANING: Readonly<Record<FaultCode, string>> = {
  E_DEVICE_LOST: 'lost the phone (or the Appium session driving it)',
  E_SESSION: 'the driver session failed',
  E_SELECTOR_MISSING: 'an element the adapter needs is missing',
  E_TIMEOUT: 'the driver timed out',
  E_INPUT_UNSUPPORTED: 'the input path cannot type this text',
  E_CANARY_UNREACHABLE: 'the canary could not be reached',
};

/** The fault code a driver failure stands for; `E_SESSION` when nothing more specific is known. */
export function faultCodeOf(error: unknown): FaultCode {
  if (error instanceof ProbeFault) return error.code as FaultCode;
  const fields = fieldsOf(error);
  const w3c = [fields.error, fields.name].find((code) => code !== undefined && code in BY_W3C_CODE);
  if (w3c !== undefined) {
    const code = BY_W3C_CODE[w3c]!;
    // `session not created` is about the device when the device is what could not be found
    if (w3c === 'session not created' && messageCode(fields.message) === 'E_DEVICE_LOST')
      return 'E_DEVICE_LOST';
    return code;
  }
  const network = [fields.code, fields.causeCode].find(
    (code) => code !== undefined && code in BY_NETWORK_CODE,
  );
  if (network !== undefined) return BY_NETWORK_CODE[network]!;
  if (fields.name === 'TimeoutError') return 'E_TIMEOUT';
  return messageCode(fields.message) ?? 'E_SESSION';
}

/** Any driver failure as a ProbeFault, with the original as `cause`; ProbeFaults pass through unchanged. */
export function toProbeFault(error: unknown): ProbeFault {
  if (error instanceof ProbeFault) return error;
  const code = faultCodeOf(error);
  const detail = firstLine(fieldsOf(error).message) || String(error);
  const prefix = error instanceof CensorwatchError ? `${error.code}: ` : '';
  return new ProbeFault(code, `${MEANING[code]}: ${prefix}${detail}`, { cause: error });
}

function messageCode(message: string): FaultCode | null {
  return BY_MESSAGE.find(({ pattern }) => pattern.test(message))?.code ?? null;
}

interface ErrorFields {
  name: string | undefined;
  error: string | undefined;
  code: string | undefined;
  causeCode: string | undefined;
  message: string;
}

function fieldsOf(error: unknown): ErrorFields {
  const record =
    typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  const cause =
    typeof record['cause'] === 'object' && record['cause'] !== null
      ? (record['cause'] as Record<string, unknown>)
      : {};
  const text = (value: unknown): string | undefined =>
    typeof value === 'string' ? value : undefined;
  return {
    name: text(record['name']),
    error: text(record['error']),
    code: text(record['code']),
    causeCode: text(cause['code']),
    message: text(record['message']) ?? (typeof error === 'string' ? error : ''),
  };
}

function firstLine(message: string): string {
  return message.split('\n', 1)[0]!.trim();
}

/** Runs a driver call; any driver failure leaves as a ProbeFault. */
export async function guardDriver<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    throw toProbeFault(error);
  }
}
