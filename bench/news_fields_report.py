"""The news-fields corpus run: our batch items, trafilatura and htmldate, tables and diffs.

``bench/extraction.py`` calls ``run_news_fields`` after the public benchmark (or alone with
``--real-only``). Our items come from ``newsarchiver extract --batch``, as a user runs it;
trafilatura's from ``bare_extraction`` as shipped, metadata and ``text`` (the main text
without the comments that ``extract`` appends to it: 0.934 body F1 here, the figure
first quoted for trafilatura, against 0.927 for ``extract``); htmldate's day from ``find_date``
(extensive search, original date), as ``bench/dates.py`` does. Scoring:
``bench/news_fields.py``.

``--save FILE`` writes the run as JSON (figures per tool and field, and every page's value
per field); ``--compare FILE`` prints, for newsarchiver, which pages gained or lost in each
field against such a file (``bench/data/news-fields-baseline.json`` is the baseline of
the first run). Both also work with ``--real-only``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from bench.news_fields import (
    FIELDS,
    aggregate,
    load,
    ours_view,
    page_language,
    page_value,
    score_page,
    trafilatura_view,
)

TOOLS = ("newsarchiver", "trafilatura", "htmldate")
LABELS = {"title": "headline/title", "day": "published day", "instant": "published instant"}
CHANGE = 0.005  # a per-page body F1 moving less than this is noise, not a gain or loss


def batch_items(data: Path, truth: dict[str, dict], workdir: Path) -> dict[str, dict]:
    """Every page of ``data/html`` through `newsarchiver extract --batch`; id → item."""
    manifest = workdir / "manifest.jsonl"
    with manifest.open("w", encoding="utf-8") as fh:
        for key, row in truth.items():
            path = data / "html" / f"{key}.html.gz"
            fh.write(json.dumps({"id": key, "url": row["url"], "path": str(path)}) + "\n")
    out = workdir / "items.jsonl"
    exe = Path(sys.executable).parent / "newsarchiver"
    command = [str(exe), "extract", "--batch", str(manifest), "--out", str(out)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"error: newsarchiver extract --batch failed: {done.stderr.strip()[-500:]}")
    items = (json.loads(line) for line in out.read_text(encoding="utf-8").splitlines())
    return {item["id"]: item for item in items}


def theirs_views(truth: dict[str, dict], pages: dict[str, bytes]) -> dict[str, dict[str, dict]]:
    """tool → id → view, for trafilatura and htmldate."""
    import trafilatura
    from htmldate import find_date

    traf, hdate = {}, {}
    for key, row in truth.items():
        html = pages[key]
        doc = trafilatura.bare_extraction(html, url=row["url"], with_metadata=True)
        traf[key] = trafilatura_view(doc)
        text = html.decode("utf-8", "replace")
        day = find_date(text, url=row["url"], extensive_search=True, original_date=True)
        hdate[key] = {"day": day}
    return {"trafilatura": traf, "htmldate": hdate}


def score_run(
    truth: dict[str, dict], pages: dict[str, bytes], views: dict[str, dict[str, dict]]
) -> dict[str, Any]:
    """Page results of every tool, and the page's publisher and declared language."""
    out: dict[str, Any] = {}
    for key, row in truth.items():
        out[key] = {
            "publisher": row.get("publisher") or "?",
            "country": row.get("country") or "?",
            "language": page_language(pages[key]),
            **{tool: score_page(row, views[tool][key]) for tool in views},
        }
    return out


def _cell(figure: tuple[float, int] | None, width: int = 8) -> str:
    """The figure, or "–" when the tool does not produce the field or no page was scored."""
    return f"{'–':>{width}}" if not figure or not figure[1] else f"{figure[0]:>{width}.3f}"


def print_fields(results: dict[str, Any], tools: tuple[str, ...] = TOOLS) -> None:
    figures = {t: aggregate(r[t] for r in results.values() if t in r) for t in tools}
    publishers = {r["publisher"] for r in results.values()}
    countries = {r["country"] for r in results.values()}
    print(
        f"news-fields (real pages): {len(results)} pages, {len(publishers)} publishers, "
        f"{len(countries)} countries"
    )
    print(f"{'field':<19}{'pages':>6}" + "".join(f"{t:>14}" for t in tools))
    for name in FIELDS:
        scored = figures[tools[0]][name]
        n = scored[1] if scored else 0
        cells = "".join(_cell(figures[t][name], 14) for t in tools)
        print(f"{LABELS.get(name, name):<19}{n:>6}{cells}")


def _group_table(results: dict[str, Any], key: str, title: str) -> None:
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in results.values():
        groups[row[key]].append(row)
    short = {"title": "head", "authors": "auth", "instant": "inst", "captions": "capt"}
    header = "".join(f"{short.get(f, f)[:7]:>8}" for f in FIELDS)
    print(f"{title:<22}{'pages':>6}{header}{'traf body':>10}")
    for name in sorted(groups, key=lambda g: (-len(groups[g]), g)):
        rows = groups[name]
        ours = aggregate(r["newsarchiver"] for r in rows)
        theirs = aggregate(r["trafilatura"] for r in rows if "trafilatura" in r)
        cells = "".join(_cell(ours[f]) for f in FIELDS)
        print(f"{name[:22]:<22}{len(rows):>6}{cells}{_cell(theirs.get('body'), 10)}")


def print_languages(results: dict[str, Any]) -> None:
    print("newsarchiver per language the page declares (<html lang>); '–': no page scored")
    _group_table(results, "language", "language")


def print_publishers(results: dict[str, Any]) -> None:
    print("newsarchiver per publisher")
    _group_table(results, "publisher", "publisher")


def to_json(results: dict[str, Any], tools: tuple[str, ...]) -> dict[str, Any]:
    figures = {t: aggregate(r[t] for r in results.values() if t in r) for t in tools}
    return {
        "about": "bench/extraction.py news-fields run (bench/news_fields.py scoring): figures "
        "are [value, pages scored]; page values per field, null = skipped (no truth value), "
        "body = the page's own shingle F1, captions/credits = share of the page's truth found",
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "load_average": round(os.getloadavg()[0], 2),
        "figures": {
            t: {f: v and [round(v[0], 4), v[1]] for f, v in figures[t].items()} for t in tools
        },  # fmt: skip
        "pages": {
            key: {
                "publisher": row["publisher"],
                "language": row["language"],
                **{t: {f: page_value(f, v) for f, v in row[t].items()} for t in tools if t in row},
            }
            for key, row in results.items()
        },
    }


def dump_json(run: dict[str, Any]) -> str:
    """The run as JSON with one line per tool's figures and per page, so a diff of two
    saved runs reads page by page."""
    lines = ["{"]
    for key in ("about", "date", "load_average"):
        lines.append(f"{json.dumps(key)}: {json.dumps(run[key], ensure_ascii=False)},")
    lines.append('"figures": {')
    tools = list(run["figures"].items())
    for i, (tool, figures) in enumerate(tools):
        comma = "," if i < len(tools) - 1 else ""
        lines.append(f" {json.dumps(tool)}: {json.dumps(figures)}{comma}")
    lines.append('},\n"pages": {')
    pages = list(run["pages"].items())
    for i, (key, page) in enumerate(pages):
        comma = "," if i < len(pages) - 1 else ""
        lines.append(f" {json.dumps(key)}: {json.dumps(page, ensure_ascii=False)}{comma}")
    lines.append("}\n}\n")
    return "\n".join(lines)


def compare(old: dict[str, Any], new: dict[str, Any], tool: str = "newsarchiver") -> list[str]:
    """Lines naming, per field, the pages whose value rose or fell from ``old`` to ``new``."""
    lines = []
    for name in FIELDS:
        was = (old["figures"].get(tool) or {}).get(name)
        now = (new["figures"].get(tool) or {}).get(name)
        if not was or not now:
            continue
        gained, lost = [], []
        for key, page in new["pages"].items():
            a = (old["pages"].get(key, {}).get(tool) or {}).get(name)
            b = (page.get(tool) or {}).get(name)
            if a is None or b is None or abs(b - a) < (CHANGE if name == "body" else 1e-9):
                continue
            (gained if b > a else lost).append(f"{key} {a:g}->{b:g}")
        lines.append(
            f"{LABELS.get(name, name):<19}{was[0]:.3f} -> {now[0]:.3f} ({now[0] - was[0]:+.3f})"
            f"  gained {len(gained)}, lost {len(lost)}"
        )
        lines += [f"    + {g}" for g in gained] + [f"    - {x}" for x in lost]
    return lines


def run_news_fields(
    data: Path,
    workdir: Path,
    publishers: bool = False,
    save: Path | None = None,
    compare_with: Path | None = None,
) -> dict[str, Any]:
    """Score every tool on the corpus at ``data`` and print the tables; returns the JSON."""
    truth, pages = load(data)
    items = batch_items(data, truth, workdir)
    views = {"newsarchiver": {k: ours_view(items.get(k, {})) for k in truth}}
    views.update(theirs_views(truth, pages))
    results = score_run(truth, pages, views)
    print_fields(results)
    print()
    print_languages(results)
    if publishers:
        print()
        print_publishers(results)
    run = to_json(results, TOOLS)
    if save:
        save.write_text(dump_json(run), encoding="utf-8")
        print(f"news-fields run written to {save}")
    if compare_with:
        print()
        print(f"newsarchiver against {compare_with} (pages that gained or lost, per field):")
        old = json.loads(compare_with.read_text(encoding="utf-8"))
        print("\n".join(compare(old, run)))
    return run
