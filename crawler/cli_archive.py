"""Archive commands: ``replay`` (pywb), ``index`` (CDXJ), ``wacz`` (packaging), ``reextract``.

They work on a finished archive folder and never fetch anything. ``crawler.cli`` adds them to
the ``newsarchiver`` group (``for cmd in ARCHIVE_COMMANDS: main.add_command(cmd)``).

Replay uses pywb from its own virtualenv (``.venv-pywb/``, made by ``scripts/pywb-env.sh``)
because pywb pins an old redis client that conflicts with the crawler's dependencies; the
``wayback`` executable there is found through ``NEWSARCHIVER_PYWB_BIN`` (a ``bin/`` folder) or
next to this repository.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType

import click

from archive.layout import default_archive_dir
from crawler.progress import progress

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_ARCHIVE = default_archive_dir()
COLLECTION = "archive"

_archive_option = click.option(
    "--archive",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_ARCHIVE,
    show_default=True,
    help="Archive folder (warc/, items/, indexes/).",
)


def _fail(message: str, code: int = 2) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


# -- pywb ---------------------------------------------------------------------------------------


def find_pywb() -> Path | None:
    """The ``bin/`` folder holding pywb's ``wayback``, or None when pywb is not installed."""
    candidates = [os.environ.get("NEWSARCHIVER_PYWB_BIN", ""), str(ROOT / ".venv-pywb" / "bin")]
    for directory in filter(None, candidates):
        if (Path(directory) / "wayback").is_file():
            return Path(directory)
    return None


def warc_timestamp(warc_date: str) -> str:
    """14-digit wayback timestamp of a WARC-Date (``2026-11-25T09:30:00.123Z`` -> ``2026...``)."""
    digits = "".join(ch for ch in warc_date if ch.isdigit())
    return digits[:14]


def write_pywb_config(
    replay_dir: Path, *, warc_dir: Path, index_path: Path, collection: str = COLLECTION
) -> Path:
    """Write a pywb ``config.yaml`` with one collection over the archive's WARCs and CDXJ.

    Frameless replay (no banner iframe) so ``/COLL/<ts>/<url>`` answers with the page itself.
    Paths are absolute, so the config works whatever pywb's working directory is.
    """
    replay_dir = Path(replay_dir)
    replay_dir.mkdir(parents=True, exist_ok=True)
    archive_paths = str(Path(warc_dir).resolve()) + os.sep
    # JSON strings are valid YAML scalars: no quoting surprises with odd paths.
    text = "\n".join(
        [
            "# Written by newsarchiver (crawler/cli_archive.py); rewritten on every replay.",
            "collections:",
            f"  {collection}:",
            f"    index_paths: {json.dumps(str(Path(index_path).resolve()))}",
            f"    archive_paths: {json.dumps(archive_paths)}",
            "framed_replay: false",
            "enable_memento: true",
            "",
        ]
    )
    config = replay_dir / "config.yaml"
    config.write_text(text, encoding="utf-8")
    return config


def free_port(bind: str = "127.0.0.1") -> int:
    """A currently free TCP port on ``bind``."""
    with socket.socket() as sock:
        sock.bind((bind, 0))
        return int(sock.getsockname()[1])


class PywbServer:
    """Runs pywb's ``wayback`` over a replay folder (with ``config.yaml``) on loopback."""

    def __init__(
        self,
        replay_dir: Path,
        *,
        port: int = 0,
        bind: str = "127.0.0.1",
        pywb_bin: Path | None = None,
        collection: str = COLLECTION,
    ) -> None:
        self.replay_dir = Path(replay_dir).resolve()
        self.bind = bind
        self.port = port or free_port(bind)
        self.collection = collection
        self.pywb_bin = pywb_bin or find_pywb()
        if self.pywb_bin is None:
            raise FileNotFoundError("pywb is not installed: run scripts/pywb-env.sh")
        self.log_path = self.replay_dir / "pywb.log"
        self.proc: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://{self.bind}:{self.port}/"

    def url(self, target: str, timestamp: str = "", mode: str = "id_") -> str:
        """Replay URL of ``target``; ``id_`` mode returns the archived payload unrewritten."""
        return f"{self.base_url}{self.collection}/{timestamp}{mode}/{target}"

    def start(self, timeout: float = 30.0) -> PywbServer:
        """Start pywb and wait until it answers (or raise with the tail of its log)."""
        log = open(self.log_path, "wb")  # noqa: SIM115 - handed to the child, closed below
        try:
            self.proc = subprocess.Popen(
                [
                    str(self.pywb_bin / "wayback"),
                    "-d",
                    str(self.replay_dir),
                    "-b",
                    self.bind,
                    "-p",
                    str(self.port),
                ],
                cwd=self.replay_dir,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        finally:
            log.close()
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"pywb exited with {self.proc.returncode}: {self._log_tail()}")
            try:
                with urllib.request.urlopen(self.base_url, timeout=2) as resp:
                    if resp.status == 200:
                        return self
            except (OSError, urllib.error.URLError):
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise TimeoutError(f"pywb did not start in {timeout} s: {self._log_tail()}")
            time.sleep(0.2)

    def _log_tail(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-2000:]
        except OSError:
            return ""

    def wait(self) -> int:
        assert self.proc is not None
        return self.proc.wait()

    def stop(self) -> None:
        """Stop the pywb process started by :meth:`start` (idempotent)."""
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)

    def __enter__(self) -> PywbServer:
        return self.start() if self.proc is None else self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def prepare_replay(archive: Path, replay_dir: Path | None = None) -> Path:
    """Update the archive's CDXJ index and write the pywb config; returns the replay folder."""
    from archive.index.cdxj import update_archive_index

    archive = Path(archive).resolve()
    update = update_archive_index(archive)
    replay_dir = Path(replay_dir) if replay_dir else archive / "replay"
    write_pywb_config(replay_dir, warc_dir=archive / "warc", index_path=update.index)
    return replay_dir


@click.command()
@_archive_option
@click.option("--port", default=8080, show_default=True, help="Port to serve on.")
@click.option("--bind", default="127.0.0.1", show_default=True, help="Address to bind.")
def replay(archive: Path, port: int, bind: str) -> None:
    """Replay the archive in pywb (runs until interrupted).

    Updates ``<archive>/indexes/index.cdxj``, writes ``<archive>/replay/config.yaml`` and then
    *becomes* pywb's ``wayback`` (exec), so signals reach pywb directly and no server is left
    behind when this command is stopped.
    """
    if not (archive / "warc").is_dir():
        _fail(f"{archive}: no warc/ folder (not an archive?)")
    pywb_bin = find_pywb()
    if pywb_bin is None:
        _fail("pywb is not installed: run scripts/pywb-env.sh (it creates .venv-pywb/)")
    replay_dir = prepare_replay(archive).resolve()
    base = f"http://{bind}:{port}/{COLLECTION}/"
    click.echo(f"replaying {archive.resolve() / 'warc'} at {base} (Ctrl-C stops)")
    click.echo(f"  raw captures: {base}<14-digit timestamp>id_/<url>", err=True)
    sys.stdout.flush()
    sys.stderr.flush()
    wayback = str(pywb_bin / "wayback")
    args = [wayback, "-d", str(replay_dir), "-b", bind, "-p", str(port)]
    os.chdir(replay_dir)
    os.execv(wayback, args)


# -- CDXJ index ---------------------------------------------------------------------------------


@click.command("index")
@_archive_option
def index_command(archive: Path) -> None:
    """Bring <archive>/indexes/index.cdxj up to date with the finished WARC files."""
    from archive.index.cdxj import update_archive_index

    if not (archive / "warc").is_dir():
        _fail(f"{archive}: no warc/ folder (not an archive?)")
    update = update_archive_index(archive)
    click.echo(
        f"{len(update.new_files)} new WARC files, {update.new_lines} new lines, "
        f"{update.total_lines} lines in {update.index}"
    )


# -- WACZ ---------------------------------------------------------------------------------------


@click.command("wacz")
@_archive_option
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--no-progress", is_flag=True, help="No progress bar even on a terminal.")
def wacz_command(archive: Path, out: Path, no_progress: bool) -> None:
    """Package the archive's WARCs, index and article pages as one WACZ file."""
    from archive.index.wacz_package import WaczError, build_wacz

    if not (archive / "warc").is_dir():
        _fail(f"{archive}: no warc/ folder (not an archive?)")
    try:
        with progress("packaging", unit="records", enabled=False if no_progress else None) as bar:
            result = build_wacz(archive, out, on_record=bar)
    except WaczError as exc:
        _fail(str(exc), 1)
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
def reextract(
    warcs: tuple[Path, ...],
    out: Path,
    seed_path: Path,
    metadata_warc_dir: Path | None,
    no_progress: bool,
) -> None:
    """Rebuild article items from archived WARC records, without fetching anything.

    Uses the crawl's capture -> item function and seed rules; revisit records are resolved to
    the payload of the original they refer to.
    """
    from crawler.reextract import reextract as run_reextract
    from crawler.seed import SeedError, load_seed

    try:
        seed = load_seed(seed_path)
    except SeedError as exc:
        _fail(str(exc))
    missing = [str(p) for p in warcs if not p.is_file()]
    if missing:
        _fail(f"no such WARC file: {', '.join(missing)}")
    warn = lambda line: click.echo(line, err=True)  # noqa: E731
    enabled = False if no_progress else None
    with progress("re-extracting", unit="captures", enabled=enabled) as bar:
        result = run_reextract(
            list(warcs), seed, out, metadata_dir=metadata_warc_dir, warn=warn, on_capture=bar
        )
    click.echo(result.summary(out), err=True)


#: Commands the ``newsarchiver`` group adds (``main.add_command`` for each).
ARCHIVE_COMMANDS = [replay, index_command, wacz_command, reextract]
