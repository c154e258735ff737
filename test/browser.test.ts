import { describe, expect, it } from 'vitest';
import { BROWSER_BACKEND_ORDER, describeBackend, gradientDescentLoop, InputError, selectBackend, tf } from '../src/browser.js';

// src/browser.ts is the library for the book's pages; in Node only its plain-JavaScript paths run.
describe('browser entry', () => {
  it('exports the whole library', () => {
    expect(typeof gradientDescentLoop).toBe('function');
  });

  it('selectBackend({ backend }) activates the one asked for, or throws an InputError naming it', async () => {
    expect(await selectBackend({ backend: 'cpu' })).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    await expect(selectBackend({ backend: 'webgpu' })).rejects.toThrow(new InputError('backend', 'The webgpu backend could not be loaded in this browser.'));
    await expect(selectBackend({ backend: 'vulkan' })).rejects.toThrow(InputError);
  });

  it('selectBackend() tries wasm first (its float32 arithmetic gives the book its numbers), then the GPU, then cpu', async () => {
    expect(BROWSER_BACKEND_ORDER.auto).toEqual(['wasm', 'webgpu', 'webgl', 'cpu']);
    expect(BROWSER_BACKEND_ORDER.gpu).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
    // Here in Node the wasm binaries are not beside src/browser.ts (the book copies them beside its bundle) and there is no GPU.
    expect(await selectBackend({ env: {} })).toBe('cpu');
    expect(await selectBackend({ env: { BACKPROP_BACKEND: 'gpu' } })).toBe('cpu');
  });

  it('describeBackend() names the backend, tfjs-core and the browser', async () => {
    await selectBackend({ backend: 'cpu' });
    expect(describeBackend()).toMatch(/^backend cpu · tfjs-core \d+\.\d+\.\d+ · browser \((Chrome \d+|unknown|\w+ \d+)\)$/);
  });
});
