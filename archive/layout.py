"""Every path of an archive folder, defined once.

Why: the folder's shape (``warc/``, ``items/``, ``indexes/``, ``state/`` ...) used to be spelled
out in a dozen modules, so renaming one folder meant finding every copy by hand. Everything
that reads or writes an archive folder asks an :class:`ArchiveLayout` for its paths::

    <archive>/
      warc/                      WARC files (``*.warc.gz``; ``*.warc.gz.open`` while written)
      items/                     item logs, one ``<site>-<stamp>.jsonl`` per crawl
      indexes/index.cdxj         the sorted replay index (+ indexed-files.txt, .lock, pending/)
      state/                     SQLite stores (urls, items, digests, runs, scheduler) and locks
      state/<site>.lock          held while a crawl of ``<site>`` runs
      state/runs/                one JSON summary per scheduled run
      state/profiles/<site>.json the site's learned profile (crawler/extract/profile)
      logs/                      one ``<site>-<stamp>.log`` per crawl
      replay/                    the pywb configuration ``newsarchiver replay`` writes

Scrapy-free: a plain value object over a root path, nothing is created on construction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

#: The archive folder every command uses when none is given (`make demo` and `demo` too, so
#: `export`, `status`, `replay` ... find the demo's archive without `--archive`).
DEFAULT_ARCHIVE_DIRNAME = "archive-data"

# Names inside an index folder (``update_index`` also takes an index folder of its own).
INDEX_NAME = "index.cdxj"
LEDGER_NAME = "indexed-files.txt"
INDEX_LOCK_NAME = ".lock"
PENDING_DIRNAME = "pending"

# Names inside the state folder.
URL_STATE_DB = "urls.sqlite3"
ITEM_STORE_DB = "items.sqlite3"
DIGEST_DB = "digests.sqlite3"
RUN_LOG_DB = "runs.sqlite3"
SCHEDULER_DB = "scheduler.sqlite3"
SCHEDULER_LOCK = "scheduler.lock"

WARC_GLOB = "*.warc.gz"
ITEMS_GLOB = "*.jsonl"

#: The UTC time in a crawl's file names (item log, crawl log, run summary), e.g.
#: ``20261201T212221Z``, and the regular expression that finds it in a name.
STAMP_FORMAT = "%Y%m%dT%H%M%SZ"
STAMP_PATTERN = r"\d{8}T\d{6}Z"


def file_stamp(when: datetime | None = None) -> str:
    """``when`` (default: now) as the stamp of a file name, in UTC."""
    return (when or datetime.now(UTC)).astimezone(UTC).strftime(STAMP_FORMAT)


def parse_file_stamp(stamp: str) -> datetime:
    """The UTC time a file name's stamp says (``ValueError`` for another shape)."""
    return datetime.strptime(stamp, STAMP_FORMAT).replace(tzinfo=UTC)


def code_folder_problem(path: Path | str) -> str | None:
    """Why ``path`` cannot be an archive folder: it holds Python code (``__init__.py``).

    ``--archive archive`` in the project's own folder named the ``archive`` package: a crawl
    wrote its WARC files and stores into the source tree, and a later ``python -m`` run from
    a folder holding a data folder of that name imported the data folder as the code."""
    if (Path(path) / "__init__.py").is_file():
        return (
            f"{path} is a Python package folder (it holds __init__.py), not an archive folder; "
            f"give another --archive (the default is {DEFAULT_ARCHIVE_DIRNAME}/)"
        )
    return None


def default_archive_dir() -> Path:
    """The archive folder the CLI uses when none is given (relative to the working folder)."""
    return Path(DEFAULT_ARCHIVE_DIRNAME)


@dataclass(frozen=True)
class ArchiveLayout:
    """The paths of one archive folder rooted at ``root``."""

    root: Path

    def __post_init__(self) -> None:
        object.__setattr__(self, "root", Path(self.root))

    # -- top-level folders ---------------------------------------------------------------
    @property
    def warc_dir(self) -> Path:
        return self.root / "warc"

    @property
    def items_dir(self) -> Path:
        return self.root / "items"

    @property
    def indexes_dir(self) -> Path:
        return self.root / "indexes"

    @property
    def state_dir(self) -> Path:
        return self.root / "state"

    @property
    def logs_dir(self) -> Path:
        return self.root / "logs"

    @property
    def replay_dir(self) -> Path:
        return self.root / "replay"

    # -- indexes -------------------------------------------------------------------------
    @property
    def index_file(self) -> Path:
        return self.indexes_dir / INDEX_NAME

    # -- state ---------------------------------------------------------------------------
    @property
    def url_state_db(self) -> Path:
        return self.state_dir / URL_STATE_DB

    @property
    def item_store_db(self) -> Path:
        return self.state_dir / ITEM_STORE_DB

    @property
    def digest_db(self) -> Path:
        return self.state_dir / DIGEST_DB

    @property
    def run_log_db(self) -> Path:
        return self.state_dir / RUN_LOG_DB

    @property
    def scheduler_db(self) -> Path:
        return self.state_dir / SCHEDULER_DB

    @property
    def scheduler_lock(self) -> Path:
        return self.state_dir / SCHEDULER_LOCK

    @property
    def runs_dir(self) -> Path:
        """One JSON summary per scheduled run."""
        return self.state_dir / "runs"

    @property
    def profiles_dir(self) -> Path:
        """One learned site profile per site (``<site>.json``)."""
        return self.state_dir / "profiles"

    def profile_file(self, site: str) -> Path:
        return self.profiles_dir / f"{site}.json"

    def site_lock(self, site: str) -> Path:
        return self.state_dir / f"{site}.lock"

    # -- per-crawl files -----------------------------------------------------------------
    def items_file(self, site: str, stamp: str) -> Path:
        return self.items_dir / f"{site}-{stamp}.jsonl"

    def crawl_log(self, site: str, stamp: str) -> Path:
        return self.logs_dir / f"{site}-{stamp}.log"

    def run_summary(self, site: str, stamp: str, run_id: object) -> Path:
        return self.runs_dir / f"{site}-{stamp}-{run_id}.json"

    def warc_files(self) -> list[Path]:
        """The finished WARC files, sorted by name (none when there is no ``warc/``)."""
        return sorted(self.warc_dir.glob(WARC_GLOB)) if self.warc_dir.is_dir() else []

    def item_logs(self) -> list[Path]:
        """The item logs, sorted by name."""
        return sorted(self.items_dir.glob(ITEMS_GLOB)) if self.items_dir.is_dir() else []

    def site_item_logs(self, site: str, *, workers: bool = True) -> list[Path]:
        """The item logs of ``site``, oldest first: its crawls' ``<site>-<stamp>.jsonl`` and,
        with ``workers``, the distributed workers' ``<site>-<stamp>-<worker id>.jsonl``
        (never those of another site whose name starts with this one's)."""
        worker = r"(?:-[\w.-]+)?" if workers else ""
        name = re.compile(rf"{re.escape(site)}-{STAMP_PATTERN}{worker}\.jsonl")
        return [p for p in self.item_logs() if name.fullmatch(p.name)]
