"""The extraction benchmark's scorer follows the benchmark's own definition, case by case."""

import pytest

from bench.extraction import page_counts, score, shingles


def test_short_text_is_one_shingle() -> None:
    assert shingles("zwei Worte") == {("zwei", "Worte"): 1}
    assert shingles("") == {}
    assert sum(shingles("a b c d e").values()) == 2


def test_page_counts_are_normalised_multisets() -> None:
    # truth: 3 shingles (a b c d, b c d e, c d e f); prediction keeps the first two and adds one
    tp, fp, fn = page_counts("a b c d e f", "a b c d e x")
    assert (tp, fp, fn) == pytest.approx((2 / 4, 1 / 4, 1 / 4))


def test_precision_and_recall_are_means_of_page_scores() -> None:
    truth = {"p1": "a b c d e f", "p2": "g h i j k", "p3": "l m n o p"}
    pred = {"p1": "a b c d e f", "p2": "g h i j k q", "p3": ""}
    s = score(truth, pred)
    # p1 perfect (1, 1); p2: tp 2 fp 1 -> P 2/3, R 1; p3 predicts nothing: no precision, R 0
    assert s["precision"] == pytest.approx((1 + 2 / 3) / 2)
    assert s["recall"] == pytest.approx((1 + 1 + 0) / 3)
    p, r = s["precision"], s["recall"]
    assert s["f1"] == pytest.approx(2 * p * r / (p + r))
