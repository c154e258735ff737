"""Shared by the Python peers of `npm run bench`: reading the workload the bench
wrote (float32 raw files), timing a run by the bench's rule, and the JSON printed
on stdout.

Protocol (see tools/bench/README.md): argv[1] is a JSON file
  {"workloads": [{"name", "sizes", "rows", "batchSize", "learningRate", "dir",
                  "order", "spec": {"warmupEpochs", "minEpochs", "maxEpochs",
                  "budgetSeconds", "chunk", "probeRows"}}], "ceiling": bool}
where `dir` holds X.f32 (at least rows x sizes[0]), Y.f32 (rows x sizes[-1]) and
W0.f32, W1.f32, ... (sizes[l] x sizes[l + 1]), all row-major little-endian float32,
and `order` (minibatch workloads) names a little-endian uint32 file: the row order of
the first epoch, the one trainNetwork draws with shuffle seed 1, so that every stack's
first-epoch loss is the same to float32 rounding. The script prints one JSON object
on stdout.

The timing rule is the one of tools/bench/stack-timing.ts, from the same numbers:
a probe run on the first `probeRows` rows (minibatch workloads; one untimed and one
timed epoch), then one run from the initial weights: `warmupEpochs` untimed epochs
(the first gives the first-epoch loss), then timed epochs, at least `minEpochs`, until
`budgetSeconds` of them have passed, at most `maxEpochs`, one sample per `chunk`
epochs, in wall-clock (perf_counter) and CPU time of the process (process_time).
"""
import ctypes
import glob
import json
import os
import sys
import time

import numpy as np


def load_config():
    with open(sys.argv[1], encoding="utf-8") as f:
        return json.load(f)


def load_workload(w, rows):
    sizes = w["sizes"]

    def read(name, shape):
        count = shape[0] * shape[1]
        return np.fromfile(os.path.join(w["dir"], name), dtype="<f4", count=count).reshape(shape)

    X = read("X.f32", (rows, sizes[0]))
    Y = read("Y.f32", (rows, sizes[-1]))
    weights = [read(f"W{l}.f32", (sizes[l], sizes[l + 1])) for l in range(len(sizes) - 1)]
    return X, Y, weights


def batches(order, batch_size):
    """Row index arrays of one epoch: None for full batch, else the order split."""
    if order is None:
        return [None]
    return [order[i:i + batch_size] for i in range(0, len(order), batch_size)]


class EpochClock:
    """Counts the epochs of one run and times them (tools/bench/stack-timing.ts)."""

    def __init__(self, spec):
        self.spec = spec
        self.epochs = 0
        self.timed = 0
        self.first_loss = None
        self.wall, self.cpu = [], []
        self.last_wall = self.last_cpu = self.start_wall = 0.0

    def epoch_ended(self, loss):
        """Records the end of an epoch; returns True when the run is done."""
        spec = self.spec
        self.epochs += 1
        if self.epochs == 1:
            self.first_loss = loss
        if self.epochs <= spec["warmupEpochs"]:
            if self.epochs == spec["warmupEpochs"]:
                self.start_wall = self.last_wall = time.perf_counter()
                self.last_cpu = time.process_time()
            return False
        self.timed += 1
        if self.timed % spec["chunk"] != 0:
            return False
        wall, cpu = time.perf_counter(), time.process_time()
        self.wall.append((wall - self.last_wall) / spec["chunk"])
        self.cpu.append((cpu - self.last_cpu) / spec["chunk"])
        self.last_wall, self.last_cpu = wall, cpu
        return self.timed >= spec["maxEpochs"] or (
            self.timed >= spec["minEpochs"] and wall - self.start_wall >= spec["budgetSeconds"])


def run_once(X, Y, initial, w, spec, first_order, train_epoch, fresh_state):
    """One run from the initial weights by the clock's rule; returns the clock."""
    rows = X.shape[0]
    minibatch = w["batchSize"] < rows
    rng = np.random.default_rng(1)
    state = fresh_state(initial)
    clock = EpochClock(spec)
    while True:
        if not minibatch:
            order = None
        elif clock.epochs == 0 and first_order is not None:
            order = first_order
        else:
            order = rng.permutation(rows)
        loss = train_epoch(X, Y, state, w, order)
        if clock.epoch_ended(loss):
            return clock


def read_order(w, rows):
    path = w.get("order")
    if not path or w["batchSize"] >= rows:
        return None
    order = np.fromfile(path, dtype="<u4").astype(np.intp)
    if len(order) != rows:
        raise ValueError(f"{path}: expected {rows} row indices, found {len(order)}")
    return order


def time_workload(w, train_epoch, fresh_state):
    """The probe run (minibatch workloads), then the measured run; see the module doc."""
    spec = w["spec"]
    rows = w["rows"]
    X, Y, initial = load_workload(w, rows)
    probe_rows = spec.get("probeRows", 0)
    if probe_rows:
        probe_spec = {"warmupEpochs": 1, "minEpochs": 1, "maxEpochs": 1, "budgetSeconds": 0, "chunk": 1}
        run_once(X[:probe_rows], Y[:probe_rows], initial, w, probe_spec, None, train_epoch, fresh_state)
    clock = run_once(X, Y, initial, w, spec, read_order(w, rows), train_epoch, fresh_state)
    return {
        "name": w["name"],
        "rows": rows,
        "secondsPerEpoch": clock.wall,
        "cpuSecondsPerEpoch": clock.cpu,
        "firstLoss": clock.first_loss,
        "warmupEpochs": min(clock.epochs, spec["warmupEpochs"]),
        "timedEpochs": clock.timed,
    }


def calibration_seconds(train_epoch, fresh_state, repeats=3):
    """Best CPU seconds of a W2 epoch (16,384 rows, full batch) plus a W3 epoch estimated
    from 10 minibatches, on random data, with the peer's own training code: what the
    bench compares to choose between ways to run a peer (which Python, which kernel)."""
    rng = np.random.default_rng(0)
    total = 0.0
    for sizes, rows, batch, scale in (([8, 64, 64, 1], 16384, 16384, 1.0), ([784, 128, 10], 1280, 128, 60000 / 1280)):
        X = rng.standard_normal((rows, sizes[0]), dtype=np.float32)
        Y = rng.standard_normal((rows, sizes[-1]), dtype=np.float32)
        initial = [rng.uniform(-0.1, 0.1, (sizes[l], sizes[l + 1])).astype(np.float32) for l in range(len(sizes) - 1)]
        w = {"learningRate": 0.01, "batchSize": batch}
        state = fresh_state(initial)
        order = None if batch >= rows else np.arange(rows)
        train_epoch(X, Y, state, w, order)
        best = float("inf")
        for _ in range(repeats):
            start = time.process_time()
            train_epoch(X, Y, state, w, order)
            best = min(best, time.process_time() - start)
        total += best * scale
    return total


def matmul_ceiling(matmul, make, repeats=5):
    """Best GFLOP/s of a 1024 x 1024 float32 matrix product."""
    a, b = make(), make()
    matmul(a, b)
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        matmul(a, b)
        best = min(best, time.perf_counter() - start)
    return 2 * 1024 ** 3 / best / 1e9


def openblas_core(paths):
    """The kernel OpenBLAS chose at run time, from the first library of `paths` that says."""
    for path in paths:
        for symbol in ("scipy_openblas_get_corename64_", "openblas_get_corename64_", "openblas_get_corename"):
            try:
                lib = ctypes.CDLL(path)
                get = getattr(lib, symbol)
            except (OSError, AttributeError):
                continue
            get.restype = ctypes.c_char_p
            return get().decode()
    return None


def numpy_blas():
    """NumPy's BLAS: name, version and, for OpenBLAS, the kernel it picked (best effort)."""
    name = "unknown BLAS"
    try:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        name = f"{blas.get('name')} {blas.get('version')}"
    except Exception:  # older NumPy: no mode="dicts"
        pass
    here = os.path.dirname(np.__file__)
    libs = glob.glob(os.path.join(here + ".libs", "*openblas*")) + glob.glob(os.path.join(here, ".libs", "*openblas*"))
    libs += ["libopenblas.so.0"]
    core = openblas_core(libs)
    if core and name == "unknown BLAS":
        name = "OpenBLAS"
    return f"{name}{f', kernel {core}' if core else ''}"


def emit(result):
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
