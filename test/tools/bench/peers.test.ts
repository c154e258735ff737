// How the bench runs each Python peer: its Python, its environment (threads, glibc's
// allocator, OpenBLAS' kernel), the command, and the choice of PyTorch's OpenBLAS kernel.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import {
  CALIBRATION_SETTINGS, KEEP_MEMORY, benchVenv, chooseSetup, defaultPeers, openblasCoreType, peerCommand, peerEnv, peerVersion, pickFastest, pythonCandidates, setupName, torchSetups,
} from '../../../tools/bench/peers.js';

const PYTHONS = { numpy: { python: '/venv/bin/python' }, torch: { python: '/usr/bin/python3' } };
const MALLOC = ['MALLOC_MMAP_THRESHOLD_', 'MALLOC_TRIM_THRESHOLD_', 'MALLOC_TOP_PAD_'];

/** An inherited environment full of variables that would steer the peers. */
const INHERITED = {
  PATH: '/usr/bin', HOME: '/root', OPENBLAS_CORETYPE: 'Prescott', OPENBLAS_L2_SIZE: '1048576', OPENBLAS_NUM_THREADS: '8', OMP_NUM_THREADS: '8',
  MALLOC_MMAP_THRESHOLD_: '4096', MALLOC_ARENA_MAX: '1',
};

describe('defaultPeers', () => {
  it('runs NumPy on 1 thread with memory kept and with glibc defaults, on 2 threads with memory kept, and PyTorch on 1 thread', () => {
    const peers = defaultPeers(PYTHONS);
    expect(peers.map((p) => p.engines.map((e) => e.id))).toEqual([['numpy-1'], ['numpy-1-glibc'], ['numpy-2'], ['torch-manual', 'torch-autograd']]);
    expect(peers.map((p) => p.python)).toEqual(['/venv/bin/python', '/venv/bin/python', '/venv/bin/python', '/usr/bin/python3']);
    expect(peers.map((p) => p.threads)).toEqual([1, 1, 2, 1]);
    expect(peers[2]!.engines[0]!.label).toBe('NumPy, 2 threads');
    expect(peers[1]!.engines[0]!.label).toBe("NumPy, 1 thread, glibc's default allocator");
  });

  it("gives each peer exactly its settings on top of the inherited environment, without the inherited variables that steer OpenBLAS or glibc's allocator", () => {
    const [one, glibc, two, torch] = defaultPeers(PYTHONS).map((p) => peerEnv(p, INHERITED));
    expect(one).toMatchObject({ PATH: '/usr/bin', HOME: '/root', OPENBLAS_NUM_THREADS: '1', ...KEEP_MEMORY, PYTHONDONTWRITEBYTECODE: '1' });
    expect(two).toMatchObject({ OPENBLAS_NUM_THREADS: '2', ...KEEP_MEMORY });
    expect(glibc!['OPENBLAS_NUM_THREADS']).toBe('1');
    for (const name of MALLOC) expect(glibc![name], name).toBeUndefined();
    expect(torch).toMatchObject({ TORCH_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', ...KEEP_MEMORY });
    for (const env of [one, glibc, two, torch]) {
      expect(env!['OPENBLAS_CORETYPE']).toBeUndefined(); // not inherited: PyTorch's is chosen by measurement
      expect(env!['OPENBLAS_L2_SIZE']).toBeUndefined();
      expect(env!['MALLOC_ARENA_MAX']).toBeUndefined();
    }
    expect(KEEP_MEMORY).toEqual({ MALLOC_MMAP_THRESHOLD_: '1073741824', MALLOC_TRIM_THRESHOLD_: '1073741824', MALLOC_TOP_PAD_: '67108864' });
  });

  it("sets PyTorch's OPENBLAS_CORETYPE only when one was chosen, and says so", () => {
    const chosen = defaultPeers({ ...PYTHONS, torch: { python: '/usr/bin/python3', coreType: 'SkylakeX' } }, { torch: 'measured fastest' })[3]!;
    expect(peerEnv(chosen, INHERITED)['OPENBLAS_CORETYPE']).toBe('SkylakeX');
    expect(chosen.why).toMatch(/OPENBLAS_CORETYPE=SkylakeX; measured fastest$/);
    expect(defaultPeers(PYTHONS)[3]!.why).toMatch(/OpenBLAS' own choice of kernel/);
  });

  it('peerVersion reports a Python that is not there instead of throwing', () => {
    const [numpy] = defaultPeers(PYTHONS);
    expect(peerVersion({ ...numpy!, python: '/nonexistent/python3' })).toEqual({ error: '/nonexistent/python3 not found' });
    expect(peerVersion({ ...numpy!, python: 'python3', module: 'no_such_module_xyz' }).error).toMatch(/cannot import no_such_module_xyz|not found/);
  });
});

describe('pythonCandidates', () => {
  const venv = '/home/x/.cache/backprop-ts/bench-venv';
  it("tries the bench virtualenv's python first (for PyTorch only when it has torch), then Debian's; or the one Python named", () => {
    const env = { BACKPROP_BENCH_VENV: venv };
    expect(pythonCandidates(env, () => true, () => true)).toEqual({ numpy: [`${venv}/bin/python`, '/usr/bin/python3'], torch: [`${venv}/bin/python`, '/usr/bin/python3'] });
    expect(pythonCandidates(env, () => true, () => false)).toEqual({ numpy: [`${venv}/bin/python`, '/usr/bin/python3'], torch: ['/usr/bin/python3'] });
    expect(pythonCandidates(env, () => false, () => true)).toEqual({ numpy: ['python3', '/usr/bin/python3'], torch: ['/usr/bin/python3'] });
    expect(pythonCandidates({ ...env, BACKPROP_BENCH_NUMPY_PYTHON: '/opt/py', BACKPROP_BENCH_TORCH_PYTHON: '/opt/tpy' }, () => true, () => true)).toEqual({ numpy: ['/opt/py'], torch: ['/opt/tpy'] });
    expect(benchVenv({ HOME: '/h' })).toMatch(/\.cache\/backprop-ts\/bench-venv$/);
  });

  it("torchSetups tries each Python with OpenBLAS' own kernel, then with the one the CPU's flags suggest", () => {
    expect(torchSetups(['/a', '/b'], 'SkylakeX').map(setupName)).toEqual(['/a', '/a, OPENBLAS_CORETYPE=SkylakeX', '/b', '/b, OPENBLAS_CORETYPE=SkylakeX']);
    expect(torchSetups(['/a'], null)).toEqual([{ python: '/a' }]); // no AVX2 or AVX-512: nothing to force
  });
});

describe('chooseSetup', () => {
  const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;
  it.skipIf(!hasNumpy)("times the peer's own training code with each candidate and keeps one that ran", () => {
    const choice = chooseSetup('numpy_peer.py', [{ python: '/nonexistent/python3' }, { python: 'python3' }], CALIBRATION_SETTINGS.numpy);
    expect(choice.setup).toEqual({ python: 'python3' });
    expect(choice.seconds['/nonexistent/python3']).toBeNaN();
    expect(choice.seconds['python3']).toBeGreaterThan(0);
    expect(choice.details['python3']).toMatch(/^\d+\.\d+/);
  }, 120_000);
});

describe('peerCommand', () => {
  it('gives a two-thread peer every allowed CPU back in a pinned bench, and leaves one-thread peers on the pinned CPU', () => {
    const [one, , two, torch] = defaultPeers(PYTHONS);
    const pinned = { BACKPROP_BENCH_CPU: '0', BACKPROP_BENCH_CPUS: '0-1' };
    expect(peerCommand(two!, '/tmp/c.json', pinned).slice(0, 4)).toEqual(['taskset', '-c', '0-1', '/venv/bin/python']);
    expect(peerCommand(one!, '/tmp/c.json', pinned)[0]).toBe('/venv/bin/python');
    expect(peerCommand(torch!, '/tmp/c.json', pinned)[0]).toBe('/usr/bin/python3');
    expect(peerCommand(two!, '/tmp/c.json', {})[0]).toBe('/venv/bin/python');
    expect(peerCommand(one!, '/tmp/c.json', {}).at(-1)).toBe('/tmp/c.json');
  });
});

describe('choosing how a peer runs', () => {
  it('openblasCoreType suggests SkylakeX with AVX-512, Haswell with AVX2, nothing otherwise', () => {
    expect(openblasCoreType('flags\t: fpu sse avx2 avx512f avx512bw')).toBe('SkylakeX');
    expect(openblasCoreType('flags\t: fpu sse avx avx2 fma')).toBe('Haswell');
    expect(openblasCoreType('flags\t: fpu sse sse2')).toBeUndefined();
  });

  it('pickFastest keeps the preferred candidate unless a later one is at least 10% faster, and skips those that did not run', () => {
    const pick = (...seconds: (number | undefined)[]) => pickFastest(seconds.map((s, i) => ({ candidate: i, seconds: s })));
    expect(pick(0.1, 0.095)).toBe(0); // 5%: noise, keep the first (OpenBLAS' own kernel, the virtualenv's Python)
    expect(pick(0.5, 0.1)).toBe(1); // the mis-detected "Prescott" case
    expect(pick(0.1, 0.2)).toBe(0);
    expect(pick(undefined, 0.2)).toBe(1);
    expect(pick(NaN, 0.3, 0.2)).toBe(2);
    expect(pick(0.4, 0.3, 0.28)).toBe(1); // 0.28 is not 10% faster than 0.3
    expect(pick()).toBeUndefined();
  });
});
