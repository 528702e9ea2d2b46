"""Month names from ``dateparser``'s own locale files, read without importing dateparser.

dateparser keeps each language's month names in ``dateparser/data/date_translation_data/
<code>.py``; importing dateparser costs most of a second, which a CLI start and every
extraction worker must not pay (``tests/test_startup.py``), so the twelve month lists are
read from those files as text (they are JSON-shaped lists). A pack adds only the spellings
dateparser lacks (``dates.month_extras``: "maerz", "fevrier").
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

MONTH_KEYS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
_MONTH_LIST = re.compile(r'^\s*"(' + "|".join(MONTH_KEYS) + r')"\s*:\s*(\[[^\]]*\])', re.M)


def locale_file(code: str) -> Path | None:
    """dateparser's data file of language ``code`` (``find_spec`` runs no package code)."""
    spec = importlib.util.find_spec("dateparser")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(spec.submodule_search_locations[0]) / "data" / "date_translation_data"
    path = path / f"{code}.py"
    return path if path.is_file() else None


def dateparser_months(code: str) -> dict[str, int]:
    """Lower-case month name or abbreviation → month number, from dateparser's data."""
    path = locale_file(code)
    if path is None:
        return {}
    out: dict[str, int] = {}
    for key, names in _MONTH_LIST.findall(path.read_text(encoding="utf-8")):
        for name in json.loads(names):
            out.setdefault(name.lower(), MONTH_KEYS.index(key) + 1)
    return out
