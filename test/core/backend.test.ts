import { describe, expect, it } from 'vitest';
import { BACKENDS, describeBackend, selectBackend } from '../../src/core/backend.js';
import { InputError } from '../../src/core/errors.js';
import { tf } from '../../src/core/tf.js';

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const hasNode = (() => {
  try {
    require('@tensorflow/tfjs-node');
    return true;
  } catch {
    return false;
  }
})();

describe('selectBackend', () => {
  it('selectBackend() picks the fastest backend that loads', async () => {
    const name = await selectBackend({ env: {} });
    expect(name).toBe(tf.getBackend());
    expect(name).toBe(hasNode ? 'tensorflow' : 'wasm');
  });

  it('selectBackend honours BACKPROP_BACKEND', async () => {
    expect(await selectBackend({ env: { BACKPROP_BACKEND: 'cpu' } })).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(await selectBackend({ env: { BACKPROP_BACKEND: 'wasm' } })).toBe('wasm');
  });

  it('selectBackend({ backend }) wins over the environment', async () => {
    expect(await selectBackend({ backend: 'cpu', env: { BACKPROP_BACKEND: 'wasm' } })).toBe('cpu');
  });

  it('selectBackend rejects an unknown backend name, listing the known ones', async () => {
    await expect(selectBackend({ env: { BACKPROP_BACKEND: 'webgl' } })).rejects.toThrow(
      'Expected backend to be one of "tensorflow", "wasm", "cpu" but found "webgl".',
    );
  });

  it('selectBackend({ backend: "tensorflow" }) loads tfjs-node, or explains how to install it', async () => {
    if (hasNode) {
      expect(await selectBackend({ backend: 'tensorflow' })).toBe('tensorflow');
    } else {
      await expect(selectBackend({ backend: 'tensorflow' })).rejects.toThrow(InputError);
      await expect(selectBackend({ backend: 'tensorflow' })).rejects.toThrow(/npm install @tensorflow\/tfjs-node/);
    }
  });

  it('BACKENDS lists the fastest first', () => expect(BACKENDS).toEqual(['tensorflow', 'wasm', 'cpu']));
});

describe('describeBackend', () => {
  it('describeBackend names the backend and versions', async () => {
    await selectBackend({ backend: 'cpu' });
    expect(describeBackend()).toBe(`backend cpu · tfjs-core 4.22.0 · node ${process.version}`);
  });
});

describe('selectBackend quietness', () => {
  it("selectBackend('cpu') does not print tfjs' tfjs-node advert on first use", async () => {
    const warnings: unknown[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      await selectBackend({ backend: 'cpu' });
      tf.dispose(tf.tensor1d([1, 2]));
    } finally {
      console.warn = original;
    }
    expect(warnings).toEqual([]);
  });
});
