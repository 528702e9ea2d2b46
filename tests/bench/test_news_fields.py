"""The news-fields scorer applies each field's rule as documented, empty truths included."""

import pytest

from bench.news_fields import aggregate, norm, ours_view, page_language, score_page
from bench.news_fields_report import compare, score_run, to_json

TRUTH = {
    "title": "Ｓtraße  gesperrt!",
    "authors": ["Anna Muster", "Ben Beispiel"],
    "published": "2025-06-05 12:36:40+02:00",
    "topics": ["Verkehr", "Berlin"],
    "lead": "Die Straße ist gesperrt. " * 8,
    "body": "eins zwei drei vier fünf sechs",
    "images": [
        {"caption": "Ein Bild der Straße", "credit": "dpa"},
        {"caption": "Zweites Bild", "credit": None},
    ],
}


def item(**fields: object) -> dict:
    base = {
        "headline": "strasse gesperrt",
        "authors": ["Ben Beispiel", "anna muster"],
        "published": "2025-06-05T10:37:30+00:00",
        "topics": ["Politik", "berlin", "VERKEHR"],
        "lead": "Vorspann: " + TRUTH["lead"],
        "body": TRUTH["body"],
        "images": [
            {"url": "a", "caption": "Ein Bild der Straße am Morgen", "credit": "Foto: dpa"},
            {"url": "b", "caption": "zweites  Bild", "credit": None},
        ],
    }
    return ours_view({**base, **fields})


def test_norm_is_nfkc_casefold_word_tokens() -> None:
    assert norm("Ｓtraße  gesperrt!") == "strasse gesperrt"
    assert norm(None) == ""


def test_every_field_right() -> None:
    page = score_page(TRUTH, item())
    assert {k: v for k, v in page.items() if k != "body"} == {
        "title": 1.0,
        "authors": 1.0,
        "day": 1.0,
        "instant": 1.0,  # 50 s apart, other offset
        "lead": 1.0,
        "topics": 1.0,  # truth's set contained, more is fine
        "captions": (2, 2),
        "credits": (1, 1),  # the one truth credit, found inside "foto dpa"
    }
    assert page["body"] == (1.0, 0.0, 0.0)


@pytest.mark.parametrize(
    ("field", "value", "name"),
    [
        ("headline", "Straße gesperrt in Berlin", "title"),
        ("authors", ["Anna Muster"], "authors"),
        ("authors", ["Anna Muster", "Ben Beispiel", "dpa"], "authors"),
        ("published", "2025-06-04T23:59:00+00:00", "day"),
        ("published", "2025-06-05T10:38:00+00:00", "instant"),  # 80 s off
        ("published", "2025-06-05", "instant"),  # no time
        ("topics", ["Verkehr"], "topics"),
        ("lead", TRUTH["lead"][:60], "lead"),  # shorter than the 80 characters compared
    ],
)
def test_each_field_can_miss(field: str, value: object, name: str) -> None:
    assert score_page(TRUTH, item(**{field: value}))[name] == 0.0


def test_captions_and_credits_count_each_truth_image() -> None:
    images = [{"url": "a", "caption": "Ein Bild", "credit": "dpa/Name"}]
    page = score_page(TRUTH, item(images=images))
    assert page["captions"] == (0, 2)  # "ein bild" is not "ein bild der strasse"
    assert page["credits"] == (1, 1)
    long_truth = {**TRUTH, "images": [{"caption": "wort " * 20 + "ende", "credit": "X"}]}
    view = item(images=[{"url": "a", "caption": "Wort " * 12, "credit": "Y"}])
    assert score_page(long_truth, view)["captions"] == (1, 1)  # first 60 characters only
    assert score_page(long_truth, view)["credits"] == (0, 1)


def test_a_field_the_truth_lacks_is_skipped_not_scored() -> None:
    empty = {**TRUTH, "authors": [], "topics": [], "lead": "", "images": [{"caption": ""}]}
    page = score_page(empty, item(authors=["Somebody"], topics=[], lead=None))
    for name in ("authors", "topics", "lead", "captions", "credits"):
        assert page[name] is None
    naive = {**TRUTH, "published": "2025-06-05 00:00:00"}  # a day only: no instant
    assert score_page(naive, item())["instant"] is None
    assert score_page(naive, item())["day"] == 1.0
    figures = aggregate([page, score_page(TRUTH, item())])
    assert figures["authors"] == (1.0, 1)  # the skipped page counts neither way
    assert figures["captions"] == (1.0, 1)


def test_a_field_the_tool_lacks_is_absent_and_captions_are_per_item() -> None:
    assert "captions" not in score_page(TRUTH, {"body": "", "day": "2025-06-05"})
    pages = [{"captions": (1, 1)}, {"captions": (0, 3)}, {"captions": None}]
    assert aggregate(pages)["captions"] == (0.25, 2)
    assert aggregate(pages)["title"] is None


def test_page_language_is_the_declared_primary_subtag() -> None:
    assert page_language(b'<!doctype html><html class="x" lang="de-AT">') == "de"
    assert page_language(b"<html><body>") == "?"


def test_compare_names_pages_that_gained_and_lost() -> None:
    truth = {"p1": TRUTH, "p2": TRUTH}
    pages = {"p1": b"<html lang=de>", "p2": b"<html lang=de>"}
    before = {"p1": item(headline="x"), "p2": item()}
    after = {"p1": item(), "p2": item(authors=["Anna Muster"])}
    old = to_json(score_run(truth, pages, {"newsarchiver": before}), ("newsarchiver",))
    new = to_json(score_run(truth, pages, {"newsarchiver": after}), ("newsarchiver",))
    lines = compare(old, new)
    title = lines.index(next(x for x in lines if x.startswith("headline/title")))
    assert "gained 1, lost 0" in lines[title]
    assert lines[title + 1].strip() == "+ p1 0->1"
    authors = lines.index(next(x for x in lines if x.startswith("authors")))
    assert lines[authors + 1].strip() == "- p2 1->0"
