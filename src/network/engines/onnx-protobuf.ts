/**
 * Just enough of ONNX's protobuf encoding to write a model from TypeScript: the
 * handful of messages a graph of float32 tensors needs (model, graph, node,
 * attribute, tensor, value info), each written field by field. No protobuf
 * library: a message is its fields' bytes one after another, and a field is a tag
 * (field number · 8 + wire type) then a varint, 4 little-endian bytes, or a length
 * and bytes. Field numbers are those of `onnx/onnx.proto3`. Used by `onnx-graph.ts`;
 * the engine it serves is measured in `09-does-vectorization-pay.ipynb`.
 */

/** Protobuf wire types: varint, 32-bit, length-delimited. */
const VARINT = 0;
const FIXED32 = 5;
const BYTES = 2;

const utf8 = new TextEncoder();

/** Joins encoded fields into one message body. */
function join(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** A varint: 7 bits a byte, low first; negative int64 values as their 64-bit two's complement (10 bytes). */
function varint(value: number | bigint): Uint8Array {
  let v = BigInt.asUintN(64, BigInt(value));
  const bytes: number[] = [];
  do {
    const low = Number(v & 0x7fn);
    v >>= 7n;
    bytes.push(v === 0n ? low : low | 0x80);
  } while (v !== 0n);
  return Uint8Array.from(bytes);
}

const tag = (field: number, wire: number) => varint(field * 8 + wire);
const int = (field: number, value: number) => join([tag(field, VARINT), varint(value)]);
const bytes = (field: number, body: Uint8Array) => join([tag(field, BYTES), varint(body.length), body]);
const text = (field: number, value: string) => bytes(field, utf8.encode(value));
const float = (field: number, value: number) => {
  const body = new Uint8Array(4);
  new DataView(body.buffer).setFloat32(0, value, true);
  return join([tag(field, FIXED32), body]);
};
const packedInts = (field: number, values: readonly number[]) => bytes(field, join(values.map(varint)));

/** ONNX element types (TensorProto.DataType). */
export const FLOAT32 = 1;
export const INT32 = 6;
export const INT64 = 7;
export const BOOL = 9;

/** An encoded ONNX message (the bytes of its fields). */
export type Message = Uint8Array;

/** One node attribute's value: a float, an integer, a list of integers, or a graph (a `Loop`'s body, from {@link graph}). */
export type AttributeValue = number | { int: number } | { ints: readonly number[] } | { graph: Message };

/** AttributeProto: name (1), f (2), i (3), g (6), ints (8), type (20: FLOAT 1, INT 2, GRAPH 5, INTS 7). */
function attribute(name: string, value: AttributeValue): Message {
  if (typeof value === 'number') return join([text(1, name), float(2, value), int(20, 1)]);
  if ('int' in value) return join([text(1, name), int(3, value.int), int(20, 2)]);
  if ('graph' in value) return join([text(1, name), bytes(6, value.graph), int(20, 5)]);
  return join([text(1, name), packedInts(8, value.ints), int(20, 7)]);
}

/**
 * NodeProto: input (1), output (2), op_type (4), attribute (5).
 *
 * @example
 * ```ts
 * node('Gemm', ['a', 'W'], ['z'], { transA: { int: 1 } });
 * ```
 */
export function node(opType: string, inputs: readonly string[], outputs: readonly string[], attributes: Record<string, AttributeValue> = {}): Message {
  return join([
    ...inputs.map((name) => text(1, name)),
    ...outputs.map((name) => text(2, name)),
    text(4, opType),
    ...Object.entries(attributes).map(([name, value]) => bytes(5, attribute(name, value))),
  ]);
}

/**
 * TensorProto, for constants: dims (1), data_type (2), name (8), raw_data (9, little-endian values).
 *
 * @example
 * ```ts
 * constant('one', FLOAT32, [], [1]);
 * ```
 */
export function constant(name: string, type: typeof FLOAT32 | typeof INT64, dims: readonly number[], values: readonly number[]): Message {
  const width = type === FLOAT32 ? 4 : 8;
  const raw = new DataView(new ArrayBuffer(values.length * width));
  values.forEach((v, k) => (type === FLOAT32 ? raw.setFloat32(k * width, v, true) : raw.setBigInt64(k * width, BigInt(v), true)));
  return join([...dims.map((d) => int(1, d)), int(2, type), text(8, name), bytes(9, new Uint8Array(raw.buffer))]);
}

/**
 * ValueInfoProto of a tensor (float32 unless `type` says otherwise): name (1), type (2) →
 * TypeProto.tensor_type (1) → elem_type (1), shape (2) → one dim (1) per axis,
 * dim_value (1) or a symbolic dim_param (2).
 *
 * @example
 * ```ts
 * tensorInfo('X', ['rows', 784]); // a batch of any number of rows
 * tensorInfo('order', ['rows'], INT32);
 * ```
 */
export function tensorInfo(name: string, shape: readonly (number | string)[], type: typeof FLOAT32 | typeof INT32 | typeof INT64 | typeof BOOL = FLOAT32): Message {
  const dims = shape.map((d) => bytes(1, typeof d === 'number' ? int(1, d) : text(2, d)));
  const tensorType = join([int(1, type), bytes(2, join(dims))]);
  return join([text(1, name), bytes(2, bytes(1, tensorType))]);
}

/** A graph's parts, already encoded. */
export interface GraphParts {
  nodes: readonly Message[];
  constants: readonly Message[];
  inputs: readonly Message[];
  outputs: readonly Message[];
}

/**
 * GraphProto: node (1), name (2), initializer (5), input (11), output (12). A model's
 * graph, or a `Loop`'s body (an attribute `{ graph }`), whose nodes may read the
 * outer graph's tensors by name.
 *
 * @example
 * ```ts
 * graph({ nodes: [node('Identity', ['c'], ['d'])], constants: [], inputs: [tensorInfo('c', [], BOOL)], outputs: [tensorInfo('d', [], BOOL)] }, 'body');
 * ```
 */
export function graph(parts: GraphParts, name: string): Message {
  return join([
    ...parts.nodes.map((n) => bytes(1, n)),
    text(2, name),
    ...parts.constants.map((c) => bytes(5, c)),
    ...parts.inputs.map((i) => bytes(11, i)),
    ...parts.outputs.map((o) => bytes(12, o)),
  ]);
}

/**
 * ModelProto: ir_version (1), producer_name (2), graph (7, see {@link graph}),
 * opset_import (8) → version (2).
 *
 * @returns The model's bytes, ready for onnxruntime.
 * @example
 * ```ts
 * const bytes = model({ nodes: [node('Tanh', ['X'], ['Y'])], constants: [], inputs: [tensorInfo('X', [2])], outputs: [tensorInfo('Y', [2])] }, 17);
 * ```
 */
export function model(parts: GraphParts, opset: number): Uint8Array {
  return join([int(1, 8), text(2, 'backprop-ts'), bytes(7, graph(parts, 'backprop-ts')), bytes(8, int(2, opset))]);
}
