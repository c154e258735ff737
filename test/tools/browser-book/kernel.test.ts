import { describe, expect, it } from 'vitest';
import { compileCell } from '../../../tools/browser-book/worker/compile-cell.js';
import { errorOutput, Kernel } from '../../../tools/browser-book/worker/kernel.js';

const library = { INPUTS: [[2, 1], [5, 1]], double: (x: number) => 2 * x, default: 'lib' };
const kernel = () => new Kernel(async (specifier) => {
  if (specifier === '../dist/index.js') return library;
  throw new Error(`no module ${specifier}`);
});

describe('compileCell(source)', () => {
  it('compileCell keeps every line where it was', () => {
    const source = "import {\n  INPUTS,\n} from '../dist/index.js';\nconst a: number = 1,\n  b = 2;\nclass C {\n}\nfunction f() {}\na + b";
    const { body, names } = compileCell(source);
    expect(body.split('\n')).toHaveLength(source.split('\n').length);
    expect(names.sort()).toEqual(['C', 'INPUTS', 'a', 'b', 'f']);
  });
});

describe('Kernel.run(source)', () => {
  it('Kernel.run shares top-level names between cells, as a notebook kernel does', async () => {
    const k = kernel();
    expect(await k.run("import { INPUTS, double } from '../dist/index.js';\nimport type { Matrix } from '../dist/index.js';")).toEqual({ ok: true, value: undefined });
    expect(await k.run('const settings = { rate: 0.1 };\nlet { rate } = settings;\nconst [first, ...rest] = INPUTS;\nfunction twice(x: number): number { return double(x) * (settings.rate * 10); }')).toMatchObject({ ok: true });
    expect(await k.run('twice(rate * 10) + first[0]! + rest.length')).toEqual({ ok: true, value: 5 });
    // Rerunning a settings cell changes what functions of earlier cells see, as in Jupyter.
    await k.run('const settings = { rate: 0.2 };');
    expect(await k.run('twice(1)')).toEqual({ ok: true, value: 4 });
  });

  it('Kernel.run supports top-level await, classes, enums and hoisted functions', async () => {
    const k = kernel();
    expect(await k.run('const v = await Promise.resolve(hoisted());\nfunction hoisted() { return 3; }\nclass Box { constructor(public x: number) {} }\nenum E { A, B }\nnew Box(v).x + E.B')).toEqual({ ok: true, value: 4 });
    expect(await k.run('new Box(1) instanceof Box && hoisted() === 3')).toEqual({ ok: true, value: true });
  });

  it('Kernel.run turns a throw into an error output naming the line of the cell', async () => {
    const result = await kernel().run('const a = 1;\n\nthrow new RangeError(`bad ${a}`);');
    expect(result).toEqual({ ok: false, error: { output_type: 'error', ename: 'RangeError', evalue: 'bad 1', traceback: ['RangeError: bad 1', '    at line 3 of this cell: throw new RangeError(`bad ${a}`);'] } });
  });

  it('Kernel.run reports syntax errors and failed imports as errors', async () => {
    const syntax = await kernel().run('const a = ;');
    expect(syntax.ok).toBe(false);
    expect(!syntax.ok && syntax.error.ename).toBe('SyntaxError');
    const missing = await kernel().run("import { x } from 'left-pad';");
    expect(!missing.ok && missing.error.evalue).toBe('no module left-pad');
  });

  it('errorOutput(error, source) takes thrown non-errors too', () => {
    expect(errorOutput(42, 'x')).toEqual({ output_type: 'error', ename: 'Error', evalue: 'Uncaught 42', traceback: ['Error: Uncaught 42'] });
  });
});
