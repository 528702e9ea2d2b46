"""Archive commands: ``replay`` (pywb), ``index`` (CDXJ), ``wacz`` (packaging), ``reextract``.

They work on a finished archive folder and never fetch anything. ``crawler.cli`` adds them to
the ``newsarchiver`` group (``for cmd in ARCHIVE_COMMANDS: main.add_command(cmd)``).

Replay uses pywb from its own virtualenv (``.venv-pywb/``, made by ``scripts/pywb-env.sh``)
because pywb pins an old redis client that conflicts with the crawler's dependencies; the
``wayback`` executable there is found through ``NEWSARCHIVER_PYWB_BIN`` (a ``bin/`` folder) or
next to this repository.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

import click

from archive.layout import default_archive_dir

if TYPE_CHECKING:
    from warcio.recordloader import ArcWarcRecord

    from crawler.seed import Seed

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
def wacz_command(archive: Path, out: Path) -> None:
    """Package the archive's WARCs, index and article pages as one WACZ file."""
    from archive.index.wacz_package import WaczError, build_wacz

    if not (archive / "warc").is_dir():
        _fail(f"{archive}: no warc/ folder (not an archive?)")
    try:
        result = build_wacz(archive, out)
    except WaczError as exc:
        _fail(str(exc), 1)
    click.echo(
        f"{out}: {result.warc_files} WARC files, {result.pages} pages, {result.size:,} bytes"
    )


# -- re-extraction ------------------------------------------------------------------------------

#: Headers HttpCompressionMiddleware removes after decoding, plus our own framing notes: the
#: spider never saw them, so re-extraction must not either.
_NOT_SEEN_BY_SPIDER = frozenset(
    {"content-encoding", "content-length", "x-newsarchiver-orig-transfer-encoding"}
    | {"x-newsarchiver-orig-content-length"}
)


def decode_content(body: bytes, encoding: str | None) -> bytes:
    """Undo ``Content-Encoding`` (gzip, deflate, possibly stacked); unknown codings raise."""
    codings = [c.strip().lower() for c in (encoding or "").split(",") if c.strip()]
    for coding in reversed(codings):
        if coding in ("gzip", "x-gzip"):
            body = gzip.decompress(body)
        elif coding == "deflate":
            try:
                body = zlib.decompress(body)
            except zlib.error:  # raw deflate without zlib header, as some servers send
                body = zlib.decompress(body, -zlib.MAX_WBITS)
        elif coding != "identity":
            raise ValueError(f"unsupported content-encoding {coding!r}")
    return body


def _spider_headers(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """Response headers as the spider saw them (joined repeats, no content coding)."""
    headers: dict[str, str] = {}
    for name, value in pairs:
        if name.lower() in _NOT_SEEN_BY_SPIDER:
            continue
        headers[name] = f"{headers[name]}, {value}" if name in headers else value
    return headers


def _read_record_at(path: Path, offset: int) -> tuple[ArcWarcRecord, bytes]:
    """The record starting at ``offset`` of a WARC file, with its raw (still encoded) payload."""
    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as fh:
        fh.seek(offset)
        record = next(iter(ArchiveIterator(fh)))
        return record, record.raw_stream.read()


def iter_article_captures(paths: list[Path], is_article: Callable[[str], bool]) -> Iterator[dict]:
    """Archived 200 responses of article URLs, revisits resolved to their original payload.

    Each capture: ``url``, ``headers`` (pairs), ``raw`` (payload as stored), ``encoding`` and
    ``warc`` (the item pointer: the record itself, plus ``revisit_of`` for revisits). The
    original of a revisit is looked up in the given files first, then in the other WARC files
    of the same folders.
    """
    from warcio.archiveiterator import ArchiveIterator

    pending: list[dict] = []
    for path in paths:
        with open(path, "rb") as fh:
            it = ArchiveIterator(fh)
            for record in it:
                if record.rec_type not in ("response", "revisit") or not record.http_headers:
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                if record.http_headers.get_statuscode() != "200" or not is_article(url):
                    continue
                raw = record.raw_stream.read()
                it.read_to_end(record)
                capture = {
                    "url": url,
                    "headers": list(record.http_headers.headers),
                    "encoding": record.http_headers.get_header("Content-Encoding"),
                    "raw": raw,
                    "warc": {
                        "file": path.name,
                        "offset": it.get_record_offset(),
                        "length": it.get_record_length(),
                        "record_id": record.rec_headers.get_header("WARC-Record-ID"),
                        "payload_digest": record.rec_headers.get_header("WARC-Payload-Digest"),
                        "date": record.rec_headers.get_header("WARC-Date"),
                    },
                }
                if record.rec_type == "revisit":
                    capture["refers_to"] = record.rec_headers.get_header("WARC-Refers-To")
                    pending.append(capture)
                else:
                    yield capture
    if not pending:
        return
    wanted = {c["refers_to"] for c in pending}
    found: dict[str, tuple[Path, int, int]] = {}
    given = [Path(p) for p in paths]
    siblings = sorted({q for p in given for q in p.resolve().parent.glob("*.warc.gz")} - set(given))
    for path in [*given, *siblings]:
        if wanted <= set(found):
            break
        with open(path, "rb") as fh:
            it = ArchiveIterator(fh)
            for record in it:
                rid = record.rec_headers.get_header("WARC-Record-ID")
                if record.rec_type == "response" and rid in wanted and rid not in found:
                    it.read_to_end(record)
                    found[rid] = (path, it.get_record_offset(), it.get_record_length())
    for capture in pending:
        loc = found.get(capture["refers_to"])
        if loc is None:
            capture["missing_original"] = True
            yield capture
            continue
        original, raw = _read_record_at(loc[0], loc[1])
        capture["raw"] = raw
        capture["encoding"] = capture["encoding"] or original.http_headers.get_header(
            "Content-Encoding"
        )
        capture["warc"]["revisit_of"] = {
            "url": original.rec_headers.get_header("WARC-Target-URI"),
            "digest": original.rec_headers.get_header("WARC-Payload-Digest"),
            "record_id": capture["refers_to"],
            "date": original.rec_headers.get_header("WARC-Date"),
            "file": loc[0].name,
            "offset": loc[1],
            "length": loc[2],
        }
        yield capture


def _article_matcher(seed: Seed) -> Callable[[str], bool]:
    """The spider's article test: allowed domain and the seed's article URL pattern."""
    import re
    from urllib.parse import urlsplit

    pattern = re.compile(seed.links.article)
    domains = tuple(seed.allowed_domains)

    def is_article(url: str) -> bool:
        host = urlsplit(url).hostname or ""
        allowed = not domains or any(host == d or host.endswith("." + d) for d in domains)
        return allowed and bool(pattern.search(url))

    return is_article


@click.command("reextract")
@click.argument("warcs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--seed", "seed_path", required=True, type=click.Path(path_type=Path))
@click.option(
    "--metadata-warc-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Also write one WARC metadata record per item (refers to its capture) into this folder.",
)
def reextract(
    warcs: tuple[Path, ...], out: Path, seed_path: Path, metadata_warc_dir: Path | None
) -> None:
    """Rebuild article items from archived WARC records, without fetching anything.

    Uses the same extractor and seed rules as the crawl; revisit records are resolved to the
    payload of the original they refer to.
    """
    import orjson

    from archive.warc.writer import WarcFileWriter
    from crawler.extract.article import extract_article
    from crawler.seed import SeedError, load_seed

    try:
        seed = load_seed(seed_path)
    except SeedError as exc:
        _fail(str(exc))
    missing = [str(p) for p in warcs if not p.is_file()]
    if missing:
        _fail(f"no such WARC file: {', '.join(missing)}")
    writer = (
        WarcFileWriter(metadata_warc_dir, prefix="newsarchiver-reextract")
        if metadata_warc_dir
        else None
    )
    count = skipped = 0
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(out, "wb") as fh:
            for cap in iter_article_captures(list(warcs), _article_matcher(seed)):
                if cap.get("missing_original"):
                    click.echo(f"warning: {cap['url']}: original of revisit not found", err=True)
                    skipped += 1
                    continue
                try:
                    body = decode_content(cap["raw"], cap["encoding"])
                except (ValueError, OSError, EOFError, zlib.error) as exc:
                    click.echo(f"warning: {cap['url']}: cannot decode body: {exc}", err=True)
                    skipped += 1
                    continue
                item = extract_article(
                    cap["url"], _spider_headers(cap["headers"]), body, seed.extraction
                )
                item.site = seed.name
                item.section = item.section or seed.section_for_url(cap["url"])
                item.warc = cap["warc"]
                item.fetched_at = _warc_date_to_iso(cap["warc"]["date"])
                record = item.to_dict()
                fh.write(orjson.dumps(record) + b"\n")
                if writer is not None:
                    writer.write_metadata(
                        url=cap["url"],
                        refers_to=cap["warc"]["record_id"],
                        fields=[("newsarchiver-item", orjson.dumps(record).decode("utf-8"))],
                        created_at=datetime.now(UTC),
                    )
                count += 1
    finally:
        if writer is not None:
            writer.close()
    click.echo(f"{count} items -> {out} ({skipped} skipped)", err=True)


def _warc_date_to_iso(warc_date: str | None) -> str | None:
    if not warc_date:
        return None
    with contextlib.suppress(ValueError):
        return datetime.fromisoformat(warc_date.replace("Z", "+00:00")).astimezone(UTC).isoformat()
    return warc_date


#: Commands the ``newsarchiver`` group adds (``main.add_command`` for each).
ARCHIVE_COMMANDS = [replay, index_command, wacz_command, reextract]
