// Runs one shell command on a phone through the adb server, with a deadline; the output or why there is none, never a throw.
import type { Readable } from 'node:stream';
import { readOk, unread, type Reading } from './reading.ts';

/** The part of an adbkit Client that reads a phone (an adbkit `Client` is one). */
export interface AdbShellClient {
  getDevice(serial: string): { shell(command: string): PromiseLike<Readable> };
}

/** More output than any dump discovery reads (`dumpsys window` runs to a few MiB on big phones). */
const MAX_OUTPUT_BYTES = 32 * 1024 * 1024;

/**
 * `command` is handed to the phone's shell as it is: build it only from constants and
 * whitelisted names, never from free text.
 */
export async function runShell(
  client: AdbShellClient,
  serial: string,
  command: string,
  timeoutMs: number,
): Promise<Reading<string>> {
  let stream: Readable | undefined;
  let late = false;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<Reading<string>>((resolve) => {
    timer = setTimeout(() => {
      late = true;
      resolve(unread(`\`${command}\` gave no answer within ${timeoutMs / 1000} s`));
    }, timeoutMs);
  });
  const run = async (): Promise<Reading<string>> => {
    const opened = await client.getDevice(serial).shell(command);
    if (late) {
      // the deadline has passed and answered: close what arrived after it
      opened.destroy();
      return unread('late');
    }
    stream = opened;
    return readAll(opened, command);
  };
  try {
    return await Promise.race([run(), deadline]);
  } catch (error) {
    return unread(
      `\`${command}\` failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  } finally {
    clearTimeout(timer);
    late = true;
    stream?.destroy();
  }
}

function readAll(stream: Readable, command: string): Promise<Reading<string>> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_OUTPUT_BYTES) {
        stream.destroy();
        resolve(unread(`\`${command}\` printed more than ${MAX_OUTPUT_BYTES / 1024 / 1024} MiB`));
        return;
      }
      chunks.push(chunk);
    });
    stream.once('end', () => resolve(readOk(Buffer.concat(chunks).toString('utf8'))));
    stream.once('error', (error) => resolve(unread(`\`${command}\` failed: ${error.message}`)));
    stream.once('close', () =>
      resolve(unread(`\`${command}\`: the connection closed before the output ended`)),
    );
  });
}
