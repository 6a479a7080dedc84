#!/usr/bin/env python3
"""hnswlib (Debian python3-hnswlib) peer of the AnnIndex row of bench/RecBench: same vectors, same HNSW settings.

Reads raw little-endian float32 files written by RecBench (rows already L2-normalised, queries raw) and the exact
top-k ids, prints one JSON line: build seconds, p50/p99 single-query latency, recall@k vs exact, saved index bytes,
QPS of all queries in one batch on 2 threads, resident memory the index added (MB).
"""
import argparse
import json
import os
import tempfile
import time

import hnswlib
import numpy as np

import rec_peer_common as common


def main():
    ap = argparse.ArgumentParser()
    common.add_arguments(ap)
    a = ap.parse_args()
    rows, qs, exact = common.load(a)
    before = common.rss_mb()
    index = hnswlib.Index(space="cosine", dim=a.dim)
    t0, c0 = time.perf_counter(), time.process_time()
    index.init_index(max_elements=rows.shape[0], M=a.m, ef_construction=a.ef_construction, random_seed=100)
    index.add_items(rows, np.arange(rows.shape[0]), num_threads=a.threads)
    build, build_cpu = time.perf_counter() - t0, time.process_time() - c0
    mem = common.rss_mb() - before
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "hnsw.bin")
        index.save_index(path)
        size = os.path.getsize(path)
    warm = qs.shape[0] - exact.shape[0]
    measured = qs[warm:]
    for ef in common.ef_list(a):
        index.set_ef(max(ef, a.k))
        index.set_num_threads(1)
        times, hits = [], 0
        for i, q in enumerate(qs):
            t0 = time.perf_counter()
            labels, _ = index.knn_query(q, k=a.k)
            dt = (time.perf_counter() - t0) * 1000.0
            if i >= warm:  # the first queries are warm-up, as in the .NET side
                times.append(dt)
                hits += len(set(labels[0].tolist()) & set(exact[i - warm].tolist()))
        index.set_num_threads(2)
        t0, c0 = time.perf_counter(), time.process_time()
        rounds = 0
        while rounds == 0 or time.perf_counter() - t0 < 2.0:
            index.knn_query(measured, k=a.k)
            rounds += 1
        qps = rounds * measured.shape[0] / (time.perf_counter() - t0)
        qps_cpu = rounds * measured.shape[0] / (time.process_time() - c0)
        t = np.array(times)
        print(json.dumps({"build_s": build, "build_cpu_s": build_cpu, "p50_ms": float(np.percentile(t, 50)), "p99_ms": float(np.percentile(t, 99)),
                          "recall": hits / (a.k * exact.shape[0]), "bytes": size,
                          "qps2": qps, "qps_cpu": qps_cpu, "mem_mb": mem, "name": f"hnswlib ef={ef}", "family": "hnswlib"}), flush=True)


if __name__ == "__main__":
    main()
