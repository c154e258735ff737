"""Shared by the Python peers of `npm run bench`: reading the workload the bench
wrote (float32 raw files), timing epochs, and the JSON printed on stdout.

Protocol (see tools/bench/README.md): argv[1] is a JSON file
  {"workloads": [{"name", "sizes", "rows", "epochs", "batchSize", "learningRate",
                  "repeats", "dir"}], "ceiling": bool}
where `dir` holds X.f32 (rows x sizes[0]), Y.f32 (rows x sizes[-1]) and W0.f32,
W1.f32, ... (sizes[l] x sizes[l + 1]), all row-major little-endian float32. The
script prints one JSON object on stdout.
"""
import json
import os
import sys
import time

import numpy as np


def load_config():
    with open(sys.argv[1], encoding="utf-8") as f:
        return json.load(f)


def load_workload(w):
    sizes = w["sizes"]
    read = lambda name, shape: np.fromfile(os.path.join(w["dir"], name), dtype="<f4").reshape(shape)
    X = read("X.f32", (w["rows"], sizes[0]))
    Y = read("Y.f32", (w["rows"], sizes[-1]))
    weights = [read(f"W{l}.f32", (sizes[l], sizes[l + 1])) for l in range(len(sizes) - 1)]
    return X, Y, weights


def batches(rows, batch_size, rng):
    """Row index arrays of one epoch: None for full batch, else a shuffled split."""
    if batch_size >= rows:
        return [None]
    order = rng.permutation(rows)
    return [order[i:i + batch_size] for i in range(0, rows, batch_size)]


def epoch_seconds(stamps):
    """Each epoch's seconds, or for runs of 1,000 epochs or more the mean of each 100
    (as the bench does for our engines), so that one pause spoils one sample."""
    step = 100 if len(stamps) > 1000 else 1
    return [(stamps[e] - stamps[e - step]) / step for e in range(step, len(stamps), step)]


def time_workload(w, train_epoch, copy_weights):
    """Runs the workload `repeats` times from the same initial weights; returns
    the seconds of every timed epoch (see epoch_seconds) and the first and final
    loss of the last run. A first, untimed epoch warms up allocators and thread pools."""
    X, Y, initial = load_workload(w)
    rng = np.random.default_rng(1)
    weights = copy_weights(initial)
    train_epoch(X, Y, weights, w, rng)  # warm-up
    seconds, losses = [], []
    for _ in range(w["repeats"]):
        weights = copy_weights(initial)
        run_losses, stamps = [], [time.perf_counter()]
        for _ in range(w["epochs"]):
            run_losses.append(train_epoch(X, Y, weights, w, rng))
            stamps.append(time.perf_counter())
        seconds.extend(epoch_seconds(stamps))
        losses = run_losses
    return {"name": w["name"], "secondsPerEpoch": seconds, "firstLoss": losses[0], "finalLoss": losses[-1]}


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


def emit(result):
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
