"""PyTorch peer of `npm run bench` (CPU, float32): the same hand-written
backpropagation as numpy_peer.py on torch tensors, and the idiomatic way, autograd
with nn.Linear layers (no bias) and torch.optim.SGD. Threads: TORCH_THREADS for
intra-op work (the bench sets 1, like every other single-threaded stack), and one
inter-op thread. `calibrate` as argv[1] instead prints the CPU seconds of a W2 and a
W3 epoch on random data (the bench picks the Python and OPENBLAS_CORETYPE with it)."""
import os
import re
import sys
import time

import numpy as np
import torch

from common import batches, calibration_seconds, emit, load_config, matmul_ceiling, openblas_core, time_workload


def manual_epoch(X, Y, weights, w, order):
    lr = w["learningRate"]
    last = len(weights) - 1
    loss_sum, rows = 0.0, X.shape[0]
    with torch.no_grad():
        for idx in batches(order, w["batchSize"]):
            xb, yb = (X, Y) if idx is None else (X[idx], Y[idx])
            acts = [xb]
            for l, W in enumerate(weights):
                z = acts[-1] @ W
                acts.append(torch.tanh(z) if l < last else z)
            error = acts[-1] - yb
            loss_sum += float(torch.mean(error * error)) * xb.shape[0]
            delta = error * (2.0 / error.numel())
            for l in range(last, -1, -1):
                grad = acts[l].T @ delta
                if l > 0:
                    delta = (delta @ weights[l].T) * (1 - acts[l] * acts[l])
                weights[l] -= lr * grad
    return loss_sum / rows


def autograd_epoch(X, Y, state, w, order):
    model, optimizer = state
    loss_fn = torch.nn.MSELoss()
    loss_sum, rows = 0.0, X.shape[0]
    for idx in batches(order, w["batchSize"]):
        xb, yb = (X, Y) if idx is None else (X[idx], Y[idx])
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
        loss_sum += float(loss) * xb.shape[0]
    return loss_sum / rows


def autograd_model(initial, lr):
    layers = []
    for l, W in enumerate(initial):
        linear = torch.nn.Linear(W.shape[0], W.shape[1], bias=False)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(np.ascontiguousarray(W.T)))  # nn.Linear keeps [out, in]
        layers.append(linear)
        if l < len(initial) - 1:
            layers.append(torch.nn.Tanh())
    model = torch.nn.Sequential(*layers)
    return model, torch.optim.SGD(model.parameters(), lr=lr)


def as_torch(train_epoch):
    # Tensors share the arrays' memory; batches() indexes them with NumPy index arrays.
    return lambda X, Y, state, w, order: train_epoch(torch.from_numpy(X), torch.from_numpy(Y), state, w, order)


def set_threads():
    threads = int(os.environ.get("TORCH_THREADS", "1"))
    torch.set_num_threads(threads)
    torch.set_num_interop_threads(1)  # before any parallel work, or torch refuses


def calibrate():
    """CPU seconds of a W2 and a W3 epoch of the hand-written backprop on random data."""
    seconds = calibration_seconds(as_torch(manual_epoch), lambda ws: [torch.from_numpy(x.copy()) for x in ws])
    emit({"seconds": seconds, "version": torch.__version__, "blas": torch_blas(), "openblasCore": torch_openblas_core()})


def torch_openblas_core():
    """The kernel OpenBLAS picked, when torch computes with OpenBLAS (Debian's builds do, through libblas)."""
    return openblas_core(["libopenblas.so.0", "libblas.so.3"]) if "BLAS_INFO=mkl" not in torch_blas() else None


def torch_blas():
    """What torch computes its products with, from its build configuration."""
    show = torch.__config__.show()
    blas = re.search(r"BLAS_INFO=(\w+)", show)
    dnn = ", oneDNN" if "MKL-DNN" in show or "oneDNN" in show else ""
    return f"BLAS_INFO={blas.group(1) if blas else 'unknown'}{dnn}"


def main():
    set_threads()
    if sys.argv[1] == "calibrate":
        calibrate()
        return
    config = load_config()
    out = {"torch": torch.__version__, "threads": torch.get_num_threads(), "interopThreads": torch.get_num_interop_threads(),
           "blas": torch_blas(),
           "openblasCore": torch_openblas_core(), "manual": [], "autograd": []}
    for w in config["workloads"]:
        out["manual"].append(time_workload(w, as_torch(manual_epoch), lambda ws: [torch.from_numpy(x.copy()) for x in ws]))
        out["autograd"].append(time_workload(w, as_torch(autograd_epoch), lambda ws, lr=w["learningRate"]: autograd_model(ws, lr)))
    if config.get("ceiling"):
        out["matmulGflops"] = matmul_ceiling(torch.matmul, lambda: torch.rand(1024, 1024))
    emit(out)


if __name__ == "__main__":
    main()
