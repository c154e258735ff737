// kernel-install (`npm run kernel:install`) without Jupyter: its main() in-process for
// usage and a Python that is not there, and the built command as a process once.
// test/jupyter/kernel-install.test.ts runs it against Debian's real Jupyter.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT, USAGE, main } from '../../../tools/jupyter/kernel-install.js';
import { itHasTheCliShape, runMain } from '../cli-shape.js';

const root = mkdtempSync(join(tmpdir(), 'backprop-ts-kernel-install-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const noPython = join(root, 'no-such-python');

describe('kernel-install main', () => {
  itHasTheCliShape({ main, USAGE, EXIT }, [
    [['--user', '--prefix', 'x'], /at most one of --user, --sys-prefix, --prefix but found --user and --prefix/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['--python', ''], /Expected --python to name a Python but found an empty string/],
  ]);

  it('USAGE names the command and lists the exit codes', () => {
    expect(USAGE).toMatch(/^Usage: npm run kernel:install -- /);
    expect(USAGE).toContain('Exit codes: 0 registered, 1 no Jupyter for that Python, 2 usage error');
  });

  it('main(["--python", <missing>]) exits 1 and names the Python', async () => {
    const result = await runMain(main, '--python', noPython, '--prefix', join(root, 'unused'));
    expect(result.code).toBe(EXIT.noJupyter);
    expect(result.stderr).toContain(`Python not found: ${noPython}`);
    expect(result.stdout).toBe('');
  });
});

describe('kernel-install as a process', () => {
  it('node dist-tools/jupyter/kernel-install.js --python <missing> exits 1 and names the Python', () => {
    const result = spawnSync(process.execPath, ['dist-tools/jupyter/kernel-install.js', '--python', noPython, '--prefix', join(root, 'unused')], { encoding: 'utf8', timeout: 60_000 });
    expect(result.status).toBe(EXIT.noJupyter);
    expect(result.stderr).toContain(`Python not found: ${noPython}`);
  });
});
