/**
 * tslab type-checks every cell through a TypeScript watch program whose programs are
 * "emit and semantic diagnostics" builders. Such a builder, on every new program
 * (every cell, twice for a cell that declares anything), works out which files each
 * file references, for all of them: it asks the type checker for the symbol of every
 * import of every file, and walks every ambient module once per file. tslab uses none
 * of that state but one question, "which files does this cell depend on?" (to emit the
 * local .ts and .js modules a cell imports). With the library imported, the program
 * holds about 700 declaration files, most of them TensorFlow.js's, and that work was
 * most of each cell's compile.
 *
 * {@link installLightBuilders} makes the watch program use TypeScript's plain builder
 * (`createAbstractBuilder`: the program, its diagnostics and emit, nothing more) and
 * answers tslab's one question by following each file's resolved imports, triple-slash
 * references and type references: the same files the full builder finds, without the
 * type checker. What cells compile to, and every diagnostic, stay as they were.
 */
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

/** The part of a TypeScript source file this module reads (TypeScript 5.0's internals, as tslab's TypeScript has them). */
interface SourceFileLike {
  fileName: string;
  referencedFiles?: readonly { fileName: string }[];
  resolvedModules?: { forEach(fn: (resolution: { resolvedModule?: { resolvedFileName: string } } | undefined) => void): void };
  resolvedTypeReferenceDirectiveNames?: { forEach(fn: (resolution: { resolvedTypeReferenceDirective?: { resolvedFileName?: string } } | undefined) => void): void };
}

/** The part of a TypeScript program this module reads. */
interface ProgramLike {
  getSourceFile(fileName: string): SourceFileLike | undefined;
  getTypeChecker(): unknown;
}

/** The part of a TypeScript builder program this module sets. */
interface BuilderLike {
  getProgram(): ProgramLike;
  getAllDependencies(sourceFile: SourceFileLike): readonly string[];
}

type CreateProgram = (...args: unknown[]) => BuilderLike;

/** The part of the `typescript` module this module patches. */
export interface TypeScriptLike {
  /** `major.minor`, e.g. `5.0`. */
  versionMajorMinor?: string;
  createWatchCompilerHost(...args: unknown[]): unknown;
  createAbstractBuilder(...args: unknown[]): BuilderLike;
}

/**
 * Whether `ts` is the TypeScript these builders were written for: 5.0, tslab 1.0.22's
 * own. They read `resolvedModules` and `resolvedTypeReferenceDirectiveNames` off each
 * source file, which TypeScript 5.3 moved onto the program; on any other version
 * tslab keeps its own builders, slower but right.
 */
export function supportsLightBuilders(ts: Partial<TypeScriptLike>): boolean {
  return ts.versionMajorMinor === '5.0' && typeof ts.createAbstractBuilder === 'function';
}

/**
 * Every file `sourceFile` depends on, itself included, following resolved imports,
 * `/// <reference path>` and type references through the program: what tslab asks a
 * builder's `getAllDependencies` for.
 */
export function allDependencies(program: ProgramLike, sourceFile: SourceFileLike): string[] {
  const seen = new Set<string>([sourceFile.fileName]);
  const queue: SourceFileLike[] = [sourceFile];
  const visit = (fileName: string | undefined) => {
    if (fileName === undefined) return;
    const file = program.getSourceFile(fileName);
    if (file === undefined || seen.has(file.fileName)) return;
    seen.add(file.fileName);
    queue.push(file);
  };
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    file.resolvedModules?.forEach((resolution) => visit(resolution?.resolvedModule?.resolvedFileName));
    for (const reference of file.referencedFiles ?? []) visit(resolve(dirname(file.fileName), reference.fileName));
    file.resolvedTypeReferenceDirectiveNames?.forEach((resolution) => visit(resolution?.resolvedTypeReferenceDirective?.resolvedFileName));
  }
  return [...seen];
}

/**
 * A copy of the `typescript` module whose `createWatchCompilerHost`, when called
 * without a `createProgram` (as tslab calls it), builds plain programs whose
 * `getAllDependencies` is {@link allDependencies}. (A copy: the module's own exports
 * are getters that cannot be replaced.)
 */
export function withLightBuilders<T extends TypeScriptLike>(ts: T): T {
  const createProgram: CreateProgram = (...args) => {
    const builder = ts.createAbstractBuilder(...args);
    // The full builder creates the type checker at once, which binds every file; tslab
    // then reads a cell's declarations from its bound `locals`, so do the same.
    builder.getProgram().getTypeChecker();
    builder.getAllDependencies = (sourceFile) => allDependencies(builder.getProgram(), sourceFile);
    return builder;
  };
  return {
    ...ts,
    createWatchCompilerHost: (rootFiles: unknown, options: unknown, system: unknown, create?: unknown, ...rest: unknown[]) =>
      ts.createWatchCompilerHost(rootFiles, options, system, create ?? createProgram, ...rest),
  };
}

/**
 * Makes the TypeScript that tslab's package requires (`@tslab/typescript-for-tslab`,
 * resolved from `packageDir`) the copy {@link withLightBuilders} makes, in the
 * require cache, before tslab's converter loads. Does nothing if that package is not
 * there (a tslab that bundles another TypeScript keeps its own builders).
 *
 * @returns Whether the TypeScript was replaced.
 */
export function installLightBuilders(packageDir: string): boolean {
  const fromTslab = createRequire(join(packageDir, 'dist', 'converter.js'));
  let path: string;
  try {
    path = fromTslab.resolve('@tslab/typescript-for-tslab');
  } catch {
    return false;
  }
  const ts = fromTslab(path) as TypeScriptLike;
  const cached = fromTslab.cache[path];
  if (cached === undefined || !supportsLightBuilders(ts)) return false;
  if ((cached.exports as { [LIGHT]?: true })[LIGHT]) return true;
  cached.exports = Object.assign(withLightBuilders(ts), { [LIGHT]: true });
  return true;
}

const LIGHT = Symbol.for('backprop-ts.lightBuilders');
