#!/usr/bin/env python3
"""numpy brute-force top-k cosine latency, the peer of bench/RecBench (one JSON line on stdout)."""
import argparse
import json
import time

import numpy as np


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--dim", type=int, default=128)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--k", type=int, default=10)
    a = ap.parse_args()
    rng = np.random.default_rng(1234)
    m = rng.standard_normal((a.n, a.dim), dtype=np.float32)
    m /= np.linalg.norm(m, axis=1, keepdims=True)
    qs = rng.standard_normal((a.queries + 10, a.dim), dtype=np.float32)
    times = []
    for i, q in enumerate(qs):
        t0 = time.perf_counter()
        q = q / np.linalg.norm(q)
        s = m @ q
        top = np.argpartition(-s, a.k)[: a.k]
        top = top[np.argsort(-s[top], kind="stable")]
        dt = (time.perf_counter() - t0) * 1000.0
        if i >= 10:  # first 10 are warm-up, as in the .NET side
            times.append(dt)
    t = np.array(times)
    print(json.dumps({"n": a.n, "p50_ms": float(np.percentile(t, 50)), "p99_ms": float(np.percentile(t, 99))}))


if __name__ == "__main__":
    main()
