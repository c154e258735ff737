import { describe, expect, it } from 'vitest';
import { BOOL, FLOAT32, INT32, INT64, constant, graph, model, node, tensorInfo } from '../../../src/network/engines/onnx-protobuf.js';

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

describe('onnx-protobuf', () => {
  it('node(opType, inputs, outputs) writes input (1), output (2) and op_type (4) as length-delimited strings', () => {
    expect([...node('Tanh', ['X'], ['Y'])]).toEqual([0x0a, 1, ...ascii('X'), 0x12, 1, ...ascii('Y'), 0x22, 4, ...ascii('Tanh')]);
  });

  it('node(…, attributes) writes a float (f, 2; type FLOAT), an int (i, 3; type INT) and ints (packed, 8; type INTS)', () => {
    const bytes = [...node('Gemm', [], [], { alpha: -1, transA: { int: 1 }, axes: { ints: [0, 300] } })];
    const alpha = [0x0a, 5, ...ascii('alpha'), 0x15, 0x00, 0x00, 0x80, 0xbf, 0xa0, 0x01, 1]; // -1 as float32 LE; field 20 varint 1
    const transA = [0x0a, 6, ...ascii('transA'), 0x18, 1, 0xa0, 0x01, 2];
    const axes = [0x0a, 4, ...ascii('axes'), 0x42, 3, 0, 0xac, 0x02, 0xa0, 0x01, 7]; // 300 = 0xac 0x02
    expect(bytes).toEqual([0x22, 4, ...ascii('Gemm'), 0x2a, alpha.length, ...alpha, 0x2a, transA.length, ...transA, 0x2a, axes.length, ...axes]);
  });

  it('constant(name, type, dims, values) writes dims, data_type, name and little-endian raw_data; negative int64 as 10-byte varints', () => {
    expect([...constant('one', FLOAT32, [], [1])]).toEqual([0x10, FLOAT32, 0x42, 3, ...ascii('one'), 0x4a, 4, 0x00, 0x00, 0x80, 0x3f]);
    expect([...constant('a', INT64, [1], [-1])]).toEqual([0x08, 1, 0x10, INT64, 0x42, 1, ...ascii('a'), 0x4a, 8, ...Array(8).fill(0xff)]);
    expect([...node('N', [], [], { k: { int: -1 } })].slice(-13, -3)).toEqual([...Array(9).fill(0xff), 0x01]);
  });

  it('tensorInfo(name, shape) writes a float32 tensor type with fixed and symbolic dims', () => {
    const dims = [0x0a, 6, 0x12, 4, ...ascii('rows'), 0x0a, 2, 0x08, 3];
    const tensorType = [0x08, FLOAT32, 0x12, dims.length, ...dims];
    expect([...tensorInfo('X', ['rows', 3])]).toEqual([0x0a, 1, ...ascii('X'), 0x12, tensorType.length + 2, 0x0a, tensorType.length, ...tensorType]);
  });

  it('tensorInfo(name, shape, type) writes another element type: int32, int64, bool', () => {
    for (const type of [INT32, INT64, BOOL] as const) expect([...tensorInfo('i', [], type)]).toEqual([0x0a, 1, ...ascii('i'), 0x12, 6, 0x0a, 4, 0x08, type, 0x12, 0]);
  });

  it('graph(parts, name) writes nodes (1), name (2), initializers (5), inputs (11), outputs (12); node(…, { body: { graph } }) writes it as attribute g (6), type GRAPH (5)', () => {
    const body = graph({ nodes: [node('Not', ['c'], ['d'])], constants: [constant('k', INT64, [], [2])], inputs: [tensorInfo('c', [], BOOL)], outputs: [tensorInfo('d', [], BOOL)] }, 'b');
    const n = node('Not', ['c'], ['d']);
    const k = constant('k', INT64, [], [2]);
    const [c, d] = [tensorInfo('c', [], BOOL), tensorInfo('d', [], BOOL)];
    expect([...body]).toEqual([0x0a, n.length, ...n, 0x12, 1, ...ascii('b'), 0x2a, k.length, ...k, 0x5a, c.length, ...c, 0x62, d.length, ...d]);
    const attribute = [0x0a, 4, ...ascii('body'), 0x32, body.length, ...body, 0xa0, 0x01, 5];
    expect([...node('Loop', [], [], { body: { graph: body } }).subarray(6)]).toEqual([0x2a, attribute.length, ...attribute]);
  });

  it('model(graph, opset) writes ir_version 8, the graph (7) and the opset (8)', () => {
    const bytes = model({ nodes: [], constants: [], inputs: [], outputs: [] }, 17);
    expect([...bytes.subarray(0, 2)]).toEqual([0x08, 8]);
    expect([...bytes.subarray(-4)]).toEqual([0x42, 2, 0x10, 17]);
  });
});
