"""Paragraph, word, list and image diffs between two versions of a story (pure functions)."""

from __future__ import annotations

import json
import random

from archive.version_diff import (
    diff_images,
    diff_list,
    diff_paragraphs,
    diff_words,
    paragraphs,
    version_changes,
)

OLD = "Erster Absatz.\n\nZweiter Absatz mit vielen Wörtern darin.\n\nDritter Absatz."


def apply_ops(old: str, ops: list[dict]) -> list[str]:
    """Rebuild the new paragraph list from the old one and the operations (the inverse)."""
    a = paragraphs(old)
    deleted = {op["old_index"] for op in ops if op["op"] in ("delete", "replace")}
    placed = {op["new_index"]: op for op in ops if op["op"] in ("insert", "replace")}
    kept = iter(p for i, p in enumerate(a) if i not in deleted)
    size = len(a) - len(deleted) + len(placed)
    out = []
    for j in range(size):
        op = placed.get(j)
        out.append(next(kept) if op is None else op.get("text", op.get("new")))
    return out


def redline(spans: list[dict], keep: str) -> str:
    return "".join(s["text"] for s in spans if s["op"] in ("equal", keep))


def test_an_added_paragraph_is_one_insert_at_its_position() -> None:
    new = OLD.replace("\n\nDritter", "\n\nEin neuer Absatz zur Lage.\n\nDritter")
    assert diff_paragraphs(OLD, new) == [
        {"op": "insert", "new_index": 2, "text": "Ein neuer Absatz zur Lage."}
    ]


def test_a_removed_paragraph_is_one_delete() -> None:
    new = "Erster Absatz.\n\nDritter Absatz."
    assert diff_paragraphs(OLD, new) == [
        {"op": "delete", "old_index": 1, "text": "Zweiter Absatz mit vielen Wörtern darin."}
    ]


def test_an_edited_paragraph_is_a_replace_with_word_spans() -> None:
    new = OLD.replace("vielen Wörtern darin", "einigen neuen Wörtern darin")
    (op,) = diff_paragraphs(OLD, new)
    assert (op["op"], op["old_index"], op["new_index"]) == ("replace", 1, 1)
    assert op["words"] == [
        {"op": "equal", "text": "Zweiter Absatz mit "},
        {"op": "delete", "text": "vielen"},
        {"op": "insert", "text": "einigen neuen"},
        {"op": "equal", "text": " Wörtern darin."},
    ]
    assert redline(op["words"], "delete") == op["old"]
    assert redline(op["words"], "insert") == op["new"]


def test_a_rewritten_paragraph_is_a_delete_and_an_insert() -> None:
    new = OLD.replace("Zweiter Absatz mit vielen Wörtern darin.", "Völlig anderer Text hier.")
    assert [op["op"] for op in diff_paragraphs(OLD, new)] == ["delete", "insert"]


def test_no_change_and_empty_texts() -> None:
    assert diff_paragraphs(OLD, OLD) == []
    assert diff_paragraphs(OLD, OLD.replace("\n\n", "\n  \n")) == []  # same paragraphs
    assert diff_paragraphs(None, "Neu.") == [{"op": "insert", "new_index": 0, "text": "Neu."}]
    assert diff_paragraphs("Alt.", "") == [{"op": "delete", "old_index": 0, "text": "Alt."}]
    assert diff_words("a b", "a b") == [{"op": "equal", "text": "a b"}]


def test_random_edits_round_trip_and_are_deterministic() -> None:
    rng = random.Random(15)
    words = "der die das Regierung Haushalt Kanzler sagte heute morgen Bericht".split()

    def para() -> str:
        return " ".join(rng.choice(words) for _ in range(rng.randint(3, 12))) + "."

    for _ in range(200):
        old = [para() for _ in range(rng.randint(0, 8))]
        new = list(old)
        for _ in range(rng.randint(1, 4)):
            kind = rng.choice(["insert", "delete", "edit"])
            if kind == "insert" or not new:
                new.insert(rng.randint(0, len(new)), para())
            elif kind == "delete":
                new.pop(rng.randrange(len(new)))
            else:
                k = rng.randrange(len(new))
                toks = new[k].split()
                toks[rng.randrange(len(toks))] = rng.choice(words)
                new[k] = " ".join(toks)
        a, b = "\n\n".join(old), "\n\n".join(new)
        ops = diff_paragraphs(a, b)
        assert apply_ops(a, ops) == paragraphs(b)
        assert json.dumps(ops) == json.dumps(diff_paragraphs(a, b))
        for op in ops:
            if op["op"] == "replace":
                assert redline(op["words"], "delete") == op["old"]
                assert redline(op["words"], "insert") == op["new"]


def test_authors_and_images() -> None:
    assert diff_list(["A", "B"], ["B", "C"]) == {"added": ["C"], "removed": ["A"]}
    old = [["u1", "Cap", "dpa"], ["u2", None, None]]
    new = [{"url": "u1", "caption": "Cap neu", "credit": "dpa"}, {"url": "u3"}]
    assert diff_images(old, new) == {
        "added": [{"url": "u3", "caption": None, "credit": None}],
        "removed": [{"url": "u2", "caption": None, "credit": None}],
        "changed": [
            {
                "url": "u1",
                "old": {"url": "u1", "caption": "Cap", "credit": "dpa"},
                "new": {"url": "u1", "caption": "Cap neu", "credit": "dpa"},
            }
        ],
    }


def test_version_changes_has_one_entry_per_changed_field() -> None:
    old = {"headline": "Merz: Plan", "body": OLD, "authors": ["A"], "modified": None}
    new = {"headline": "Merz: Neuer Plan", "body": OLD + "\n\nNachtrag.", "authors": ["A", "B"]}
    new["modified"] = "2025-12-02T15:00:00+01:00"
    changes = version_changes(old, new, ["headline", "body", "authors", "modified"])
    assert set(changes) == {"headline", "body", "authors", "modified"}
    assert changes["headline"]["old"] == "Merz: Plan"
    assert changes["headline"]["ops"][0]["words"][1] == {"op": "insert", "text": "Neuer "}
    assert changes["body"] == {"ops": [{"op": "insert", "new_index": 3, "text": "Nachtrag."}]}
    assert changes["authors"] == {"old": ["A"], "new": ["A", "B"], "added": ["B"], "removed": []}
    assert changes["modified"] == {"old": None, "new": "2025-12-02T15:00:00+01:00"}
