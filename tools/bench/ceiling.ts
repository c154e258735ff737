/**
 * The machine's float32 ceiling as each stack sees it: the best GFLOP/s of an n×n
 * matrix product (n = 1024; smaller for the slow pure-JavaScript stacks in quick
 * runs). NumPy and PyTorch measure theirs in their own scripts.
 */
import { tf } from 'backprop-ts';

/** Best of `repeats` runs of `fn`, in seconds. */
function best(fn: () => void, repeats: number): number {
  fn();
  let seconds = Infinity;
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    fn();
    seconds = Math.min(seconds, (performance.now() - start) / 1000);
  }
  return seconds;
}

/** GFLOP/s of `tf.matMul` on the active backend. */
export function tfjsMatmulGflops(n: number, repeats: number): number {
  const [a, b] = [tf.randomUniform([n, n]), tf.randomUniform([n, n])];
  try {
    // The read-back stays outside tf.tidy: tidy walks what it returns, value by value.
    const product = () => {
      const c = tf.matMul(a, b);
      c.dataSync();
      c.dispose();
    };
    return (2 * n ** 3) / best(product, repeats) / 1e9;
  } finally {
    tf.dispose([a, b]);
  }
}

/** GFLOP/s of the plain loops our typed engine uses (row by row, contiguous inner loop), in float32 arrays. */
export function loopMatmulGflops(n: number, repeats: number): number {
  const a = Float32Array.from({ length: n * n }, () => Math.random());
  const b = Float32Array.from({ length: n * n }, () => Math.random());
  const c = new Float32Array(n * n);
  const multiply = () => {
    c.fill(0);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < n; k++) {
        const aik = a[i * n + k]!;
        for (let j = 0; j < n; j++) c[i * n + j] = c[i * n + j]! + aik * b[k * n + j]!;
      }
    }
  };
  return (2 * n ** 3) / best(multiply, repeats) / 1e9;
}
