/**
 * The bytes of a small WebAssembly module with one SIMD128 matrix-product kernel,
 * written with a tiny encoder here because the project has no wasm toolchain. The
 * kernel runs on a memory it imports (the tfjs wasm backend's own), so operands are
 * addressed where the backend keeps them, without copies. Its speed against
 * XNNPACK is measured by `tools/bench/gemm.ts`; chapter 9
 * (`09-does-vectorization-pay.ipynb`) is about such speed.
 *
 * `gemm(a, b, c, rows, panels, depth, aRowStride, aDepthStride, panelStride, bDepthStride, cRowStride, accumulate)`,
 * all byte addresses and byte strides, computes C = A·B (C += A·B when `accumulate`
 * is not 0) for `panels` panels of 8 columns of B, where a panel holds for each k 8
 * contiguous floats:
 *
 *     C[i][8p+j] = Σ_k A[i][k]·B_p[k][j],  A[i][k] at a + i·aRowStride + k·aDepthStride,
 *     B_p[k][j] at b + p·panelStride + k·bDepthStride + 4j,  C[i][8p+j] at c + i·cRowStride + 4(8p+j).
 *
 * Four rows at a time (a 4×8 block of eight f32x4 accumulators: each k loads two vectors
 * of B and four splatted values of A), then the remaining rows one at a time. `depth`
 * must be at least 1.
 */

const i32 = 0x7f;
const v128 = 0x7b;

/** Unsigned LEB128. */
function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 (small constants only). */
function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) return [...out, byte];
    out.push(byte | 0x80);
  }
}

const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const name = (s: string): number[] => vec([...s].map((c) => [c.charCodeAt(0)]));
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];

// Instructions.
const get = (l: number) => [0x20, ...uleb(l)];
const set = (l: number) => [0x21, ...uleb(l)];
const const32 = (n: number) => [0x41, ...sleb(n)];
const add32 = [0x6a];
const sub32 = [0x6b];
const mul32 = [0x6c];
const ltU = [0x49];
const blockStart = [0x02, 0x40];
const loopStart = [0x03, 0x40];
const end = [0x0b];
const br = (depth: number) => [0x0c, ...uleb(depth)];
const brIf = (depth: number) => [0x0d, ...uleb(depth)];
const simd = (op: number, ...rest: number[]) => [0xfd, ...uleb(op), ...rest];
const memarg = (offset: number) => [2, ...uleb(offset)]; // align 4 bytes: a hint only
const vLoad = (offset: number) => simd(0x00, ...memarg(offset));
const vStore = (offset: number) => simd(0x0b, ...memarg(offset));
const vLoadSplat = (offset: number) => simd(0x09, ...memarg(offset)); // v128.load32_splat
const vZero = simd(0x0c, ...new Array<number>(16).fill(0));
const f32x4Add = simd(0xe4);
const f32x4Mul = simd(0xe6);
/** local += amount (i32). */
const bump = (l: number, amount: number[]) => [...get(l), ...amount, ...add32, ...set(l)];

// Parameters and locals of gemm; the block height (rows per block) is a parameter of the module.
const [A, B, C, ROWS, PANELS, DEPTH, SAI, SAK, PANEL_STRIDE, LDB, LDC, ACCUMULATE] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const PARAMS = 12;
const [P, I, K, AP, BP, AROW, CROW, BPANEL, ROWS_BLOCKED] = [12, 13, 14, 15, 16, 17, 18, 19, 20];
/** Locals of one kernel: SAI·r for r = 1..height−1, then 2·height accumulators (row r, half h at acc + 2r + h), B's two vectors and A's splat. */
function layout(height: number) {
  const saiTimes = (r: number) => (r === 1 ? SAI : 21 + r - 2);
  const i32Locals = 9 + height - 2;
  const acc = PARAMS + i32Locals;
  return { saiTimes, i32Locals, acc, b0: acc + 2 * height, b1: acc + 2 * height + 1, x: acc + 2 * height + 2, v128Locals: 2 * height + 3 };
}
type Layout = ReturnType<typeof layout>;

/**
 * The k loop for `rowCount` rows: ACC += A[rows][k] · B_p[k][0..8]. With `adjacentRows`
 * (aRowStride = 4: A transposed), the rows' values are at constant offsets.
 */
function depthLoop(L: Layout, rowCount: number, adjacentRows: boolean): number[] {
  const rowValue = (r: number) => (adjacentRows ? [...get(AP), ...vLoadSplat(4 * r)] : r === 0 ? [...get(AP), ...vLoadSplat(0)] : [...get(AP), ...get(L.saiTimes(r)), ...add32, ...vLoadSplat(0)]);
  const body: number[] = [...get(BP), ...vLoad(0), ...set(L.b0), ...get(BP), ...vLoad(16), ...set(L.b1)];
  for (let r = 0; r < rowCount; r++) {
    body.push(...rowValue(r), ...set(L.x));
    for (let h = 0; h < 2; h++) body.push(...get(L.acc + 2 * r + h), ...get(L.x), ...get(h === 0 ? L.b0 : L.b1), ...f32x4Mul, ...f32x4Add, ...set(L.acc + 2 * r + h));
  }
  body.push(...bump(AP, get(SAK)), ...bump(BP, get(LDB)), ...get(K), ...const32(1), ...sub32, ...set(K), ...get(K), ...brIf(0));
  return [...get(AROW), ...set(AP), ...get(BPANEL), ...set(BP), ...get(DEPTH), ...set(K), ...loopStart, ...body, ...end];
}

/** One block of `rowCount` rows of C at i (AROW, CROW), then advance. */
function rowBlock(L: Layout, rowCount: number, adjacentRows: boolean): number[] {
  const out: number[] = [];
  const rowAddress = (r: number) => (r === 0 ? get(CROW) : [...get(CROW), ...get(LDC), ...const32(r), ...mul32, ...add32]);
  // The accumulators start at zero, or at C's values when accumulating (a later block of k).
  const zero: number[] = [];
  const load: number[] = [];
  for (let a = 0; a < 2 * rowCount; a++) {
    zero.push(...vZero, ...set(L.acc + a));
    load.push(...rowAddress(a >> 1), ...vLoad(16 * (a & 1)), ...set(L.acc + a));
  }
  out.push(...get(ACCUMULATE), 0x04, 0x40, ...load, 0x05, ...zero, ...end);
  out.push(...depthLoop(L, rowCount, adjacentRows));
  for (let r = 0; r < rowCount; r++) {
    out.push(...rowAddress(r), ...get(L.acc + 2 * r), ...vStore(0), ...rowAddress(r), ...get(L.acc + 2 * r + 1), ...vStore(16));
  }
  out.push(...bump(AROW, [...get(SAI), ...const32(rowCount), ...mul32]), ...bump(CROW, [...get(LDC), ...const32(rowCount), ...mul32]), ...bump(I, const32(rowCount)));
  return out;
}

/** while (I < limit) { rowBlock } */
function rowLoop(L: Layout, rowCount: number, limit: number[], adjacentRows: boolean): number[] {
  return [...blockStart, ...loopStart, ...get(I), ...limit, ...ltU, 0x45 /* eqz */, ...brIf(1), ...rowBlock(L, rowCount, adjacentRows), ...br(0), ...end, ...end];
}

function gemmBody(height: number, adjacentRows: boolean): number[] {
  const L = layout(height);
  const setup = [...get(ROWS), ...get(ROWS), ...const32(height), 0x70 /* rem_u */, ...sub32, ...set(ROWS_BLOCKED), ...const32(0), ...set(P)];
  for (let r = 2; r < height; r++) setup.push(...get(SAI), ...const32(r), ...mul32, ...set(L.saiTimes(r)));
  const panel = [
    ...get(B), ...get(P), ...get(PANEL_STRIDE), ...mul32, ...add32, ...set(BPANEL),
    ...get(C), ...get(P), ...const32(32), ...mul32, ...add32, ...set(CROW),
    ...get(A), ...set(AROW),
    ...const32(0), ...set(I),
    ...rowLoop(L, height, get(ROWS_BLOCKED), adjacentRows),
    ...rowLoop(L, 1, get(ROWS), false),
    ...bump(P, const32(1)),
  ];
  const panels = [...blockStart, ...loopStart, ...get(P), ...get(PANELS), ...ltU, 0x45, ...brIf(1), ...panel, ...br(0), ...end, ...end];
  return [...vec([[...uleb(L.i32Locals), i32], [...uleb(L.v128Locals), v128]]), ...setup, ...panels, ...end];
}

/**
 * The module's bytes, with blocks of `height` rows (default 4, the 4×8 block above); it imports `env.memory` (shared when `shared`, as the threaded
 * tfjs build's is) and exports `gemm` and `gemmAdjacentRows`, the same for aRowStride = 4
 * (A transposed), which reads a block's four rows at constant offsets.
 *
 * @example
 * ```ts
 * new WebAssembly.Module(gemmModuleBytes(false));
 * ```
 */
export function gemmModuleBytes(shared: boolean, height = 4): Uint8Array {
  if (!Number.isInteger(height) || height < 2 || height > 6) throw new RangeError(`Expected height to be an integer from 2 to 6 but found ${height}`);
  const type = [0x60, ...vec(new Array<number[]>(PARAMS).fill([i32])), ...vec([])];
  const limits = shared ? [0x03, ...uleb(1), ...uleb(65536)] : [0x00, ...uleb(1)];
  const bodies = [gemmBody(height, false), gemmBody(height, true)];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([type])),
    ...section(2, vec([[...name('env'), ...name('memory'), 0x02, ...limits]])),
    ...section(3, vec([uleb(0), uleb(0)])),
    ...section(7, vec([[...name('gemm'), 0x00, ...uleb(0)], [...name('gemmAdjacentRows'), 0x00, ...uleb(1)]])),
    ...section(10, vec(bodies.map((body) => [...uleb(body.length), ...body]))),
  ]);
}
