import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import { loadOnnxRuntime, onnxRuntimeAvailable } from '../../../src/network/engines/onnx-runtime.js';

describe('loadOnnxRuntime', () => {
  it('loadOnnxRuntime(load) without the package throws an InputError naming the engine and saying how to install it', () => {
    const missing = (id: string) => {
      throw Object.assign(new Error(`Cannot find module '${id}'\nRequire stack: …`), { code: 'MODULE_NOT_FOUND' });
    };
    const error = (() => {
      try {
        loadOnnxRuntime(missing);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).argument).toBe('engine');
    expect((error as Error).message).toBe(
      "The onnx engine needs the optional package onnxruntime-node, which is not installed or did not load (Cannot find module 'onnxruntime-node'). " +
        'Install it with `npm install onnxruntime-node@1.30.0` (its CPU library ships inside the package; put `onnxruntime-node-install=skip` in .npmrc to skip its CUDA download), or choose the engine "tensor" or "typed".',
    );
  });

  it('loadOnnxRuntime(load) with a binding of another shape (another version) says so, as not available', () => {
    class Session {
      loadModel() {}
      dispose() {}
    }
    const other = (id: string) => (id === 'onnxruntime-node' ? { Tensor: class {} } : { binding: { InferenceSession: Session }, initOrt: () => undefined });
    expect(() => loadOnnxRuntime(other)).toThrow(/did not load \(its binding has no InferenceSession\.run; this engine was written for onnxruntime-node 1\.30\)/);
  });

  it.skipIf(!onnxRuntimeAvailable())('loadOnnxRuntime() loads the installed package once and runs a model synchronously', () => {
    expect(loadOnnxRuntime()).toBe(loadOnnxRuntime());
    expect(loadOnnxRuntime().tensor(Float32Array.of(1, 2), [2]).dims).toEqual([2]);
    expect(loadOnnxRuntime().indexTensor(Int32Array.of(3, 1), [2]).data).toEqual(Int32Array.of(3, 1));
  });
});
