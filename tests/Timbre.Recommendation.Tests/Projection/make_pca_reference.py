#!/usr/bin/python3
"""Prints the PCA reference values PcaTests.cs holds: numpy's covariance eigen-decomposition of a fixed 8x4 matrix.

Run with Debian's python3-numpy: /usr/bin/python3 make_pca_reference.py
Each eigenvector's sign is fixed so that its largest-magnitude entry is positive (as Timbre's Pca does).
"""
import numpy as np

X = np.array([
    [2.5, 2.4, 0.5, 1.0],
    [0.5, 0.7, 1.5, -1.0],
    [2.2, 2.9, 0.1, 0.5],
    [1.9, 2.2, 0.9, 0.0],
    [3.1, 3.0, -0.4, 1.5],
    [2.3, 2.7, 0.2, -0.5],
    [2.0, 1.6, 1.1, 0.25],
    [1.0, 1.1, 1.9, -0.75],
])
cov = np.cov(X, rowvar=False)
values, vectors = np.linalg.eigh(cov)
order = np.argsort(values)[::-1]
values, vectors = values[order], vectors[:, order]
for k in range(vectors.shape[1]):
    v = vectors[:, k]
    if v[np.argmax(np.abs(v))] < 0:
        vectors[:, k] = -v
print("variances:", ", ".join(f"{v:.12f}" for v in values))
for k in range(2):
    print(f"component {k}:", ", ".join(f"{v:.12f}" for v in vectors[:, k]))
proj = (X - X.mean(axis=0)) @ vectors[:, :2]
print("row 0 projected:", ", ".join(f"{v:.12f}" for v in proj[0]))
