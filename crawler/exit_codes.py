"""The exit codes of every ``newsarchiver`` command, defined once, and the one way to end.

Why one place: cron's mail, monitoring, the scheduler's run log and shell scripts act on
these numbers, and they were spelled in several modules (literal 2 and 3 in the distributed
command line, a worker enum of its own, a report constant). Every command, ``newsarchiver``'s
(``crawler/cli``) and ``scrapy crawl`` (``crawler/commands``) alike, ends through :func:`fail`
(a mistake: one ``error:`` line) or :func:`exit_with`, with one of these codes. The README's
table "Exit codes" lists the same codes, names and commands, and a test reads that table
against :data:`USED_BY`. The run log's outcome words are the lower-case names.
"""

from __future__ import annotations

import sys
from enum import IntEnum
from typing import NoReturn


class ExitCode(IntEnum):
    OK = 0  # done: every page fetched and archived, the report or export written ...
    PARTIAL = 1  # done, but not all of it: failed fetches or stopped early (crawl), a drift
    # warning (report --fail-on-drift), damaged WARC input (reextract), no package (wacz)
    CONFIG = 2  # a mistake in the command line, seed, configuration or state: one error: line
    LOCKED = 3  # another process already does it: a crawl of the site, a scheduler of the
    # archive, a live worker with the same id, the site's previous run on the frontier
    FAILED = 4  # the crawl ran to its end and read no section page and no article
    DISK_FULL = 5  # the archive could not be written (disk or quota full, read-only, I/O error)
    REDIS_LOST = 6  # Redis stayed away past the limit, or came back without the frontier
    STORE_LOST = 7  # a worker's shared database stayed away past the limit; crawls closed


#: The commands that end with each code. Every command ends with OK when done and with
#: CONFIG after a mistake (one ``error:`` line).
USED_BY: dict[ExitCode, tuple[str, ...]] = {
    ExitCode.OK: ("every command",),
    ExitCode.PARTIAL: (
        "crawl",
        "demo",
        "report --fail-on-drift",
        "reextract",
        "wacz",
        "extract --batch",
    ),
    ExitCode.CONFIG: ("every command",),
    ExitCode.LOCKED: ("crawl", "demo", "crawl --redis", "schedule", "worker"),
    ExitCode.FAILED: ("crawl", "demo"),
    ExitCode.DISK_FULL: ("crawl", "demo", "index"),
    ExitCode.REDIS_LOST: ("worker",),
    ExitCode.STORE_LOST: ("worker",),
}


def fail(message: str, code: ExitCode = ExitCode.CONFIG) -> NoReturn:
    """End the command with one ``error:`` line and ``code`` (2: a configuration mistake)."""
    say_error(message)
    exit_with(code)


def say_error(message: str) -> None:
    """The one ``error:`` line a command ends with (``fail`` and ``RunRefused`` alike)."""
    sys.stderr.write(f"error: {message}\n")
    sys.stderr.flush()


def exit_with(code: ExitCode) -> NoReturn:
    """End the command with ``code`` (what it printed already says why)."""
    sys.exit(int(ExitCode(code)))


def codes_of(command: str) -> list[ExitCode]:
    """The codes ``command`` can end with, lowest first."""
    return [
        code
        for code, commands in USED_BY.items()
        if command in commands or "every command" in commands
    ]
