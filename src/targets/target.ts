// The adapter interface every target implements, on a lab phone and on a real phone alike.

/** How text gets into the app. Keyboard-level filtering only shows on `ime`. */
export type InputPath = 'set-text' | 'key-events' | 'ime';

export type TargetKind = 'browser' | 'messenger';

// Defined in the model (device profiles list them); re-exported for the adapters, probes and store that name them here.
export { MESSAGE_DIRECTIONS, type MessageDirection } from '../devices/message-direction.ts';

/** What a probe hands the target when it opens: where the far end is and how to find the probe there. */
export interface ProbeHandle {
  /** Random neutral token (digits) that travels beside the payload. */
  token: string;
  /** Base URL of the canary (browser targets), e.g. `http://127.0.0.1:8123`. */
  canaryUrl: string;
}

/** What the device shows after submitting. */
export interface RenderObservation {
  /** Text of the place where the payload is shown back (search heading, chat bubble); null when that place is missing. */
  text: string | null;
  /** All visible text of the page or view, for blank detection and evidence. */
  pageText: string;
  /** Where the app is (URL or activity). */
  location: string;
  /** Epoch ms when read. */
  at: number;
}

/** What submitting did to the app. */
export interface SubmitOutcome {
  /** The app moved on from the input (navigated, message bubble appeared). */
  movedOn: boolean;
  /** Where the app is after submitting (URL or activity). */
  location: string;
  /** Milliseconds from submit until the app moved on (or until giving up). */
  elapsedMs: number;
}

/** Evidence captured for a non-intact verdict. */
export interface Evidence {
  screenshotPng: Buffer;
  /** DOM (lab, WebView) or UI hierarchy XML (native). */
  dom: string;
}

/** An app on a device, driven through an adapter. */
export interface Target {
  readonly kind: TargetKind;
  /** Adapter name from the target table, e.g. `lab-browser`, `android-chrome`. */
  readonly app: string;
  /** Input paths this adapter can type with. */
  readonly inputPaths: readonly InputPath[];
  /** Opens the app where a payload is typed (a search page for the probe's token). */
  open(probe: ProbeHandle): Promise<void>;
  /** Types text into the input by the given path. */
  enterText(text: string, inputPath: InputPath): Promise<void>;
  /** What the input field holds now (echo channel). */
  readEcho(): Promise<string>;
  /** Submits the input and waits, up to `deadlineMs`, for the app to move on. */
  submit(deadlineMs: number): Promise<SubmitOutcome>;
  /** Reads what the device shows (render channel). */
  readRender(): Promise<RenderObservation>;
  /** Screenshot and DOM / hierarchy. */
  captureEvidence(): Promise<Evidence>;
}
