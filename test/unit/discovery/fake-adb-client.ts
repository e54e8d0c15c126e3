// A stand-in for an adbkit Client: answers each shell command of one phone from a table, records what ran.
import { PassThrough, type Readable } from 'node:stream';
import type { AdbShellClient } from '../../../src/discovery/run-shell.ts';

/** What a command answers: its output, a failure of the adb connection, or nothing at all (it hangs). */
export type Answer = string | { fails: string } | 'hangs';

export class FakeAdbClient implements AdbShellClient {
  readonly ran: string[] = [];
  readonly #streams: Readable[] = [];
  readonly #answers: Readonly<Record<string, Answer>>;

  constructor(answers: Readonly<Record<string, Answer>>) {
    this.#answers = answers;
  }

  /** Streams handed out that were neither read to their end nor closed. */
  get unclosed(): number {
    return this.#streams.filter((stream) => !stream.destroyed && !stream.readableEnded).length;
  }

  getDevice(_serial: string) {
    return {
      shell: async (command: string): Promise<Readable> => {
        this.ran.push(command);
        const answer = this.#answers[command] ?? '/system/bin/sh: unknown command';
        if (typeof answer === 'object') throw new Error(answer.fails);
        const stream = new PassThrough();
        this.#streams.push(stream);
        if (answer !== 'hangs') stream.end(answer);
        return stream;
      },
    };
  }
}
