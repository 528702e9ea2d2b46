"""What the fixture-case directories share: inputs beside an ``expected.json`` output.

The extractor's saved pages (``tests/extract/cases.py``) and discovery's saved feeds and
sitemaps (``tests/crawler/discovery/listing_cases.py``) are cases of one shape; this module
writes their expected outputs one way, so a diff of them always reads the same.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any


def dumps(data: dict[str, Any]) -> str:
    """``expected.json`` text: indented, UTF-8 as is, so a diff reads well."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def regenerate(
    argv: Sequence[str], known: Sequence[str], expected: Callable[[str], tuple[Path, str]]
) -> int:
    """Rewrite the expected output of the cases named in ``argv`` (all when none):
    ``expected(name)`` gives the case's ``expected.json`` path and its new text."""
    unknown = [n for n in argv if n not in known]
    if unknown:
        print(
            f"error: no such case: {', '.join(unknown)} (cases: {', '.join(known)})",
            file=sys.stderr,
        )
        return 2
    for name in argv or known:
        path, text = expected(name)
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        path.write_text(text, encoding="utf-8")
        print(f"{name}: {'unchanged' if text == old else 'rewritten'}")
    return 0
