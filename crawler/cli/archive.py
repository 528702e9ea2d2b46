"""``replay``, ``index``, ``wacz``, ``reextract``: tools over a finished archive folder.

None of them fetches anything. Each wires its arguments to one function: ``crawler.replay``
(pywb), ``archive.index.cdxj`` (the CDXJ index), ``archive.index.wacz_package`` (WACZ) and
``crawler.reextract`` (items rebuilt from the WARC files).
"""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

import click

from archive.layout import ArchiveLayout
from archive.stores.base import unwritable_reason
from crawler.cli.common import archive_option, exit_with, fail, load_seed_or_fail, require_warc_dir
from crawler.exit_codes import ExitCode
from crawler.progress import progress

ARCHIVE_HELP = "Archive folder (warc/, items/, indexes/)."


@click.command()
@archive_option(ARCHIVE_HELP)
@click.option("--port", default=8080, show_default=True, help="Port to serve on.")
@click.option("--bind", default="127.0.0.1", show_default=True, help="Address to bind.")
def replay(archive: Path, port: int, bind: str) -> None:
    """Replay the archive in pywb (runs until interrupted).

    Updates ``<archive>/indexes/index.cdxj``, writes ``<archive>/replay/config.yaml`` and then
    *becomes* pywb's ``wayback`` (exec), so signals reach pywb directly and no server is left
    behind when this command is stopped.
    """
    from crawler.replay import COLLECTION, find_pywb, prepare_replay, wayback_args

    require_warc_dir(archive)
    _require_free_port(bind, port)
    pywb_bin = find_pywb()
    if pywb_bin is None:
        fail("pywb is not installed: run scripts/pywb-env.sh (it creates .venv-pywb/)")
    replay_dir = prepare_replay(archive).resolve()
    base = f"http://{bind}:{port}/{COLLECTION}/"
    click.echo(f"replaying {ArchiveLayout(archive.resolve()).warc_dir} at {base} (Ctrl-C stops)")
    click.echo(f"  raw captures: {base}<14-digit timestamp>id_/<url>", err=True)
    sys.stdout.flush()
    sys.stderr.flush()
    args = wayback_args(pywb_bin, replay_dir, bind, port)
    os.chdir(replay_dir)
    os.execv(args[0], args)


def _require_free_port(bind: str, port: int) -> None:
    """pywb would die with a traceback on a busy port: say so in one line first."""

    try:
        with socket.create_server((bind, port)):
            pass
    except OSError as exc:
        why = os.strerror(exc.errno) if exc.errno else str(exc)
        fail(f"cannot serve on {bind}:{port}: {why} (try another --port)")


@click.command("index")
@archive_option(ARCHIVE_HELP)
def index_command(archive: Path) -> None:
    """Bring <archive>/indexes/index.cdxj up to date with the finished WARC files."""
    from archive.index.cdxj import update_archive_index

    require_warc_dir(archive)
    reason = unwritable_reason(ArchiveLayout(archive).indexes_dir)
    if reason is not None:
        fail(f"cannot update the index: {reason}", ExitCode.DISK_FULL)
    update = update_archive_index(archive)
    click.echo(
        f"{len(update.new_files)} new WARC files, {update.new_lines} new lines, "
        f"{update.total_lines} lines in {update.index}"
    )


@click.command("wacz")
@archive_option(ARCHIVE_HELP)
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--no-progress", is_flag=True, help="No progress bar even on a terminal.")
def wacz_command(archive: Path, out: Path, no_progress: bool) -> None:
    """Package the archive's WARCs, index and article pages as one WACZ file."""
    from archive.index.wacz_package import WaczError, build_wacz

    require_warc_dir(archive)
    try:
        with progress("packaging", unit="records", enabled=False if no_progress else None) as bar:
            result = build_wacz(archive, out, on_record=bar)
    except WaczError as exc:
        fail(str(exc), ExitCode.PARTIAL)
    click.echo(
        f"{out}: {result.warc_files} WARC files, {result.pages} pages, {result.size:,} bytes"
    )


# -- re-extraction ------------------------------------------------------------------------------


@click.command("reextract")
@click.argument("warcs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--seed", "seed_path", required=True, type=click.Path(path_type=Path))
@click.option(
    "--metadata-warc-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Also write one WARC metadata record per item (refers to its capture) into this folder.",
)
@click.option("--no-progress", is_flag=True, help="No progress bar even on a terminal.")
@click.option(
    "--profile",
    "profile_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Extract with this site profile file (default: the profile stored in the archive "
    "whose warc/ folder holds the WARC files, ARCHIVE/state/profiles/SITE.json, if any).",
)
@click.option("--no-profile", is_flag=True, help="The generic extractor alone, no site profile.")
def reextract(
    warcs: tuple[Path, ...],
    out: Path,
    seed_path: Path,
    metadata_warc_dir: Path | None,
    no_progress: bool,
    profile_path: Path | None,
    no_profile: bool,
) -> None:
    """Rebuild article items from archived WARC records, without fetching anything.

    Uses the crawl's capture -> item function, seed rules and site profile; revisit records
    are resolved to the payload of the original they refer to.
    """
    from crawler.extract.profile.store import BadProfile, load_profile
    from crawler.reextract import reextract as run_reextract
    from crawler.reextract import stored_profile

    seed = load_seed_or_fail(seed_path)
    missing = [str(p) for p in warcs if not p.is_file()]
    if missing:
        fail(f"no such WARC file: {', '.join(missing)}")
    if no_profile and profile_path is not None:
        fail("give --profile FILE or --no-profile, not both")
    if profile_path is not None and not profile_path.is_file():
        fail(f"no such profile file: {profile_path}")
    if not no_profile and profile_path is None:
        profile_path = stored_profile(list(warcs), seed.name)
    profile = None
    if profile_path is not None:
        try:
            profile = load_profile(profile_path)
        except BadProfile as exc:
            fail(str(exc))
        if profile is not None:
            click.echo(f"site profile {profile.hash()} ({profile_path})", err=True)
    warn = lambda line: click.echo(line, err=True)  # noqa: E731
    enabled = False if no_progress else None
    with progress("re-extracting", unit="captures", enabled=enabled) as bar:
        result = run_reextract(
            list(warcs),
            seed,
            out,
            metadata_dir=metadata_warc_dir,
            warn=warn,
            on_capture=bar,
            profile=profile,
        )
    click.echo(result.summary(out), err=True)
    if result.damaged:
        exit_with(ExitCode.PARTIAL)


COMMANDS = [replay, index_command, wacz_command, reextract]
