// A small benchmark report for the report and chart tests.
import { measuredEntry, type BenchmarkReport } from '../../src/speed/benchmark.js';
import { WORKLOADS } from '../../src/speed/workloads.js';

/** A small report: NumPy and one of ours on W1 and W3, one stack missing. */
export function sampleReport(): BenchmarkReport {
  const [w1, , w3] = WORKLOADS as [typeof WORKLOADS[0], typeof WORKLOADS[0], typeof WORKLOADS[0]];
  return {
    createdAt: '2025-01-01T00:00:00.000Z',
    quick: false,
    machine: { cpu: 'test CPU', cores: 2 },
    workloads: [w1, w3],
    ceilings: [{ engine: 'numpy-1', label: 'NumPy', gflops: 100 }],
    baseline: 'numpy-1',
    entries: [
      measuredEntry(w1, { engine: 'numpy-1', label: 'NumPy, 1 thread' }, { secondsPerEpoch: [10e-6, 8e-6, 9e-6], firstLoss: 2 }),
      measuredEntry(w3, { engine: 'numpy-1', label: 'NumPy, 1 thread' }, { secondsPerEpoch: [0.1, 0.2] }),
      measuredEntry(w1, { engine: 'typed', label: 'ours, typed' }, { secondsPerEpoch: [0.9e-6], firstLoss: 2 }),
      measuredEntry(w3, { engine: 'typed', label: 'ours, typed' }, { secondsPerEpoch: [0.5], rows: 6_000 }),
      { engine: 'torch-manual', label: 'PyTorch', workload: 'W1', status: 'missing', note: 'install: apt-get install -y python3-torch' },
      { engine: 'torch-manual', label: 'PyTorch', workload: 'W3', status: 'missing' },
    ],
  };
}
