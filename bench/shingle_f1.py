"""The body metric of the article-extraction benchmark: 4-token shingle F1 over pages.

Tokens are ``\\w+`` runs; for each page the 4-token shingles of truth and prediction are
counted as multisets (a text shorter than four tokens is one shingle); tp/fp/fn are
normalised by their sum; each page gets a precision and a recall (1.0 when it has neither
fp nor fn); precision is the mean over pages that predicted something or expected nothing
wrong (tp + fp > 0), recall the mean over pages with tp + fn > 0, and F1 is the harmonic
mean of the two means. Shared by both corpora of ``bench/extraction.py``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

TOKEN = re.compile(r"\w+")

Counts = tuple[float, float, float]


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = TOKEN.findall(text or "")
    grams = (tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)))
    return Counter(g for g in grams if g)


def page_counts(truth: str, pred: str) -> Counts:
    """Normalised (tp, fp, fn) of one page."""
    t, p = shingles(truth), shingles(pred)
    tp = sum((t & p).values())
    fp = sum(p.values()) - tp
    fn = sum(t.values()) - tp
    total = tp + fp + fn
    if total == 0:
        return 0.0, 0.0, 0.0
    return tp / total, fp / total, fn / total


def page_precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def page_recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


def page_f1(counts: Counts) -> float:
    """One page's F1 (for per-page listings; the corpus figure is ``score_counts``)."""
    p, r = page_precision(*counts), page_recall(*counts)
    return 2 * p * r / (p + r) if p + r else 0.0


def score_counts(counts: Iterable[Counts]) -> dict[str, float]:
    """Precision, recall and F1 of a set of pages, as the benchmark averages them."""
    counts = list(counts)
    precisions = [page_precision(*c) for c in counts if c[0] + c[1] > 0]
    recalls = [page_recall(*c) for c in counts if c[0] + c[2] > 0]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"f1": f1, "precision": precision, "recall": recall}


def score(truth: dict[str, str], pred: dict[str, str]) -> dict[str, float]:
    return score_counts(page_counts(truth[k], pred.get(k, "")) for k in truth)
