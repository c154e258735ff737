/**
 * Test helper: a structural check of nbformat 4.5 notebook JSON as found on
 * disk (the rules of the nbformat v4.5 JSON schema that matter here).
 * Returns the list of problems; empty means valid.
 */
type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isMultiline = (value: unknown): boolean =>
  typeof value === 'string' || (Array.isArray(value) && value.every((line) => typeof line === 'string'));

function checkKeys(problems: string[], at: string, value: Json, required: string[], allowed: string[]): void {
  for (const key of required) if (!(key in value)) problems.push(`${at}: missing ${key}`);
  for (const key of Object.keys(value)) if (!allowed.includes(key)) problems.push(`${at}: unexpected ${key}`);
}

export function nbformat45Problems(json: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(json)) return ['top level is not an object'];
  checkKeys(problems, 'notebook', json, ['cells', 'metadata', 'nbformat', 'nbformat_minor'], ['cells', 'metadata', 'nbformat', 'nbformat_minor']);
  if (json['nbformat'] !== 4) problems.push('nbformat is not 4');
  if (typeof json['nbformat_minor'] !== 'number' || json['nbformat_minor'] < 5) problems.push('nbformat_minor < 5');
  const cells = Array.isArray(json['cells']) ? json['cells'] : [];
  const ids = new Set<string>();
  cells.forEach((cell: unknown, index) => {
    const at = `cells[${index}]`;
    if (!isObject(cell)) return void problems.push(`${at}: not an object`);
    const id = cell['id'];
    if (typeof id !== 'string' || !/^[a-zA-Z0-9-_]{1,64}$/.test(id)) problems.push(`${at}: invalid id ${String(id)}`);
    else if (ids.has(id)) problems.push(`${at}: duplicate id ${id}`);
    else ids.add(id);
    if (!isMultiline(cell['source'])) problems.push(`${at}: bad source`);
    if (!isObject(cell['metadata'])) problems.push(`${at}: bad metadata`);
    if (cell['cell_type'] === 'code') {
      checkKeys(problems, at, cell, ['id', 'cell_type', 'metadata', 'source', 'outputs', 'execution_count'], ['id', 'cell_type', 'metadata', 'source', 'outputs', 'execution_count']);
      const count = cell['execution_count'];
      if (count !== null && !Number.isInteger(count)) problems.push(`${at}: bad execution_count`);
      const outputs = Array.isArray(cell['outputs']) ? cell['outputs'] : [];
      outputs.forEach((output: unknown, o) => outputProblems(problems, `${at}.outputs[${o}]`, output));
    } else if (cell['cell_type'] === 'markdown' || cell['cell_type'] === 'raw') {
      checkKeys(problems, at, cell, ['id', 'cell_type', 'metadata', 'source'], ['id', 'cell_type', 'metadata', 'source', 'attachments']);
    } else {
      problems.push(`${at}: bad cell_type`);
    }
  });
  return problems;
}

function outputProblems(problems: string[], at: string, output: unknown): void {
  if (!isObject(output)) return void problems.push(`${at}: not an object`);
  switch (output['output_type']) {
    case 'stream':
      checkKeys(problems, at, output, ['output_type', 'name', 'text'], ['output_type', 'name', 'text']);
      if (!isMultiline(output['text'])) problems.push(`${at}: bad text`);
      return;
    case 'display_data':
      checkKeys(problems, at, output, ['output_type', 'data', 'metadata'], ['output_type', 'data', 'metadata']);
      return;
    case 'execute_result':
      checkKeys(problems, at, output, ['output_type', 'data', 'metadata', 'execution_count'], ['output_type', 'data', 'metadata', 'execution_count']);
      return;
    case 'error':
      checkKeys(problems, at, output, ['output_type', 'ename', 'evalue', 'traceback'], ['output_type', 'ename', 'evalue', 'traceback']);
      return;
    default:
      problems.push(`${at}: bad output_type`);
  }
}
