/**
 * `compileCell(source)`: one notebook cell's TypeScript as the body of a function that
 * runs it in the page's kernel scope, as tslab runs it in Jupyter: later cells see the
 * cell's top-level names, top-level `await` works, and the last expression is the
 * cell's value. Types are stripped (sucrase), not checked.
 *
 * The body runs as `with (scope) { return (async () => { body })(); }`, so every name the
 * cell does not declare itself is looked up in the scope first, then in the worker's
 * globals. Top-level declarations become assignments to the scope's names:
 *
 * ```ts
 * import { INPUTS } from '../dist/index.js';   // ;const __m0 = await __import("../dist/index.js"); INPUTS = __m0.INPUTS;
 * const { weights } = trainLoop(INPUTS);       // ;({ weights } = trainLoop(INPUTS));
 * class Model {}                               // Model = class Model {};
 * function step() {}                           // kept (hoisted); its name is copied to the scope first
 * weights.length                               // return (weights.length);
 * ```
 *
 * Every edit keeps the cell's line breaks, so an error's line is the cell's own line.
 */
import { parse, type Node as AcornNode } from 'acorn';
import { transform } from 'sucrase';

/** A cell ready to run: see {@link cellFunction}. */
export interface CompiledCell {
  /** The function body (JavaScript, sloppy mode: it uses `with`). */
  body: string;
  /** Top-level names the cell declares; they must exist in the scope before it runs. */
  names: string[];
}

type Node = AcornNode & Record<string, unknown>;
type Edit = [start: number, end: number, text: string];

/** Names bound by a declaration's pattern: `a`, `{ a, b: [c] }`, `...rest`. */
function boundNames(pattern: Node, out: string[] = []): string[] {
  switch (pattern.type) {
    case 'Identifier':
      out.push(pattern['name'] as string);
      break;
    case 'ObjectPattern':
      for (const p of pattern['properties'] as Node[]) boundNames(p.type === 'RestElement' ? p : (p['value'] as Node), out);
      break;
    case 'ArrayPattern':
      for (const e of pattern['elements'] as (Node | null)[]) if (e) boundNames(e, out);
      break;
    case 'RestElement':
      boundNames(pattern['argument'] as Node, out);
      break;
    case 'AssignmentPattern':
      boundNames(pattern['left'] as Node, out);
      break;
  }
  return out;
}

const lines = (text: string) => text.split('\n').length - 1;
/** `text` padded with line breaks so it spans as many lines as `original`. */
const sameLines = (original: string, text: string) => text + '\n'.repeat(Math.max(0, lines(original) - lines(text)));

/**
 * Compiles a cell. `SyntaxError`s (from sucrase or the parser) carry the cell's line in
 * their message.
 */
export function compileCell(source: string): CompiledCell {
  const js = transform(source, { transforms: ['typescript'], disableESTransforms: true, keepUnusedImports: true }).code;
  const program = parse(js, {
    ecmaVersion: 'latest',
    sourceType: 'module',
    allowAwaitOutsideFunction: true,
    allowReturnOutsideFunction: true,
    allowImportExportEverywhere: true,
  }) as unknown as { body: Node[] };
  const names = new Set<string>();
  const hoisted: string[] = [];
  const edits: Edit[] = [];
  let modules = 0;
  const text = (node: Node) => js.slice(node.start, node.end);

  const declaration = (node: Node, last: boolean, exportStart?: number): void => {
    const start = exportStart ?? node.start;
    switch (node.type) {
      case 'ImportDeclaration': {
        const m = `__m${modules++}`;
        const parts = [`;const ${m} = await __import(${JSON.stringify((node['source'] as Node)['value'])});`];
        for (const s of node['specifiers'] as Node[]) {
          const local = (s['local'] as Node)['name'] as string;
          names.add(local);
          if (s.type === 'ImportDefaultSpecifier') parts.push(`${local} = ${m}.default;`);
          else if (s.type === 'ImportNamespaceSpecifier') parts.push(`${local} = ${m};`);
          else {
            const imported = s['imported'] as Node;
            const key = imported.type === 'Identifier' ? `.${imported['name'] as string}` : `[${JSON.stringify(imported['value'])}]`;
            parts.push(`${local} = ${m}${key};`);
          }
        }
        edits.push([start, node.end, sameLines(js.slice(start, node.end), parts.join(' '))]);
        return;
      }
      case 'VariableDeclaration': {
        const kind = node['kind'] as string;
        const declarations = node['declarations'] as Node[];
        // `const a = 1, { b } = c;` → `;(a = 1), ({ b } = c);`: the same text, keyword out, each declarator wrapped.
        edits.push([start, (node.start as number) + kind.length, ';']);
        for (const d of declarations) {
          const id = d['id'] as Node;
          boundNames(id).forEach((n) => names.add(n));
          if (d['init'] === null) {
            edits.push([d.start, d.end, kind === 'var' ? `(void 0)` : `(${boundNames(id).map((n) => `${n} = undefined`).join(', ')})`]);
          } else {
            edits.push([d.start, d.start, '('], [d.end, d.end, ')']);
          }
        }
        return;
      }
      case 'FunctionDeclaration': {
        const name = (node['id'] as Node)['name'] as string;
        names.add(name);
        hoisted.push(name);
        if (exportStart !== undefined) edits.push([exportStart, node.start, '']);
        return;
      }
      case 'ClassDeclaration': {
        const name = (node['id'] as Node)['name'] as string;
        names.add(name);
        edits.push([start, node.start, `${name} = `], [node.end, node.end, ';']);
        return;
      }
      case 'ExportNamedDeclaration':
      case 'ExportDefaultDeclaration': {
        const inner = node['declaration'] as Node | null;
        if (inner && node.type === 'ExportNamedDeclaration') declaration(inner, last, node.start);
        else if (inner) edits.push([node.start, inner.start, '']); // `export default expr` runs expr
        else edits.push([node.start, node.end, sameLines(text(node), '')]); // `export { a }`: the names are already shared
        return;
      }
      case 'ExpressionStatement':
        if (last) {
          const expression = node['expression'] as Node;
          edits.push([node.start, expression.start, ';return ('], [expression.end, node.end, ');']);
        }
        return;
    }
  };
  program.body.forEach((node, i) => declaration(node, i === program.body.length - 1));

  let body = js;
  for (const [start, end, replacement] of edits.sort((a, b) => b[0] - a[0] || b[1] - a[1])) {
    body = body.slice(0, start) + replacement + body.slice(end);
  }
  // Hoisted functions exist from the first line: copy them into the scope there, on line 1.
  const prologue = hoisted.map((n) => `__scope[${JSON.stringify(n)}] = ${n};`).join(' ');
  return { body: prologue + body, names: [...names] };
}

/**
 * The cell as a function of the kernel scope and the import hook; `name` becomes the
 * script's file name in stack traces (`//# sourceURL`), so errors can name the cell's line.
 * Call it to run the cell: it returns a promise of the cell's value.
 */
export function cellFunction(cell: CompiledCell, name: string): (scope: Record<string, unknown>, importer: (specifier: string) => Promise<unknown>) => Promise<unknown> {
  return new Function(
    '__scope',
    '__import',
    `with (__scope) { return (async () => { ${cell.body}\n})(); }\n//# sourceURL=${name}`,
  ) as (scope: Record<string, unknown>, importer: (specifier: string) => Promise<unknown>) => Promise<unknown>;
}
