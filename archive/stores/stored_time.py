"""How the stores write and read times: UTC, ISO 8601, to the second.

Why a module of its own: the URL state (:mod:`archive.stores.url_state`, both backends)
and the URLs it owes a fetch (:mod:`archive.stores.pending_urls`) write the same times, and
the incremental crawl reads them back; one place says how.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time


def utc_now() -> datetime:
    return datetime.now(UTC)


def utc_iso(value: datetime) -> str:
    """A stored time: UTC, ISO 8601, to the second."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="seconds")


def parse_time(value: str | None) -> datetime | None:
    """An ISO 8601 date or date-time as an aware datetime (bare dates: midnight UTC)."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        try:
            parsed = datetime.combine(date.fromisoformat(value[:10]), time())
        except ValueError:
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed
