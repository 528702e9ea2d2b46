"""Field-by-field scorer for the real news-fields corpus (``shared/benchmarks/news-fields``).

133 real article pages with a full truth per page (see ``shared/README.md``). Every tool's
output is first mapped to a *view*: a dict with the keys of ``FIELDS`` it produces (a tool
that does not produce a field leaves the key out, and the tables print "–" for it). Each
field is then scored per page, as the shared README describes the corpus's figures:

- text is compared normalised: NFKC, casefold, ``\\w+`` tokens joined by one space;
- ``title``: the normalised headline equals the truth's title;
- ``authors``: the sets of normalised names are equal;
- ``day``: the first ten characters of ``published`` are the truth's;
- ``instant``: the published instant is within 60 s of the truth's; a value without a time
  is a miss, one without an offset is read in the truth's offset (a tool that writes local
  time without saying so still names the right minute);
- ``topics``: the truth's set is contained in the view's ``topics`` (ours: ``topics``,
  trafilatura: categories + tags, both standing for the README's "topics + keywords");
- ``lead``: the truth's first 80 normalised characters occur in the view's lead (ours:
  ``lead``; trafilatura: its description);
- ``captions``: each truth caption counts once, found when its first 60 normalised
  characters occur in one of the view's captions; the figure is found / truth captions
  over the corpus (a page of ten photos weighs ten times a page of one: that is how the
  first quoted 0.71 was computed; the per-page share is what ``--compare`` lists);
- ``credits``: the same for each truth credit, found when it occurs (normalised) in one
  of the view's credits;
- ``body``: the article-extraction benchmark's 4-token shingle F1 (``bench.shingle_f1``);
  the corpus figure averages per-page precision and recall as that benchmark does.

When the truth has no value, the page is **skipped** for that field rather than scored:
no authors (4 pages), no topics (25), no lead (27), no captioned or credited image (32,
35), and for ``instant`` a published value without an offset (9 pages: 5 date-only
values the truth writes as a naive midnight, 4 local times with no offset; neither names
an instant). The truth comes from publisher-specific parsers, and "none" there often
means only that the parser did not look, so rewarding an empty answer (or punishing a
right one) would measure the parser, not the page. Title, day and body are scored on
every page. A field's figure is the mean of its page scores over the pages scored
(captions and credits: per item, above); ``n`` says how many pages were scored.

Pages are grouped by the language the page itself declares (``<html lang>``, its primary
subtag; "?" when it declares none), not by what any extractor detects, and by publisher.
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from bench.shingle_f1 import page_counts, page_f1, score_counts

FIELDS = ("body", "title", "authors", "day", "instant", "lead", "topics", "captions", "credits")
TOKEN = re.compile(r"\w+")
HTML_LANG = re.compile(rb"<html\b[^>]*?\slang\s*=\s*[\"']?([A-Za-z]{2,3})\b", re.I)
LEAD_CHARS = 80
CAPTION_CHARS = 60
INSTANT_SLACK_S = 60


def norm(text: Any) -> str:
    """NFKC, casefold, ``\\w+`` tokens joined by one space ("" for None)."""
    if not text:
        return ""
    return " ".join(TOKEN.findall(unicodedata.normalize("NFKC", str(text)).casefold()))


def _norms(values: Iterable[Any] | None) -> list[str]:
    return [n for n in (norm(v) for v in values or ()) if n]


def _title(truth: dict, view: dict) -> float | None:
    want = norm(truth.get("title"))
    return None if not want else float(norm(view.get("title")) == want)


def _authors(truth: dict, view: dict) -> float | None:
    want = set(_norms(truth.get("authors")))
    return None if not want else float(set(_norms(view.get("authors"))) == want)


def _day(truth: dict, view: dict) -> float | None:
    want = (truth.get("published") or "")[:10]
    return None if not want else float((view.get("day") or "")[:10] == want)


def _parse(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        return None


def _instant(truth: dict, view: dict) -> float | None:
    want = _parse(truth.get("published") or "")
    if want is None or want.utcoffset() is None:
        return None  # no offset: a day (naive midnight) or a local time, not an instant
    value = (view.get("instant") or "").strip()
    got = _parse(value) if len(value) > 10 else None
    if got is None:
        return 0.0
    if got.utcoffset() is None:
        got = got.replace(tzinfo=want.tzinfo)
    return float(abs((got - want).total_seconds()) <= INSTANT_SLACK_S)


def _topics(truth: dict, view: dict) -> float | None:
    want = set(_norms(truth.get("topics")))
    return None if not want else float(want <= set(_norms(view.get("topics"))))


def _lead(truth: dict, view: dict) -> float | None:
    want = norm(truth.get("lead"))[:LEAD_CHARS].strip()
    return None if not want else float(want in norm(view.get("lead")))


def _found(wanted: list[str], haystack: list[str]) -> tuple[int, int] | None:
    if not wanted:
        return None
    return sum(any(w in h for h in haystack) for w in wanted), len(wanted)


def _captions(truth: dict, view: dict) -> float | None:
    images = truth.get("images") or []
    wanted = [n[:CAPTION_CHARS].strip() for n in _norms(i.get("caption") for i in images)]
    return _found(wanted, _norms(view.get("captions")))


def _credits(truth: dict, view: dict) -> float | None:
    wanted = _norms(i.get("credit") for i in truth.get("images") or [])
    return _found(wanted, _norms(view.get("credits")))


RULES: dict[str, Callable[[dict, dict], Any]] = {
    "title": _title,
    "authors": _authors,
    "day": _day,
    "instant": _instant,
    "lead": _lead,
    "topics": _topics,
    "captions": _captions,
    "credits": _credits,
}


def score_page(truth: dict, view: dict) -> dict[str, Any]:
    """Per-field result of one page: a float in [0, 1], or None when the field is skipped
    (the truth has no value); fields the view does not produce are left out. ``body`` is
    the page's normalised (tp, fp, fn), which ``aggregate`` averages as the benchmark does."""
    out: dict[str, Any] = {}
    if "body" in view:
        out["body"] = page_counts(truth.get("body") or "", view.get("body") or "")
    for name, rule in RULES.items():
        if name in view:
            out[name] = rule(truth, view)
    return out


def aggregate(pages: Iterable[dict[str, Any]]) -> dict[str, tuple[float, int] | None]:
    """``{field: (figure, pages scored)}`` over page results; None for a field not produced."""
    pages = list(pages)
    out: dict[str, tuple[float, int] | None] = {}
    for name in FIELDS:
        values = [p[name] for p in pages if name in p]
        if not values:
            out[name] = None
        elif name == "body":
            out[name] = (score_counts(values)["f1"], len(values))
        elif name in ("captions", "credits"):
            scored = [v for v in values if v is not None]
            total = sum(v[1] for v in scored)
            out[name] = (sum(v[0] for v in scored) / total if total else 0.0, len(scored))
        else:
            scored = [v for v in values if v is not None]
            out[name] = (sum(scored) / len(scored), len(scored)) if scored else (0.0, 0)
    return out


def page_value(name: str, value: Any) -> float | None:
    """A page result as one number (body: the page's own F1), for listings and JSON."""
    if value is None:
        return None
    if name == "body":
        return round(page_f1(tuple(value)), 4)  # type: ignore[arg-type]
    if name in ("captions", "credits"):
        return round(value[0] / value[1], 4)
    return value


def page_language(html: bytes) -> str:
    """The primary language subtag the page declares on ``<html lang>``, or "?"."""
    match = HTML_LANG.search(html[:20000])
    return match.group(1).decode("ascii").lower() if match else "?"


def load(data: Path) -> tuple[dict[str, dict], dict[str, bytes]]:
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    pages = {k: gzip.decompress((data / "html" / f"{k}.html.gz").read_bytes()) for k in truth}
    return truth, pages


def ours_view(item: dict) -> dict:
    """Our batch item mapped to the scored fields."""
    images = item.get("images") or []
    return {
        "body": item.get("body") or "",
        "title": item.get("headline"),
        "authors": item.get("authors") or [],
        "day": item.get("published"),
        "instant": item.get("published"),
        "lead": item.get("lead"),
        "topics": item.get("topics") or [],
        "captions": [i.get("caption") for i in images if i.get("caption")],
        "credits": [i.get("credit") for i in images if i.get("credit")],
    }


def trafilatura_view(doc: Any) -> dict:
    """trafilatura's ``bare_extraction`` document mapped to the fields it produces (no
    instant, captions or credits); None (nothing extracted) scores as empty values."""
    author = getattr(doc, "author", None) or ""
    return {
        "body": getattr(doc, "text", None) or "",
        "title": getattr(doc, "title", None),
        "authors": [a for a in (s.strip() for s in author.split(";")) if a],
        "day": getattr(doc, "date", None),
        "lead": getattr(doc, "description", None),
        "topics": list(getattr(doc, "categories", None) or [])
        + list(getattr(doc, "tags", None) or []),
    }
