"""Validation helpers of seed files: each names the file and the field in one line.

Why a module of its own: ``crawler.seed`` says what a seed holds; this says how a value is
checked (URLs, regexes, CSS selectors, cron expressions, durations) and how a problem is
worded, so a new field is one line there and no new wording here.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from crawler.crontab import cron_trigger

_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([smhdw])")
_DURATION_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
DURATION_EXAMPLES = "a duration such as '90s', '30m', '2h', '7d' or '1h30m'"


def parse_duration(text: str) -> float | None:
    """Seconds in a duration such as ``"90s"``, ``"30m"``, ``"1h30m"``, ``"7d"``, or None."""
    compact = text.strip().lower()
    if not compact:
        return None
    pos, total = 0, 0.0
    for m in _DURATION_PART.finditer(compact):
        if m.start() != pos and compact[pos : m.start()].strip():
            return None
        total += float(m[1]) * _DURATION_UNITS[m[2]]
        pos = m.end()
    if pos == 0 or compact[pos:].strip():
        return None
    return total


class SeedError(ValueError):
    """A seed file is unusable. ``str(err)`` is the one line shown to the user."""

    def __init__(self, path: Path | str, field_name: str | None, problem: str) -> None:
        where = f"{path}: " + (f"field '{field_name}': " if field_name else "")
        super().__init__(where + problem)
        self.path = str(path)
        self.field = field_name
        self.problem = problem


class Table:
    """A TOML table being validated; remembers which keys were read to reject unknown ones."""

    def __init__(self, path: Path, prefix: str, data: Any) -> None:
        if not isinstance(data, dict):
            raise SeedError(path, prefix.rstrip(".") or None, "must be a table")
        self.path, self.prefix, self.data, self.seen = path, prefix, data, set()

    def _name(self, key: str) -> str:
        return f"{self.prefix}{key}"

    def get(self, key: str, kind: type | tuple[type, ...], default: Any = ..., *, what: str) -> Any:
        self.seen.add(key)
        if key not in self.data:
            if default is ...:
                raise SeedError(self.path, self._name(key), f"is required ({what})")
            return default
        value = self.data[key]
        if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
            raise SeedError(self.path, self._name(key), f"must be {what}, got {value!r}")
        if not isinstance(value, kind):
            raise SeedError(self.path, self._name(key), f"must be {what}, got {value!r}")
        return value

    def fail(self, key: str, problem: str) -> SeedError:
        return SeedError(self.path, self._name(key), problem)

    def finish(self) -> None:
        unknown = sorted(set(self.data) - self.seen)
        if unknown:
            raise SeedError(self.path, self._name(unknown[0]), "unknown field (typo?)")


def check_url(table: Table, key: str, url: str, *, credentials: bool = False) -> str:
    parts = urlsplit(url)
    try:
        parts.port  # noqa: B018 - raises ValueError for a port out of range or not a number
    except ValueError:
        raise table.fail(key, f"has a bad port: {parts.netloc.rpartition('@')[2]!r}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise table.fail(key, f"must be an absolute http(s) URL, got {url!r}")
    if not credentials and (parts.username is not None or parts.password is not None):
        # Never echo them: they would be sent to every page of the host as Basic auth and
        # written into WARC target URIs, CDXJ, JSONL, logs and the state stores.
        raise table.fail(
            key,
            "must not contain a user name or password (user:password@host); they would be "
            "sent to every page and written into the archive. Remove them",
        )
    return url


def check_regex(table: Table, key: str, pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as exc:
        raise table.fail(key, f"is not a valid regular expression: {exc}") from None
    return pattern


def check_css(table: Table, key: str, selector: str) -> str:
    from parsel.csstranslator import HTMLTranslator

    try:
        HTMLTranslator().css_to_xpath(selector)
    except Exception as exc:  # cssselect raises several error types
        raise table.fail(key, f"is not a valid CSS selector: {exc}") from None
    return selector


def check_cron(table: Table, key: str, expr: str, tz: str) -> str:
    try:
        cron_trigger(expr, tz)
    except ValueError as exc:
        raise table.fail(key, f"is not a valid cron expression ({exc}): {expr!r}") from None
    return expr


def check_duration(table: Table, key: str, value: str, *, minimum: float) -> float:
    seconds = parse_duration(value)
    if seconds is None:
        raise table.fail(key, f"must be {DURATION_EXAMPLES}, got {value!r}")
    if seconds < minimum:
        raise table.fail(key, f"must be at least {minimum:g} seconds, got {value!r}")
    return seconds
