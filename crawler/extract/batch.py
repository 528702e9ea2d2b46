"""The batch contract: a manifest of saved pages in, one JSON item per line out.

This is how extraction quality is measured and how archives are re-extracted: it reads
files only (no network), never stops on a bad page (the line says why), and writes to a
temporary file that is renamed into place at the end, so a reader never sees half a run.

Manifest lines: ``{"id", "url", "path"}`` with ``path`` relative to the manifest's folder
or absolute, optionally gzip-compressed (``.gz``); optional ``headers``. Output lines:
``item.to_dict()`` plus ``"id"``.
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path
from typing import Any

import orjson

from archive.atomic import temp_beside
from crawler.extract.article import EXTRACTOR_VERSION, extract_article
from crawler.extract.rules import ExtractionRules


def _read(path: Path) -> bytes:
    data = path.read_bytes()
    if path.suffix == ".gz" or data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data


def _failed(entry_id: Any, url: Any, reason: str, rules: ExtractionRules) -> dict[str, Any]:
    return {
        "id": entry_id,
        "url": url,
        "extractor": {"version": EXTRACTOR_VERSION, "rules_hash": rules.hash()},
        "missing": {"body": reason},
    }


def _problem(problems: list[str] | None, manifest: Path, lineno: int, record: dict) -> None:
    if problems is not None:
        problems.append(f"{manifest}:{lineno}: {record['missing']['body']}")


def run_batch(
    manifest: Path,
    out: Path,
    rules: ExtractionRules | None = None,
    problems: list[str] | None = None,
) -> int:
    """Extract every page listed in ``manifest`` into ``out`` (JSONL); returns lines written.

    A manifest line that names no readable page still gets its line (``missing.body`` says
    why) and, in ``problems``, one line for the user: it is a failed entry, not an item."""
    manifest = Path(manifest)
    out = Path(out)
    effective = rules or ExtractionRules()
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = temp_beside(out)  # the umask's mode, not mkstemp's 0600
    count = 0
    try:
        with os.fdopen(fd, "wb") as sink, manifest.open("rb") as lines:
            for lineno, raw in enumerate(lines, 1):
                if not raw.strip():
                    continue
                try:
                    entry = orjson.loads(raw)
                    if not isinstance(entry, dict):
                        raise ValueError("manifest line is not an object")
                except (orjson.JSONDecodeError, ValueError) as exc:
                    record = _failed(
                        f"line-{lineno}", None, f"bad manifest line: {exc}"[:200], effective
                    )
                    _problem(problems, manifest, lineno, record)
                    sink.write(orjson.dumps(record) + b"\n")
                    count += 1
                    continue
                entry_id, url = entry.get("id"), entry.get("url")
                path_value = entry.get("path")
                if not path_value:
                    record = _failed(entry_id, url, "manifest line has no path", effective)
                else:
                    path = Path(path_value)
                    if not path.is_absolute():
                        path = manifest.parent / path
                    try:
                        body = _read(path)
                    except (OSError, EOFError, gzip.BadGzipFile) as exc:
                        reason = f"cannot read {path_value}: {type(exc).__name__}: {exc}"
                        record = _failed(entry_id, url, reason[:300], effective)
                    else:
                        item = extract_article(str(url or ""), entry.get("headers"), body, rules)
                        record = {"id": entry_id, **item.to_dict()}
                if "headline" not in record:  # _failed: no page was read for this line
                    _problem(problems, manifest, lineno, record)
                sink.write(orjson.dumps(record) + b"\n")
                count += 1
        os.replace(tmp_name, out)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return count
