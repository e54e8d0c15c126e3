// Serves files of one folder over HTTP (reports, the lab messenger app): no listings, nothing outside the folder.
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, isAbsolute, join, relative, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.eot': 'application/vnd.ms-fontobject',
  '.wasm': 'application/wasm',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
};
const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

export interface StaticFileOptions {
  /**
   * Names never served, tested on each path segment of both the name asked for and the file it
   * resolves to (a symlink does not launder a name). @defaultValue none
   */
  deny?: readonly RegExp[];
  /**
   * File endings served (lowercase, with the dot), tested on the name asked for and on the file it
   * resolves to; anything else is 404. @defaultValue every ending
   */
  allow?: readonly string[];
  /** URL path the folder is mounted at, for directory redirects, e.g. `/dist`. @defaultValue `` */
  mount?: string;
  /** @defaultValue `no-cache` */
  cacheControl?: string;
}

/**
 * Answers a GET or HEAD for `pathname` (below the mount, undecoded) from the folder `root`:
 * 404 for anything hidden, denied, not allowed, missing or (through a symlink) outside the folder,
 * judged on the real path as well as on the name asked for; a folder with a trailing slash serves
 * its index.html. Headers the caller set beforehand (`response.setHeader`) go with every answer.
 */
export async function serveStaticFile(
  root: string,
  pathname: string,
  request: IncomingMessage,
  response: ServerResponse,
  options: StaticFileOptions = {},
): Promise<void> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    sendText(response, 400, 'bad request');
    return;
  }
  const segments = decoded.split(/[/\\]/).filter((segment) => segment.length > 0);
  if (!decoded.startsWith('/') || decoded.includes('\0') || !servable(segments, options, false)) {
    sendText(response, 404, 'not found');
    return;
  }
  let file = join(root, ...segments);
  let info = await stat(file).catch(() => undefined);
  if (info?.isDirectory()) {
    if (!pathname.endsWith('/')) {
      // Relative links (app.js, data/…) resolve against the folder only with a slash.
      // Rebuilt from the segments: a raw `//host` path must not become an off-site redirect.
      response.setHeader(
        'Location',
        `${options.mount ?? ''}/${segments
          .map(encodeURIComponent)
          .map((s) => `${s}/`)
          .join('')}`,
      );
      sendText(response, 301, 'moved');
      return;
    }
    file = join(file, 'index.html');
    info = await stat(file).catch(() => undefined);
  }
  if (!info?.isFile() || !servable(relative(root, file).split(sep), options, true)) {
    sendText(response, 404, 'not found');
    return;
  }
  // What the name resolves to is what is served: it must stay inside the folder and pass the
  // same rules (a symlink `report.html` → `censorwatch.db` or `.api-token` is refused).
  const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)]);
  const inside = relative(realRoot, realFile);
  if (
    inside === '' ||
    inside === '..' ||
    inside.startsWith(`..${sep}`) ||
    isAbsolute(inside) ||
    !servable(inside.split(sep), options, true)
  ) {
    sendText(response, 404, 'not found');
    return;
  }
  response.writeHead(200, {
    'Content-Type': CONTENT_TYPES[extname(realFile).toLowerCase()] ?? DEFAULT_CONTENT_TYPE,
    'Content-Length': info.size,
    'Cache-Control': options.cacheControl ?? 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  await new Promise<void>((done, fail) => {
    const stream = createReadStream(realFile);
    stream.once('error', fail);
    response.once('close', () => {
      stream.destroy();
      done();
    });
    stream.pipe(response);
  });
}

/**
 * Whether a path, as segments, may be served: no `..`, no dot-file or dot-folder, no denied
 * name, and (for a file, `isFile`) an allowed ending on its last segment.
 */
function servable(
  segments: readonly string[],
  options: StaticFileOptions,
  isFile: boolean,
): boolean {
  if (segments.some((segment) => segment === '..' || segment.startsWith('.'))) return false;
  const deny = options.deny ?? [];
  if (segments.some((segment) => deny.some((pattern) => pattern.test(segment)))) return false;
  if (!isFile || options.allow === undefined) return true;
  const name = (segments.at(-1) ?? '').toLowerCase();
  return options.allow.some((ending) => name.endsWith(ending));
}

export function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
  });
  response.end(`${text}\n`);
}
