/**
 * `process` and `Buffer` for the library's files in the browser bundle: what src/ uses
 * of them, no more. The bundler adds `import { process, Buffer } from` this file to every
 * file of src/ (not to TensorFlow.js, which must keep seeing a browser).
 */

/** Environment shared with the worker, which sets `BACKPROP_BACKEND` from the page's backend menu. */
const env: Record<string, string | undefined> = ((globalThis as { __backpropTsEnv?: Record<string, string | undefined> }).__backpropTsEnv ??= {});

const console_ = globalThis.console;
export const process = {
  env,
  version: 'browser',
  platform: 'browser',
  stdout: { write: (text: string) => (console_.log(text.replace(/\n$/, '')), true), isTTY: false },
  stderr: { write: (text: string) => (console_.error(text.replace(/\n$/, '')), true), isTTY: false },
};

/** The few Buffer calls src/ makes (alloc, concat, subarray, toString('utf8')), on a Uint8Array. */
export class Buffer extends Uint8Array {
  static alloc(size: number): Buffer {
    return new Buffer(size);
  }

  static concat(chunks: readonly Uint8Array[], length = chunks.reduce((n, c) => n + c.length, 0)): Buffer {
    const out = new Buffer(length);
    let offset = 0;
    for (const chunk of chunks) {
      out.set(chunk.subarray(0, Math.max(0, length - offset)), offset);
      offset += chunk.length;
      if (offset >= length) break;
    }
    return out;
  }

  override toString(encoding = 'utf8'): string {
    if (encoding === 'base64') return btoa(Array.from(this, (b) => String.fromCharCode(b)).join(''));
    return new TextDecoder(encoding).decode(this);
  }
}
