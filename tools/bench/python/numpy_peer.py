"""NumPy peer of `npm run bench`: hand-written backpropagation, float32, the same
maths as src/network/backprop.ts (tanh hidden layers, linear output, no bias, mean
squared error). The thread count comes from OPENBLAS_NUM_THREADS and the allocator's
behaviour from MALLOC_* variables, both set by the bench (tools/bench/peers.ts).
`calibrate` as argv[1] instead prints the CPU seconds of a W2 and a W3 epoch on random
data (the bench picks the faster Python with it)."""
import numpy as np

import sys

from common import batches, calibration_seconds, emit, load_config, matmul_ceiling, numpy_blas, time_workload


def train_epoch(X, Y, weights, w, order):
    lr = np.float32(w["learningRate"])
    last = len(weights) - 1
    loss_sum, rows = 0.0, X.shape[0]
    for idx in batches(order, w["batchSize"]):
        xb, yb = (X, Y) if idx is None else (X[idx], Y[idx])
        acts = [xb]
        for l, W in enumerate(weights):
            z = acts[-1] @ W
            acts.append(np.tanh(z) if l < last else z)
        error = acts[-1] - yb
        loss_sum += float(np.mean(error * error)) * xb.shape[0]
        delta = error * np.float32(2.0 / error.size)  # dL/d(output) of the mean squared error
        for l in range(last, -1, -1):
            grad = acts[l].T @ delta
            if l > 0:
                delta = (delta @ weights[l].T) * (1 - acts[l] * acts[l])  # tanh' = 1 - tanh^2
            weights[l] -= lr * grad
    return loss_sum / rows


def main():
    if sys.argv[1] == "calibrate":
        emit({"seconds": calibration_seconds(train_epoch, lambda ws: [x.copy() for x in ws]), "version": np.__version__, "blas": numpy_blas()})
        return
    config = load_config()
    results = [time_workload(w, train_epoch, lambda ws: [x.copy() for x in ws]) for w in config["workloads"]]
    out = {"numpy": np.__version__, "blas": numpy_blas(), "workloads": results}
    if config.get("ceiling"):
        rng = np.random.default_rng(0)
        out["matmulGflops"] = matmul_ceiling(np.matmul, lambda: rng.random((1024, 1024), dtype=np.float32))
    emit(out)


if __name__ == "__main__":
    main()
