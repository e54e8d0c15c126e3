// `censorwatch diff`: a model's firmware against another (by default its two most recently run), as Markdown, JSON or HTML.
import { settings } from '../../config/settings.ts';
import { diffFirmwares, writeComparisonPages } from '../../regress/firmware-diff.ts';
import { toJson, toMarkdown } from '../../regress/render-comparison.ts';
import { ResultStore } from '../../store/result-store.ts';

export async function diffCommand(options: {
  model: string;
  from?: string;
  to?: string;
  format: 'md' | 'json' | 'html';
}): Promise<void> {
  const store = await ResultStore.open(settings().database);
  try {
    const comparison = await diffFirmwares(store, options);
    const pages = writeComparisonPages(settings().reportsDir, 'diff', comparison);
    if (options.format === 'json') process.stdout.write(toJson('diff', comparison));
    else if (options.format === 'html') process.stdout.write(`${pages.html}\n`);
    else process.stdout.write(toMarkdown('diff', comparison));
    process.stderr.write(`diff pages: ${pages.html}, ${pages.markdown}, ${pages.json}\n`);
  } finally {
    await store.close();
  }
}
