/**
 * Test helper: transpiles tools/notebook-runner/*.ts and the kernel launcher it
 * starts (tools/kernel/*.ts) to JavaScript in a temporary folder, so that tests can
 * run the CLI as a real child process without depending on the project build. The
 * folder gets a `node_modules` link to the project's, so `zeromq`, `tslab` and
 * `node_modules/.bin/tslab` resolve.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';

const PROJECT = resolve(import.meta.dirname, '../../..');
const SOURCES = join(PROJECT, 'tools', 'notebook-runner');

/** A transpiled copy of the runner. */
export interface BuiltRunner {
  /** Path of the transpiled cli.js. */
  cli: string;
  /** Folder of the transpiled modules. */
  dir: string;
  remove(): Promise<void>;
}

/** Transpiles the runner into a new temporary folder. */
export async function buildRunner(): Promise<BuiltRunner> {
  const root = await mkdtemp(join(tmpdir(), 'notebook-runner-build-'));
  const out = join(root, 'notebook-runner');
  await mkdir(out);
  await symlink(join(PROJECT, 'node_modules'), join(root, 'node_modules'), 'dir');
  await writeFile(join(root, 'package.json'), JSON.stringify({ type: 'module' }));
  const transpile = async (from: string, to: string) => {
    const { outputText } = ts.transpileModule(await readFile(from, 'utf8'), {
      fileName: from,
      compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 },
    });
    await writeFile(to, outputText);
  };
  for (const [sources, target] of [[SOURCES, out], [join(PROJECT, 'tools', 'kernel'), join(root, 'kernel')]] as const) {
    await mkdir(target, { recursive: true });
    for (const name of await readdir(sources)) {
      if (!name.endsWith('.ts') || name.endsWith('.d.ts')) continue;
      await transpile(join(sources, name), join(target, name.replace(/\.ts$/, '.js')));
    }
  }
  // Shared by the tools' command lines: the runner's CLI imports it from one folder up.
  await transpile(join(PROJECT, 'tools', 'cli.ts'), join(root, 'cli.js'));
  return { cli: join(out, 'cli.js'), dir: out, remove: () => rm(root, { recursive: true, force: true }) };
}
