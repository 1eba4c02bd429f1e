import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { SECURITY_HEADERS } from './responses.ts';

/** The console's front end (another module's files): served as they are on disk. */
export const CONSOLE_DIR = fileURLToPath(new URL('../../dev/console/', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
};
const SAFE_NAME = /^[A-Za-z0-9][\w-]*(\.[\w-]+)*$/;

/** Mermaid from node_modules, so that the console works without the internet. */
function mermaidPath(): string {
  const pkg = createRequire(import.meta.url).resolve('mermaid/package.json');
  return join(dirname(pkg), 'dist', 'mermaid.min.js');
}

/**
 * The file behind an asset name, or undefined: only plain names (no separators, no dot
 * segments) with a known extension, and only files that are in the console directory.
 */
async function resolveAsset(name: string): Promise<{ path: string; cache: string } | undefined> {
  if (name === 'mermaid.min.js') return { path: mermaidPath(), cache: 'public, max-age=86400' };
  if (!SAFE_NAME.test(name) || !Object.hasOwn(CONTENT_TYPES, extname(name))) return undefined;
  const present = await readdir(CONSOLE_DIR).catch(() => [] as string[]);
  // Development files change between reloads: the browser revalidates them (cheap, via ETag).
  return present.includes(name) ? { path: join(CONSOLE_DIR, name), cache: 'no-cache' } : undefined;
}

/** Serves a file with its content type, cache policy and a weak ETag; 304 when unchanged. */
async function serveFile(
  request: Request,
  file: { path: string; cache: string },
): Promise<Response | undefined> {
  const info = await stat(file.path).catch(() => undefined);
  if (!info?.isFile()) return undefined;
  const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
  const headers = {
    ...SECURITY_HEADERS,
    'content-type': CONTENT_TYPES[extname(file.path)] ?? 'application/octet-stream',
    'cache-control': file.cache,
    etag,
  };
  if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
  const body =
    request.method === 'HEAD' ? null : (Readable.toWeb(createReadStream(file.path)) as ReadableStream);
  return new Response(body, { status: 200, headers: { ...headers, 'content-length': String(info.size) } });
}

/** GET /dev/assets/<name>; undefined for anything that is not a known asset. */
export async function serveAsset(request: Request, name: string): Promise<Response | undefined> {
  const file = await resolveAsset(name);
  return file && serveFile(request, file);
}

/** GET /dev: the console page. */
export function serveConsolePage(request: Request): Promise<Response | undefined> {
  return serveFile(request, { path: join(CONSOLE_DIR, 'index.html'), cache: 'no-cache' });
}
