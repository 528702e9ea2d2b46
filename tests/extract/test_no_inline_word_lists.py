"""No module of extraction or discovery keeps a word list of its own: words live in the
language packs (``crawler/extract/lang/data``), one file per language.

What counts as a word list, in a module's source (the ``lang`` package aside):
- a string literal holding a regex alternation of three or more words ("von|by|par"),
- a tuple, list, set or dict (its keys) of three or more word strings, one of them a
  phrase or written with non-ASCII letters ("nächste seite", "übersicht").
A "word" is two or more letters (phrases: words and spaces), not an upper-case acronym; at
least one of the three has four letters or more, or non-ASCII letters ("de|com|at" is no
word list). Lists of HTML tag names and alternations right after ``\\.`` (file extensions,
domains) are markup, not language.
"""

from __future__ import annotations

import ast
import re

import lxml.html.defs

from tests.conftest import ROOT

SCANNED = ("crawler/extract", "crawler/discovery")
PACKS = "crawler/extract/lang"
#: (module, words) that look like a word list and are none: keep this tiny and say why.
ALLOWED = {
    # the social networks of a share bar: names, in no language
    ("crawler/extract/body.py", "twitter|facebook|whatsapp|linkedin"),
}
TAGS = set(lxml.html.defs.tags) | {"amp-img", "svg", "template", "picture", "main", "time"}
_WORD = re.compile(r"[^\W\d_]{2,}(?: [^\W\d_]+)*")
_LEFT = re.compile(r"^(?:\^|\\b|\(\?:|\(|\\s\*|\\W\*)+")
_RIGHT = re.compile(r"(?:\$|\\b|\)|\?|\\s\*|\*)+$")
_INNER = re.compile(r"(?<=\w)(?:\(\?:[^()|]*\)|\[[^\]]*\])\??")


def _is_word(text: str) -> bool:
    return bool(_WORD.fullmatch(text)) and not (text.isascii() and text.isupper())


def _word_list(items: list[str]) -> list[str]:
    found = [w for w in items if _is_word(w)]
    if len(found) < 3 or all(w in TAGS for w in found):
        return []
    return found if any(len(w) >= 4 or not w.isascii() for w in found) else []


def alternations(text: str) -> list[list[str]]:
    """Runs of three or more words separated by ``|`` in a regex source."""
    out, run = [], []
    for piece in text.split("|"):
        piece = _INNER.sub("", piece)  # "autor(?:in)?" -> "autor", "napsal[a]?" -> "napsal"
        core = _RIGHT.sub("", _LEFT.sub("", piece))
        if _is_word(core):
            run.append(core)
            if not piece.rstrip("?*+").endswith(")"):
                continue
        out.append(run)
        run = []
    out.append(run)
    return [found for r in out if (found := _word_list(r))]


def word_lists(source: str) -> list[tuple[int, str]]:
    """(line, the words joined by ``|``) of each word list in a module's source."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = re.sub(r"\\\.\(\?:[^)]*\)", "", node.value)  # \.(?:de|com): domains
            found += [(node.lineno, "|".join(run)) for run in alternations(text)]
            continue
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            elts = node.elts
        elif isinstance(node, ast.Dict):
            elts = [k for k in node.keys if k is not None]
        else:
            continue
        items = [e.value for e in elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
        words = _word_list(items)
        if words and any(" " in w or not w.isascii() for w in words):
            found.append((node.lineno, "|".join(words)))
    return found


def test_no_module_keeps_an_inline_word_list() -> None:
    found = []
    for folder in SCANNED:
        for path in sorted((ROOT / folder).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            if name.startswith(PACKS):
                continue
            for line, words in word_lists(path.read_text(encoding="utf-8")):
                if (name, words) not in ALLOWED:
                    found.append(f"{name}:{line}: {words[:120]}")
    assert found == [], "move these words to the language packs:\n" + "\n".join(found)


def test_the_detector_finds_the_word_lists_modules_used_to_keep() -> None:
    lists = {
        'R = re.compile(r"^(?:von|by|text|autor(?:in)?|written by)\\s*:?")': "von|by|text|autor",
        'R = re.compile("byline|author|autor|auteur")': "byline|author|autor|auteur",
        'L = ("weiter", "nächste", "nächste seite")': "weiter|nächste|nächste seite",
        'H = {"home", "startseite", "übersicht"}': "home|startseite|übersicht",
        'M = {"januar": 1, "februar": 2, "märz": 3}': "januar|februar|märz",
        "A = '(?:오전|오후|午前|午後)'": "오전|오후|午前|午後",
    }
    for source, words in lists.items():
        assert [w for _, w in word_lists(source)] == [words], source
    markup = (
        'X = "//script|//style|//nav"',
        'T = ("header", "nav", "footer", "aside")',
        'S = re.compile(r"\\.(?:css|js|webp|avif)$")',
        'A = re.compile(r"@dpa\\.(?:de|com|at|ch)")',
        'F = ("headline", "lead", "body")',
        'Z = {"EST": 1, "AKST": 2, "CEST": 3}',
        'C = "(?:de|com|at)"',
    )
    for source in markup:
        assert word_lists(source) == [], source
