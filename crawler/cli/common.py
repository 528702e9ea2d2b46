"""What several commands share: the archive and seeds options, and (from
``crawler.exit_codes``) the one way to end: :func:`fail` for a mistake (one ``error:``
line) or :func:`exit_with`, with a code of :class:`~crawler.exit_codes.ExitCode`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import urlsplit

import click

from archive.layout import ArchiveLayout, code_folder_problem, default_archive_dir
from crawler.exit_codes import exit_with, fail
from crawler.seed import SeedError, load_seed

if TYPE_CHECKING:
    from crawler.seed import Seed

__all__ = [
    "DEFAULT_SEEDS",
    "archive_option",
    "check_proxy",
    "exit_with",
    "fail",
    "load_seed_or_fail",
    "require_warc_dir",
    "seeds_option",
]

F = TypeVar("F", bound=Callable[..., object])

#: The seeds folder ``schedule`` and ``status`` read when none is given.
DEFAULT_SEEDS = Path("seeds")


def archive_option(help: str = "Archive folder.", default: Path | None = None) -> Callable[[F], F]:  # noqa: A002
    """``--archive DIR`` (default: the layout's default archive folder)."""
    return click.option(
        "--archive",
        type=click.Path(file_okay=False, path_type=Path),
        default=default if default is not None else default_archive_dir(),
        show_default=True,
        help=help,
        callback=_not_a_code_folder,
    )


def _not_a_code_folder(ctx: click.Context, param: click.Parameter, value: Path) -> Path:
    """``--archive`` never names a folder of Python code (``archive/``, ``crawler/``)."""

    problem = code_folder_problem(value)
    if problem is not None:
        fail(problem)
    return value


def seeds_option(help: str) -> Callable[[F], F]:  # noqa: A002
    """``--seeds DIR``: a folder of seed files."""
    return click.option(
        "--seeds",
        "seeds_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=DEFAULT_SEEDS,
        show_default=True,
        help=help,
    )


def check_proxy(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """``--proxy``: an http(s) URL with a host (and a valid port), or one error line."""

    if value is None:
        return None
    try:
        parts = urlsplit(value)
        ok = parts.scheme in ("http", "https") and bool(parts.hostname)
        parts.port  # noqa: B018 - raises ValueError for a port out of range or not a number
    except ValueError:
        ok = False
    if not ok:
        shown = value if "@" not in value else value.rpartition("@")[2]  # never echo a password
        fail(
            f"--proxy {shown!r}: not a proxy URL; give http://HOST:PORT, e.g. http://127.0.0.1:8080"
        )
    return value


def load_seed_or_fail(path: Path) -> Seed:
    """The seed file, or its one-line problem and exit code 2."""

    try:
        return load_seed(path)
    except SeedError as exc:
        fail(str(exc))


def require_warc_dir(archive: Path) -> None:
    """Archive tools need a ``warc/`` folder; anything else is a mistyped path."""

    if not ArchiveLayout(archive).warc_dir.is_dir():
        fail(f"{archive}: no warc/ folder (not an archive?)")
