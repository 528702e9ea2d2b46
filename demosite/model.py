"""The demo site's vocabulary: clock constants, sections, the article record and formatting.

Shared by the catalogue (which makes articles), the renderer (which shows them) and the
HTTP behaviour (which decides gzip per path); it holds no state.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")
#: Site time at clock 0.
BASE_TIME = datetime(2025, 12, 2, 18, 0, 0, tzinfo=BERLIN)
# Time arithmetic runs in UTC (aware + timedelta is wall-clock arithmetic in Python, which
# would make 6 h steps 5 or 7 h long across DST changes); results are shown in Berlin time.
BASE_UTC = BASE_TIME.astimezone(UTC)
#: One clock step.
STEP = timedelta(hours=6)
#: Articles published per clock step and stories updated per clock step.
NEW_PER_STEP = 8
UPDATES_PER_STEP = 3
FIRST_ID = 100000
#: Every WIRE_EVERY-th id (except the seed story) is a wire story; the next id is its copy.
WIRE_EVERY = 25
PAGE_SIZE = 20
SITE_NAME = "Demo-Nachrichten"
SPREAD = timedelta(days=10)
#: Rendered pages kept per clock value (rendering an article takes ~0.1 ms anyway).
MAX_CACHED_PAGES = 20000


@dataclass(frozen=True)
class Section:
    slug: str
    name: str
    language: str


SECTIONS = [
    Section("politik", "Politik", "de"),
    Section("ausland", "Ausland", "de"),
    Section("boerse", "Boerse", "de"),
    Section("sport", "Sport", "de"),
    Section("world", "World", "en"),
]
SECTION_BY_SLUG = {s.slug: s for s in SECTIONS}
GERMAN_SECTIONS = [s for s in SECTIONS if s.language == "de"]
SECTION_WEIGHTS = [25, 25, 20, 15, 15]


@dataclass
class ArticleInfo:
    """One article URL as visible at some clock (body/modified include updates so far)."""

    id: int
    url: str
    path: str
    section: str  # section name, e.g. "Ausland"
    section_slug: str
    language: str
    headline: str
    lead: str
    published: datetime
    authors: list[str]
    topics: list[str]
    images: list[tuple[str, str, str]]  # (absolute url, caption, credit)
    agency: str | None
    body: list[str]
    modified: datetime | None
    markup: str  # "jsonld" | "microdata" | "meta"
    charset: str  # "utf-8" | "windows-1252"
    story_id: int
    wire_copy: bool = False
    index: int = field(default=0, repr=False)

    @property
    def canonical_url(self) -> str:
        return self.url

    @property
    def has_jsonld(self) -> bool:
        return self.markup == "jsonld"


@dataclass
class DemoResponse:
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    chunked: bool = False
    delay: float = 0.0  # seconds the server waits before answering
    reset: bool = False  # the server drops the connection without answering

    def header(self, name: str) -> str | None:
        name = name.lower()
        for k, v in self.headers:
            if k.lower() == name:
                return v
        return None


def markup_kind(article_id: int) -> str:
    """``jsonld`` for id % 3 == 1 (the seed story), ``microdata`` for 2, ``meta`` for 0."""
    return {1: "jsonld", 2: "microdata", 0: "meta"}[article_id % 3]


def article_charset(article_id: int, language: str) -> str:
    """German articles with id % 10 == 3 are served as windows-1252."""
    return "windows-1252" if language == "de" and article_id % 10 == 3 else "utf-8"


ARTICLE_PATH_RE = re.compile(r"^/([a-z]+)/(\d{4})/(\d{2})/([a-z0-9-]+)-(\d+)\.html$")


def gzip_for_path(path: str) -> bool:
    """Whether a path is served gzip-encoded (to clients sending Accept-Encoding: gzip).

    Articles: id % 4 == 0 (the seed story is). Images and admin: never. Other pages:
    by crc32 of the path.
    """
    path = urlsplit(path).path
    mt = ARTICLE_PATH_RE.match(path)
    if mt:
        return int(mt[5]) % 4 == 0
    if path.startswith(("/images/", "/_admin/", "/broken/")):
        return False
    return zlib.crc32(path.encode()) % 2 == 0


_MONTHS_EN = "January February March April May June July August September October November December"
MONTHS_EN = _MONTHS_EN.split()

_TRANSLIT = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"}
)


def slugify(text: str, limit: int = 60) -> str:
    s = text.translate(_TRANSLIT).lower()
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    if len(s) > limit:
        s = s[:limit].rsplit("-", 1)[0]
    return s or "artikel"


def fmt_de(dt: datetime, seconds: bool = True) -> str:
    """``02.12.2025 - 17:52:59`` in Berlin time."""
    dt = dt.astimezone(BERLIN)
    return dt.strftime("%d.%m.%Y - %H:%M:%S" if seconds else "%d.%m.%Y - %H:%M")


def fmt_en(dt: datetime) -> str:
    """``December 2, 2025, 5:52 PM`` in Berlin time."""
    dt = dt.astimezone(BERLIN)
    hour = dt.hour % 12 or 12
    ampm = "AM" if dt.hour < 12 else "PM"
    return f"{MONTHS_EN[dt.month - 1]} {dt.day}, {dt.year}, {hour}:{dt.minute:02d} {ampm}"


def iso(dt: datetime) -> str:
    return dt.astimezone(BERLIN).isoformat()


def http_date(dt: datetime) -> str:
    return format_datetime(dt.astimezone(UTC), usegmt=True)


def site_time_at(clock: int) -> datetime:
    """Site time at a clock value."""
    return (BASE_UTC + clock * STEP).astimezone(BERLIN)
