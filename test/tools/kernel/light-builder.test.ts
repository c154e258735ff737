// tools/kernel/light-builder.ts: tslab's cells compile with plain TypeScript programs
// exactly as with TypeScript's builders (code, declarations, diagnostics, the local
// modules a cell imports), and allDependencies finds the files a builder would.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allDependencies, supportsLightBuilders, withLightBuilders, type TypeScriptLike } from '../../../tools/kernel/light-builder.js';
import { FULL_BUILDER_ENV, loadTslab } from '../../../tools/kernel/tslab-kernel.js';

const PROJECT = resolve(import.meta.dirname, '..', '..', '..');

describe('allDependencies', () => {
  type File = Parameters<typeof allDependencies>[1];
  const files = new Map<string, File>();
  const file = (fileName: string, deps: { imports?: string[]; references?: string[]; types?: string[] } = {}): File => {
    const made: File = {
      fileName,
      referencedFiles: (deps.references ?? []).map((f) => ({ fileName: f })),
      resolvedModules: { forEach: (fn) => [...(deps.imports ?? []), 'missing.ts'].forEach((f) => fn(f === 'missing.ts' ? { } : { resolvedModule: { resolvedFileName: f } })) },
      resolvedTypeReferenceDirectiveNames: { forEach: (fn) => (deps.types ?? []).forEach((f) => fn({ resolvedTypeReferenceDirective: { resolvedFileName: f } })) },
    };
    files.set(fileName, made);
    return made;
  };
  const program = { getSourceFile: (name: string) => files.get(name), getTypeChecker: () => ({}) };

  it('allDependencies follows imports, triple-slash references and type references, through cycles, each file once', () => {
    const cell = file('/nb/__tslab__.ts', { imports: ['/nb/a.ts', '/lib/index.d.ts'] });
    file('/nb/a.ts', { imports: ['/nb/b.js', '/nb/__tslab__.ts'] });
    file('/nb/b.js', { references: ['./c.d.ts'] });
    file('/nb/c.d.ts', { types: ['/types/node/index.d.ts'] });
    file('/types/node/index.d.ts');
    file('/lib/index.d.ts', { imports: ['/nb/a.ts'] });
    file('/unrelated.ts');
    expect(allDependencies(program, cell).sort()).toEqual(['/lib/index.d.ts', '/nb/__tslab__.ts', '/nb/a.ts', '/nb/b.js', '/nb/c.d.ts', '/types/node/index.d.ts']);
  });

  it('allDependencies of a file with nothing resolved is the file itself', () => {
    expect(allDependencies(program, { fileName: '/alone.ts' })).toEqual(['/alone.ts']);
  });
});

describe('withLightBuilders', () => {
  it('withLightBuilders passes a createProgram only where the caller gave none, and binds every file at once', () => {
    const calls: unknown[][] = [];
    let checkers = 0;
    const ts: TypeScriptLike & { version: string } = {
      version: '5.0',
      createWatchCompilerHost: (...args) => calls.push(args),
      createAbstractBuilder: () => ({ getProgram: () => ({ getSourceFile: () => undefined, getTypeChecker: () => checkers++ }), getAllDependencies: () => [] }),
    };
    const light = withLightBuilders(ts);
    expect(light.version).toBe('5.0');
    const mine = () => undefined;
    light.createWatchCompilerHost(['a.ts'], {}, 'sys', mine, 'report');
    light.createWatchCompilerHost(['a.ts'], {}, 'sys', null, 'report');
    expect(calls[0]).toEqual([['a.ts'], {}, 'sys', mine, 'report']);
    const createProgram = calls[1]![3] as (...args: unknown[]) => { getAllDependencies(f: { fileName: string }): readonly string[] };
    expect(createProgram).toBeTypeOf('function');
    expect(createProgram().getAllDependencies({ fileName: '/x.ts' })).toEqual(['/x.ts']);
    expect(checkers).toBe(1);
  });
});

describe('supportsLightBuilders', () => {
  const builder = () => ({ getProgram: () => ({ getSourceFile: () => undefined, getTypeChecker: () => undefined }), getAllDependencies: () => [] });
  it('supportsLightBuilders accepts TypeScript 5.0 only: 5.3 moved the resolutions it reads onto the program', () => {
    expect(supportsLightBuilders({ versionMajorMinor: '5.0', createAbstractBuilder: builder })).toBe(true);
    expect(supportsLightBuilders({ versionMajorMinor: '5.3', createAbstractBuilder: builder })).toBe(false);
    expect(supportsLightBuilders({ versionMajorMinor: '5.0' })).toBe(false);
    expect(supportsLightBuilders({})).toBe(false);
  });

  it("tslab's own TypeScript is the one it supports", () => {
    const ts = createRequire(join(loadTslab().packageDir, 'dist', 'converter.js'))('@tslab/typescript-for-tslab') as TypeScriptLike;
    expect(supportsLightBuilders(ts)).toBe(true);
  });
});

describe('loadTslab', () => {
  it(`loadTslab() gives tslab light builders, unless ${FULL_BUILDER_ENV}=1`, () => {
    const saved = process.env[FULL_BUILDER_ENV];
    try {
      process.env[FULL_BUILDER_ENV] = '1';
      expect(loadTslab().lightBuilders).toBe(false);
      delete process.env[FULL_BUILDER_ENV];
      expect(loadTslab().lightBuilders).toBe(true);
      expect(loadTslab().lightBuilders).toBe(true); // twice is harmless
    } finally {
      if (saved === undefined) delete process.env[FULL_BUILDER_ENV];
      else process.env[FULL_BUILDER_ENV] = saved;
    }
  });
});

describe("tslab's converter with light builders", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(os.tmpdir(), 'light-builder-'));
    await writeFile(join(dir, 'helper.ts'), "import { other } from './other';\nexport const double = (x: number): number => other(x) * 2;\n");
    await writeFile(join(dir, 'other.ts'), 'export const other = (x: number): number => x + 1;\n');
    await writeFile(join(dir, 'plain.js'), 'exports.triple = (x) => 3 * x;\n');
    await writeFile(join(dir, 'cells.json'), JSON.stringify([
      "const wrong: number = 'no';",
      "import { double } from './helper';\nconst y = double(2);\ny",
      'const z: string = y;',
      "import { INPUTS, tf } from '" + join(PROJECT, 'dist', 'index.js') + "';\nconst rows = INPUTS.length;\nconst t = tf.tensor1d([1, 2]);",
      'const n: string = rows;',
      "const { triple } = require('./plain.js');\nlet total = triple(rows);\ntotal += 1;",
      'interface Point { x: number }\nconst p: Point = { x: 1 };\nawait Promise.resolve(p);',
      'p.y',
    ]));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const convert = (light: boolean) =>
    execFileSync(process.execPath, [join(import.meta.dirname, 'fixtures', 'convert-cells.cjs'), PROJECT, join(dir, 'cells.json')], {
      cwd: dir, encoding: 'utf8', env: { ...process.env, LIGHT: light ? '1' : '0' },
    }).trim().split('\n').map((line) => JSON.parse(line) as { output?: string; declOutput?: string; diagnostics: [number, string][]; sideOutputs?: { path: string }[] });

  it('compiles every cell to the same code, declarations, diagnostics and local modules as TypeScript\'s builders', () => {
    const full = convert(false);
    const light = convert(true);
    expect(light).toEqual(full);
    expect(light).toHaveLength(8);
    // What the cells check: errors are found, locals carry over, local .ts modules are emitted.
    expect(light[0]!.diagnostics.map((d) => d[1])).toEqual(["Type 'string' is not assignable to type 'number'."]);
    expect(light[1]!.sideOutputs?.map((s) => s.path).sort()).toEqual([join(dir, 'helper.js'), join(dir, 'other.js')]);
    expect(light[1]!.declOutput).toContain('declare const y: number;');
    expect(light[2]!.diagnostics.map((d) => d[1])).toEqual(["Type 'number' is not assignable to type 'string'."]);
    expect(light[4]!.diagnostics.map((d) => d[1])).toEqual(["Type 'number' is not assignable to type 'string'."]);
    expect(light[7]!.diagnostics.map((d) => d[1])).toEqual(["Property 'y' does not exist on type 'Point'."]);
  }, 60_000);
});
