// The reproduction report (`npm run report`): its main() in-process, and the built
// command as a process once (npm test builds first).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { EXIT, USAGE, main } from '../../../tools/report/main.js';
import { itHasTheCliShape, runMain } from '../cli-shape.js';

describe('report main', () => {
  itHasTheCliShape({ main, USAGE, EXIT }, [
    [['--bogus'], /Unknown option '--bogus'/],
    [['W1'], /Unexpected argument 'W1'/],
  ]);

  it('USAGE names the command and lists the exit codes', () => {
    expect(USAGE).toMatch(/^Usage: npm run report\n/);
    expect(USAGE).toContain('Exit codes: 0 every number agrees, 1 at least one does not, 2 usage error.');
  });

  it('main([]) prints every number beside the article\'s and exits 0 when all agree', async () => {
    const result = await runMain(main);
    expect(result.stdout).toMatch(/^Reproduction report \(.+\)\n\nsection +quantity +article +ours +agreement +agrees\n/);
    expect(result.stdout).toMatch(/^(\d+) of \1 numbers agree with the article\.\n$/m);
    expect(result.code).toBe(EXIT.ok);
  });
});

describe('report as a process', () => {
  it('node dist-tools/report/main.js prints the report and exits 0', () => {
    const result = spawnSync(process.execPath, ['dist-tools/report/main.js'], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, BACKPROP_BACKEND: 'cpu' } });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Reproduction report \(.*cpu.*\)/);
    expect(result.stdout).toMatch(/^(\d+) of \1 numbers agree with the article\.$/m);
  });
});
