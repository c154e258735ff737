/**
 * `node:fs` in the browser bundle, read-only: paths under `/book/` are the book's own
 * files (the library's `data/` URLs point there, see assets.ts), read with a synchronous
 * request, which workers may make, so `readFileSync` stays synchronous as in Node.
 * Anything else does not exist, with Node's error code and a word on why.
 */
import { Buffer } from './globals.js';

/** The virtual folder that stands for the book's root. */
export const BOOK_ROOT = '/book/';
const bookUrl = new URL('../../', import.meta.url); // this file is bundled into assets/run/

const cache = new Map<string, Buffer>();

function notFound(path: string, syscall: string): Error {
  const where = path.startsWith(BOOK_ROOT) ? 'the book has no such file' : 'in the browser only the book\'s own files (under /book/) can be read; this cell needs Node: run it in Jupyter';
  return Object.assign(new Error(`ENOENT: no such file or directory, ${syscall} '${path}' (${where})`), { code: 'ENOENT', syscall, path });
}

function pathOf(path: unknown): string {
  if (path instanceof URL || (typeof path === 'object' && path !== null && 'href' in path)) {
    const url = new URL(String((path as URL).href));
    if (url.protocol !== 'file:') throw new TypeError(`The URL must be of scheme file, found ${url.protocol}`);
    return decodeURIComponent(url.pathname);
  }
  if (typeof path !== 'string') throw new TypeError(`The "path" argument must be of type string or an instance of URL, found ${typeof path}`);
  return path;
}

function load(path: string, syscall: string): Buffer {
  const cached = cache.get(path);
  if (cached) return cached;
  if (!path.startsWith(BOOK_ROOT) || path.includes('/../')) throw notFound(path, syscall);
  const request = new XMLHttpRequest();
  request.open('GET', new URL(path.slice(BOOK_ROOT.length), bookUrl).href, false);
  request.responseType = 'arraybuffer';
  try {
    request.send();
  } catch {
    throw notFound(path, syscall);
  }
  if (request.status !== 200 && request.status !== 0) throw notFound(path, syscall);
  const bytes = new Buffer(request.response as ArrayBuffer);
  cache.set(path, bytes);
  return bytes;
}

export function readFileSync(path: unknown, options?: string | { encoding?: string | null }): string | Buffer {
  const bytes = load(pathOf(path), 'open');
  const encoding = typeof options === 'string' ? options : options?.encoding;
  return encoding ? bytes.toString(encoding) : bytes;
}

export function existsSync(path: unknown): boolean {
  try {
    load(pathOf(path), 'stat');
    return true;
  } catch {
    return false;
  }
}

const stats = (size: number) => ({ size, isFile: () => true, isDirectory: () => false, isFIFO: () => false, isSocket: () => false, isCharacterDevice: () => false, isBlockDevice: () => false, isSymbolicLink: () => false });

export function statSync(path: unknown) {
  return stats(load(pathOf(path), 'stat').length);
}

const open = new Map<number, { bytes: Buffer; position: number }>();
let nextFd = 3;

export function openSync(path: unknown): number {
  const bytes = load(pathOf(path), 'open');
  open.set(nextFd, { bytes, position: 0 });
  return nextFd++;
}

function file(fd: number) {
  const entry = open.get(fd);
  if (!entry) throw Object.assign(new Error('EBADF: bad file descriptor'), { code: 'EBADF' });
  return entry;
}

export function fstatSync(fd: number) {
  return stats(file(fd).bytes.length);
}

export function readSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number | null): number {
  const entry = file(fd);
  const from = position ?? entry.position;
  const chunk = entry.bytes.subarray(from, from + length);
  buffer.set(chunk, offset);
  if (position === null) entry.position += chunk.length;
  return chunk.length;
}

export function closeSync(fd: number): void {
  open.delete(fd);
}

export function writeFileSync(path: unknown): never {
  throw Object.assign(new Error(`EROFS: the book's files are read-only in the browser, open '${pathOf(path)}' (this cell needs Node: run it in Jupyter)`), { code: 'EROFS' });
}

export const constants = { O_RDONLY: 0, O_NONBLOCK: 2048 };

export default { readFileSync, existsSync, statSync, openSync, fstatSync, readSync, closeSync, writeFileSync, constants };
