#!/usr/bin/python3
"""Writes reference.json: inputs and the values scikit-learn / scipy compute for them.

Run from this folder with Debian's python3-sklearn and python3-scipy (scripts/setup.sh --bench):
    /usr/bin/python3 make_reference.py
The tests read only the JSON, never python. Note: scikit-learn 1.2 (Debian 12) puts max(score) + 1 as the first ROC
threshold; scikit-learn >= 1.3 puts +inf there, which is what Timbre follows, so the first threshold is written as
"inf" below.
"""
import json
import math

import numpy as np
import scipy
import sklearn
from scipy import special, stats
from sklearn import metrics

rng = np.random.default_rng(20240501)


def roc(y, s):
    fpr, tpr, thr = metrics.roc_curve(y, s, drop_intermediate=True)
    thr = thr.astype(float).tolist()
    thr[0] = "inf"
    return {"fpr": fpr.tolist(), "tpr": tpr.tolist(), "thresholds": thr}


def prfs(y, p, labels, average):
    pr, rc, f1, sup = metrics.precision_recall_fscore_support(
        y, p, labels=labels, average=average, zero_division=0)
    if average is None:
        return {"precision": pr.tolist(), "recall": rc.tolist(), "f1": f1.tolist(), "support": sup.tolist()}
    return {"precision": float(pr), "recall": float(rc), "f1": float(f1)}


def multiclass_case(n, k, sharpness):
    y = rng.integers(0, k, n)
    logits = rng.normal(size=(n, k))
    logits[np.arange(n), y] += sharpness
    probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    probs = np.round(probs, 2)          # creates ties, exercising threshold grouping
    probs[:, -1] = 1 - probs[:, :-1].sum(axis=1)   # rows still sum to 1, as roc_auc_score(ovr) demands
    pred = probs.argmax(axis=1)
    labels = list(range(k))
    onehot = np.eye(k)[y]
    return {
        "classCount": k,
        "yTrue": y.tolist(),
        "probabilities": probs.tolist(),
        "yPred": pred.tolist(),
        "confusion": metrics.confusion_matrix(y, pred, labels=labels).tolist(),
        "accuracy": metrics.accuracy_score(y, pred),
        "perClass": prfs(y, pred, labels, None),
        "macro": prfs(y, pred, labels, "macro"),
        "micro": prfs(y, pred, labels, "micro"),
        "weighted": prfs(y, pred, labels, "weighted"),
        "rocPerClass": [roc(onehot[:, c], probs[:, c]) for c in range(k)],
        "aucPerClass": [metrics.roc_auc_score(onehot[:, c], probs[:, c]) for c in range(k)],
        "macroAucOvr": metrics.roc_auc_score(y, probs, multi_class="ovr", average="macro", labels=labels),
    }


def zero_division_case():
    # Class 3 is never predicted, class 4 has no samples but is predicted once.
    y = [0, 0, 1, 1, 2, 2, 3, 3, 0, 1]
    p = [0, 1, 1, 1, 2, 0, 2, 1, 4, 1]
    labels = list(range(5))
    return {
        "classCount": 5, "yTrue": y, "yPred": p,
        "confusion": metrics.confusion_matrix(y, p, labels=labels).tolist(),
        "accuracy": metrics.accuracy_score(y, p),
        "perClass": prfs(y, p, labels, None),
        "macro": prfs(y, p, labels, "macro"),
        "micro": prfs(y, p, labels, "micro"),
        "weighted": prfs(y, p, labels, "weighted"),
    }


def binary_roc_case():
    y = [1, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 1, 1, 0]
    s = [0.9, 0.8, 0.8, 0.7, 0.6, 0.55, 0.55, 0.4, 0.4, 0.3, 0.2, 0.2, 0.1, 0.05]
    fpr, tpr, thr = metrics.roc_curve(y, s, drop_intermediate=False)
    thr = thr.astype(float).tolist()
    thr[0] = "inf"
    return {"yTrue": y, "scores": s, "dropped": roc(y, s),
            "full": {"fpr": fpr.tolist(), "tpr": tpr.tolist(), "thresholds": thr},
            "auc": metrics.roc_auc_score(y, s)}


def multilabel_case():
    n, k = 40, 3
    y = (rng.random((n, k)) < 0.4).astype(int)
    s = np.clip(0.35 * y + rng.random((n, k)) * 0.7, 0, 1).round(3)
    pred = (s > 0.5).astype(int)
    return {
        "yTrue": y.tolist(), "scores": s.tolist(), "threshold": 0.5,
        "labelAccuracy": [metrics.accuracy_score(y[:, j], pred[:, j]) for j in range(k)],
        "perLabel": prfs(y, pred, None, None),
        "macro": prfs(y, pred, None, "macro"),
        "micro": prfs(y, pred, None, "micro"),
        "hammingLoss": metrics.hamming_loss(y, pred),
        "subsetAccuracy": metrics.accuracy_score(y, pred),
        "aucPerLabel": metrics.roc_auc_score(y, s, average=None).tolist(),
    }


def ttest_case():
    a = rng.normal(0.70, 0.04, 10).round(4)
    b = (a - rng.normal(0.03, 0.03, 10)).round(4)
    x = rng.normal(3.1, 1.0, 15).round(2)
    z = rng.normal(3.9, 0.6, 18).round(2)
    rel = stats.ttest_rel(a, b)
    welch = stats.ttest_ind(x, z, equal_var=False)
    student = stats.ttest_ind(x, z, equal_var=True)
    va, vb = x.var(ddof=1) / len(x), z.var(ddof=1) / len(z)
    welch_df = (va + vb) ** 2 / (va ** 2 / (len(x) - 1) + vb ** 2 / (len(z) - 1))
    return {
        "a": a.tolist(), "b": b.tolist(), "x": x.tolist(), "z": z.tolist(),
        "paired": {"t": rel.statistic, "p": rel.pvalue, "df": len(a) - 1},
        "welch": {"t": welch.statistic, "p": welch.pvalue, "df": welch_df},
        "student": {"t": student.statistic, "p": student.pvalue, "df": len(x) + len(z) - 2},
    }


def distributions():
    quantiles = []
    for df in [1, 2, 2.5, 3, 5, 9, 10, 29, 32, 100, 1000]:
        for p in [0.5005, 0.6, 0.9, 0.95, 0.975, 0.995, 0.9995, 0.025, 0.001]:
            quantiles.append({"p": p, "df": df, "t": stats.t.ppf(p, df)})
    cdf = [{"t": t, "df": df, "cdf": stats.t.cdf(t, df)}
           for t in [-3.5, -1.2, 0.0, 0.7, 2.0, 4.743, 12.0] for df in [1, 4, 9, 32, 58]]
    beta = [{"a": a, "b": b, "x": x, "value": special.betainc(a, b, x)}
            for (a, b) in [(0.5, 0.5), (1, 3), (2.5, 0.5), (10, 20), (50, 0.5)] for x in [0.01, 0.3, 0.5, 0.77, 0.99]]
    gammaq = [{"a": a, "x": x, "value": special.gammaincc(a, x)}
              for a in [0.5, 1, 3.5, 10] for x in [0.01, 0.5, 2, 9, 30]]
    lgamma = [{"x": x, "value": special.gammaln(x)} for x in [0.1, 0.5, 1, 2.5, 7, 33.3, 171.5]]
    return {"tQuantiles": quantiles, "tCdf": cdf, "betaInc": beta, "gammaQ": gammaq, "logGamma": lgamma}


def mcnemar_cases():
    out = []
    for b, c in [(0, 0), (1, 0), (5, 5), (3, 12), (12, 3), (40, 25), (7, 30), (200, 160)]:
        n = b + c
        exact = 1.0 if n == 0 else stats.binomtest(min(b, c), n, 0.5).pvalue
        chi = 0.0 if n == 0 else (abs(b - c) - 1) ** 2 / n
        out.append({"b": b, "c": c, "exactP": exact, "chiSquare": chi, "chiP": stats.chi2.sf(chi, 1)})
    return out


def cv_summary():
    acc = rng.normal(0.72, 0.05, 10).round(4)
    mean = acc.mean()
    std = acc.std(ddof=1)
    low, high = stats.t.interval(0.95, len(acc) - 1, loc=mean, scale=stats.sem(acc))
    low90, high90 = stats.t.interval(0.90, len(acc) - 1, loc=mean, scale=stats.sem(acc))
    return {"values": acc.tolist(), "mean": mean, "std": std, "ciLow": low, "ciHigh": high,
            "ciLow90": low90, "ciHigh90": high90}


def ranking_cases():
    out = []
    for _ in range(6):
        m = 20
        ranked = rng.permutation(m)
        relevant = sorted(rng.choice(m, size=int(rng.integers(1, 7)), replace=False).tolist())
        rel = np.zeros(m)
        rel[relevant] = 1
        score = np.zeros(m)
        score[ranked] = np.arange(m, 0, -1)   # rank 1 gets the highest score
        case = {"ranked": ranked.tolist(), "relevant": relevant,
                "averagePrecisionFull": metrics.average_precision_score(rel, score), "ndcg": {}}
        for n in [1, 3, 5, 10, 20]:
            case["ndcg"][str(n)] = metrics.ndcg_score([rel], [score], k=n)
        out.append(case)
    return out


reference = {
    "versions": {"sklearn": sklearn.__version__, "scipy": scipy.__version__, "numpy": np.__version__},
    "multiclass": multiclass_case(60, 4, 1.5),
    "zeroDivision": zero_division_case(),
    "binaryRoc": binary_roc_case(),
    "multiLabel": multilabel_case(),
    "tTests": ttest_case(),
    "distributions": distributions(),
    "mcNemar": mcnemar_cases(),
    "cvSummary": cv_summary(),
    "ranking": ranking_cases(),
}


def clean(o):
    if isinstance(o, dict):
        return {k: clean(v) for k, v in o.items()}
    if isinstance(o, (list, tuple)):
        return [clean(v) for v in o]
    if isinstance(o, (np.integer,)):
        return int(o)
    if isinstance(o, (np.floating, float)):
        f = float(o)
        return f if math.isfinite(f) else ("inf" if f > 0 else "-inf") if math.isinf(f) else "nan"
    return o


with open("reference.json", "w") as fh:
    json.dump(clean(reference), fh, indent=1)
print("wrote reference.json")
