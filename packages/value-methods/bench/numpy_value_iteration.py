"""Vectorised numpy value iteration, the reference for bench/value-iteration.ts.

Usage: python3 numpy_value_iteration.py <dir>

<dir> holds the model written by the TypeScript bench:
  meta.json   {"nS", "nA", "K", "gamma", "theta", "maxSweeps"}
  next.i32    next state of every padded outcome, shape (nS, nA, K); terminated and padding
              outcomes point at a sink state nS whose value stays 0
  prob.f64    probability of every padded outcome (only when K > 1)
  reward.f64  expected reward of every (s, a), shape (nS, nA)

Synchronous sweeps from V = 0, one vectorised backup per sweep:
  K = 1:  V <- (R + gamma * V[next]).max(1)
  K > 1:  V <- (R + gamma * (P * V[next]).sum(2)).max(1)
until max |dV| < theta. Prints one JSON line and writes the values to <dir>/values.f64.
"""

import json
import os
import sys
import time

import numpy as np


def main() -> None:
    folder = sys.argv[1]
    with open(os.path.join(folder, "meta.json")) as f:
        meta = json.load(f)
    n_s, n_a, k = meta["nS"], meta["nA"], meta["K"]
    gamma, theta, max_sweeps = meta["gamma"], meta["theta"], meta["maxSweeps"]
    nxt = np.fromfile(os.path.join(folder, "next.i32"), dtype=np.int32)
    reward = np.fromfile(os.path.join(folder, "reward.f64"), dtype=np.float64).reshape(n_s, n_a)
    if k == 1:
        nxt = nxt.reshape(n_s, n_a)
        prob = None
    else:
        nxt = nxt.reshape(n_s, n_a, k)
        prob = np.fromfile(os.path.join(folder, "prob.f64"), dtype=np.float64).reshape(n_s, n_a, k)

    v = np.zeros(n_s + 1)  # v[n_s] is the sink: value 0 forever
    sweeps = 0
    delta = float("inf")
    start = time.perf_counter()
    while sweeps < max_sweeps:
        if prob is None:
            q = reward + gamma * v[nxt]
        else:
            q = reward + gamma * (prob * v[nxt]).sum(2)
        new = q.max(1)
        delta = float(np.abs(new - v[:n_s]).max())
        v[:n_s] = new
        sweeps += 1
        if delta < theta:
            break
    policy = q.argmax(1)
    seconds = time.perf_counter() - start
    v[:n_s].tofile(os.path.join(folder, "values.f64"))
    print(json.dumps({
        "sweeps": sweeps,
        "seconds": seconds,
        "delta": delta,
        "policy0": int(policy[0]),
        "numpy": np.__version__,
    }))


if __name__ == "__main__":
    main()
