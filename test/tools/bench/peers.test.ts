import { describe, expect, it } from 'vitest';
import { defaultPeers, peerVersion } from '../../../tools/bench/peers.js';

describe('defaultPeers', () => {
  it('defaultPeers pins NumPy to 1 and 2 BLAS threads without the variables that force an OpenBLAS kernel', () => {
    const saved = { ...process.env };
    process.env['OPENBLAS_CORETYPE'] = 'Prescott';
    process.env['OPENBLAS_L2_SIZE'] = '1048576';
    try {
      const [one, two, torch] = defaultPeers();
      expect([one!.env['OPENBLAS_NUM_THREADS'], two!.env['OPENBLAS_NUM_THREADS']]).toEqual(['1', '2']);
      for (const peer of [one!, two!]) {
        expect(peer.env['OPENBLAS_CORETYPE']).toBeUndefined();
        expect(peer.env['OPENBLAS_L2_SIZE']).toBeUndefined();
      }
      expect(torch!.python).toBe('/usr/bin/python3');
      expect(torch!.env).toMatchObject({ TORCH_THREADS: '2', OMP_WAIT_POLICY: 'PASSIVE', OPENBLAS_CORETYPE: 'Prescott' });
      expect(torch!.engines.map((e) => e.id)).toEqual(['torch-manual', 'torch-autograd']);
    } finally {
      process.env = saved;
    }
  });

  it('peerVersion reports a Python that is not there instead of throwing', () => {
    const [numpy] = defaultPeers();
    expect(peerVersion({ ...numpy!, python: '/nonexistent/python3' })).toEqual({ error: '/nonexistent/python3 not found' });
    expect(peerVersion({ ...numpy!, module: 'no_such_module_xyz' }).error).toMatch(/cannot import no_such_module_xyz|not found/);
  });
});
