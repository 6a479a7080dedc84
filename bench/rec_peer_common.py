"""Shared arguments and input files of the ANN peers of bench/RecBench (rec_hnswlib.py, rec_faiss.py)."""
import os

import numpy as np


def add_arguments(ap):
    ap.add_argument("--rows", required=True)
    ap.add_argument("--queries", required=True)
    ap.add_argument("--exact", required=True, help="int64 exact top-k row ids per query")
    ap.add_argument("--dim", type=int, required=True)
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--m", type=int, default=16)
    ap.add_argument("--ef-construction", type=int, default=128)
    ap.add_argument("--ef", type=int, default=64)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--ef-list", default="", help="comma-separated search expansions to measure one after another (default: --ef)")


def ef_list(a):
    """The search expansions to measure: --ef-list, else --ef."""
    return [int(x) for x in a.ef_list.split(",") if x] or [a.ef]


def load(a):
    rows = np.fromfile(a.rows, dtype=np.float32).reshape(-1, a.dim)
    qs = np.fromfile(a.queries, dtype=np.float32).reshape(-1, a.dim)
    exact = np.fromfile(a.exact, dtype=np.int64).reshape(-1, a.k)
    return rows, qs, exact


def rss_mb():
    """Resident set size of this process now (MB), from /proc/self/statm."""
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6
