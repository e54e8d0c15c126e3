// allure-js-commons' writer without its fsync per file: allure-results here are a rendering of the store, rebuilt whole on every compile.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringifyEnvInfo, type Writer } from 'allure-js-commons/sdk/reporter';

type WriterArgument<M extends keyof Writer> = Parameters<Writer[M]>[0];

/**
 * Writes each file once, plainly. FileSystemWriter flushes every file to disk through a temporary
 * copy (2 syscalls of fsync and a rename per test), which is right for a test run's only record;
 * these results are not a record — the store is — and a crash mid-write is mended by compiling
 * again. On 2,000 results: 11 s with FileSystemWriter, most of it in fsync.
 */
export class RenderedResultsWriter implements Writer {
  readonly #dir: string;

  constructor(resultsDir: string) {
    this.#dir = resultsDir;
    mkdirSync(resultsDir, { recursive: true });
  }

  writeResult(result: WriterArgument<'writeResult'>): void {
    this.#json(`${result.uuid}-result.json`, result);
  }

  writeGroup(result: WriterArgument<'writeGroup'>): void {
    this.#json(`${result.uuid}-container.json`, result);
  }

  writeAttachment(distFileName: string, content: Buffer): void {
    writeFileSync(join(this.#dir, distFileName), content);
  }

  writeAttachmentFromPath(distFileName: string, from: string): void {
    copyFileSync(from, join(this.#dir, distFileName));
  }

  writeEnvironmentInfo(info: WriterArgument<'writeEnvironmentInfo'>): void {
    writeFileSync(join(this.#dir, 'environment.properties'), stringifyEnvInfo(info), 'utf8');
  }

  writeCategoriesDefinitions(categories: WriterArgument<'writeCategoriesDefinitions'>): void {
    this.#json('categories.json', categories);
  }

  writeGlobals(distFileName: string, info: Parameters<Writer['writeGlobals']>[1]): void {
    this.#json(distFileName, info);
  }

  #json(name: string, data: unknown): void {
    writeFileSync(join(this.#dir, name), JSON.stringify(data), 'utf8');
  }
}
