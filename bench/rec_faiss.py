#!/usr/bin/env python3
"""FAISS (Debian python3-faiss) peers of the AnnIndex row of bench/RecBench: IndexHNSWFlat with the same HNSW settings,
and IndexIVFFlat (nlist = 4·sqrt(n), nprobe = the smallest of 1, 2, 4, … reaching recall@k >= 0.95).

Reads the raw little-endian float32 files written by RecBench (rows already L2-normalised, queries raw: normalised
here, inner product = cosine) and the exact top-k row ids; prints one JSON line per index: build seconds (1 thread),
p50/p99 single-query latency (1 thread), QPS of all queries in one batch on 2 threads, recall@k vs exact, and the
resident memory the index added (MB).
"""
import argparse
import json
import time

import faiss
import numpy as np

import rec_peer_common as common


def measure(name, index, qs, exact, k, warm, extra):
    faiss.omp_set_num_threads(1)
    times, hits = [], 0
    for i in range(qs.shape[0]):
        t0 = time.perf_counter()
        _, labels = index.search(qs[i:i + 1], k)
        dt = (time.perf_counter() - t0) * 1000.0
        if i >= warm:
            times.append(dt)
            hits += len(set(labels[0].tolist()) & set(exact[i - warm].tolist()))
    faiss.omp_set_num_threads(2)
    measured = qs[warm:]
    t0, c0 = time.perf_counter(), time.process_time()
    rounds = 0
    while rounds == 0 or time.perf_counter() - t0 < 2.0:
        index.search(measured, k)
        rounds += 1
    qps = rounds * measured.shape[0] / (time.perf_counter() - t0)
    qps_cpu = rounds * measured.shape[0] / (time.process_time() - c0)
    t = np.array(times)
    row = {"name": name, "p50_ms": float(np.percentile(t, 50)), "p99_ms": float(np.percentile(t, 99)),
           "recall": hits / (k * exact.shape[0]), "qps2": qps, "qps_cpu": qps_cpu}
    row.update(extra)
    return row


def main():
    ap = argparse.ArgumentParser()
    common.add_arguments(ap)
    a = ap.parse_args()
    rows, qs, exact = common.load(a)
    qs = np.ascontiguousarray(qs)
    faiss.normalize_L2(qs)
    warm = qs.shape[0] - exact.shape[0]
    faiss.omp_set_num_threads(a.threads)  # build threads

    before = common.rss_mb()
    t0, c0 = time.perf_counter(), time.process_time()
    hnsw = faiss.IndexHNSWFlat(a.dim, a.m, faiss.METRIC_INNER_PRODUCT)
    hnsw.hnsw.efConstruction = a.ef_construction
    hnsw.add(rows)
    build, build_cpu = time.perf_counter() - t0, time.process_time() - c0
    mem = common.rss_mb() - before
    for ef in common.ef_list(a):
        hnsw.hnsw.efSearch = max(ef, a.k)
        print(json.dumps(measure(f"faiss-hnsw ef={ef}", hnsw, qs, exact, a.k, warm,
                                 {"build_s": build, "build_cpu_s": build_cpu, "mem_mb": mem, "family": "faiss-hnsw"})), flush=True)
    del hnsw

    faiss.omp_set_num_threads(a.threads)  # build threads
    before = common.rss_mb()
    nlist = int(4 * np.sqrt(rows.shape[0]))
    t0, c0 = time.perf_counter(), time.process_time()
    quantizer = faiss.IndexFlatIP(a.dim)
    ivf = faiss.IndexIVFFlat(quantizer, a.dim, nlist, faiss.METRIC_INNER_PRODUCT)
    sample = rows[np.random.default_rng(1).choice(rows.shape[0], min(rows.shape[0], 64 * nlist), replace=False)]
    ivf.train(sample)
    ivf.add(rows)
    build, build_cpu = time.perf_counter() - t0, time.process_time() - c0
    mem = common.rss_mb() - before
    best = None
    for nprobe in [1, 2, 4, 8, 16, 32, 64, 128]:
        ivf.nprobe = nprobe
        best = measure(f"faiss-ivf{nlist}/{nprobe}", ivf, qs, exact, a.k, warm,
                       {"build_s": build, "build_cpu_s": build_cpu, "mem_mb": mem, "family": "faiss-ivf"})
        if best["recall"] >= 0.95:
            break
    print(json.dumps(best), flush=True)


if __name__ == "__main__":
    main()
