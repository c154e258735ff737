/** `node:url` in the browser bundle: the file: URL helpers src/ uses, on the book's virtual files (see fs.ts). */
export function fileURLToPath(url: string | URL): string {
  const parsed = new URL(String(url));
  if (parsed.protocol !== 'file:') throw new TypeError(`The URL must be of scheme file, found ${parsed.protocol}`);
  return decodeURIComponent(parsed.pathname);
}

export function pathToFileURL(path: string): URL {
  return new URL(`file://${encodeURI(path)}`);
}
