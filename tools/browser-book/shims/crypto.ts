/** `node:crypto` in the browser bundle: `randomUUID` and a synchronous SHA-256 `createHash`, what src/ uses. */
import { sha256Hex } from './sha256.js';

export function randomUUID(): string {
  const native = globalThis.crypto?.randomUUID; // absent outside secure contexts (plain http to another host)
  if (typeof native === 'function') return native.call(globalThis.crypto);
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function createHash(algorithm: string) {
  if (algorithm !== 'sha256') throw new Error(`Only sha256 is available in the browser, not ${algorithm}.`);
  const parts: string[] = [];
  const hash = {
    update(text: string) {
      parts.push(text);
      return hash;
    },
    digest(encoding: 'hex') {
      if (encoding !== 'hex') throw new Error(`Only hex digests are available in the browser, not ${String(encoding)}.`);
      return sha256Hex(new TextEncoder().encode(parts.join('')));
    },
  };
  return hash;
}
