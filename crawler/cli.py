"""The ``newsarchiver`` command line.

Each command is a thin shell over a module that does the work: ``crawler.run`` for
crawls, ``crawler.extract`` for extraction, ``demosite`` for the bundled demo site.
User mistakes (a bad seed, a missing file) end with one ``error:`` line and exit code 2.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
import orjson

from archive.layout import default_archive_dir
from crawler import __version__
from crawler.seed import SeedError, load_seed
from crawler.summary import CrawlSummary, ExitCode

#: The demo seed ships in the repository's seeds/ folder.
DEMO_SEED = Path(__file__).resolve().parents[1] / "seeds" / "demo.toml"
DEFAULT_DEMO_ARCHIVE = Path("demo-archive")


def _fail(message: str, code: ExitCode = ExitCode.CONFIG) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(int(code))


def _load(seed_path: Path) -> object:
    try:
        return load_seed(seed_path)
    except SeedError as exc:
        _fail(str(exc))


def _finish(summary: CrawlSummary) -> None:
    click.echo(summary.format())
    sys.exit(int(summary.exit_code))


def _run(seed: object, archive: Path, **kwargs: object) -> CrawlSummary:
    """One crawl (``crawler.run``): a refused start has printed its line and exits with its code."""
    from crawler.run import run_crawl

    return run_crawl(seed, archive, **kwargs)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsarchiver")
def main() -> None:
    """Scheduled news scraper and archiver: WARC snapshots plus normalized article items."""


@main.command()
@click.argument("seed", type=click.Path(path_type=Path))
@click.option(
    "--archive",
    type=click.Path(file_okay=False, path_type=Path),
    default=default_archive_dir(),
    show_default=True,
    help="Archive folder (warc/, items/, logs/).",
)
@click.option("--proxy", help="Send every request through this HTTP proxy.")
@click.option("--progress/--no-progress", default=True, help="Show the live progress line.")
@click.option("--full", is_flag=True, help="Fetch every article in full (ignore the URL state).")
@click.option(
    "--summary-json",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the summary as JSON here (the cron runner reads it).",
)
@click.option("--redis", "redis_url", help="Queue the run on this shared frontier (workers crawl).")
def crawl(
    seed: Path,
    archive: Path,
    proxy: str | None,
    progress: bool,
    full: bool,
    summary_json: Path | None,
    redis_url: str | None,
) -> None:
    """Crawl one SEED file once (cron-friendly; see the exit codes in the README)."""
    loaded = _load(seed)
    overrides = {"NEWSARCHIVER_RECRAWL_ENABLED": False} if full else None
    if redis_url:
        from crawler.distributed.cli import enqueue_crawl

        sys.exit(enqueue_crawl(loaded, redis_url, proxy, overrides))
    _finish(
        _run(
            loaded,
            archive,
            proxy=proxy,
            progress=progress,
            overrides=overrides,
            summary_json=summary_json,
        )
    )


@main.command()
@click.option(
    "--archive",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_DEMO_ARCHIVE,
    show_default=True,
    help="Archive folder for the demo crawl.",
)
@click.option("--articles", default=220, show_default=True, help="Articles on the demo site.")
@click.option("--clock", default=0, show_default=True, help="Demo site clock (6 h steps).")
@click.option("--progress/--no-progress", default=True, help="Show the live progress line.")
def demo(archive: Path, articles: int, clock: int, progress: bool) -> None:
    """Start the bundled demo news site on a free port and crawl it end to end."""
    from demosite.content import DemoSite
    from demosite.server import DemoSiteServer

    seed = _load(DEMO_SEED)
    site = DemoSite(articles=articles, clock=clock)
    # Story ages are judged against the demo site's clock, not the wall clock, and recent
    # stories are re-checked (conditionally) on every run, to show off the 304s.
    overrides = {
        "NEWSARCHIVER_RECRAWL_NOW": site.site_time().isoformat(),
        "NEWSARCHIVER_RECRAWL_EVERY_HOURS": 0,
    }
    with DemoSiteServer(site, port=0) as server:
        click.echo(f"demo site {server.base_url} served via {server.proxy_url}")
        summary = _run(
            seed, archive, proxy=server.proxy_url, progress=progress, overrides=overrides
        )
    _finish(summary)


@main.command("demo-site")
@click.option("--port", default=0, show_default=True, help="Port to bind (0: a free one).")
@click.option("--bind", default="127.0.0.1", show_default=True)
@click.option("--articles", default=220, show_default=True)
@click.option("--clock", default=0, show_default=True, help="Site clock (6 h steps).")
@click.option("--latency-ms", default=0.0, show_default=True, help="Delay added per response.")
def demo_site(port: int, bind: str, articles: int, clock: int, latency_ms: float) -> None:
    """Serve the demo news site until interrupted (use it as an HTTP proxy)."""
    from demosite.server import serve_forever

    try:
        serve_forever(articles=articles, port=port, clock=clock, latency_ms=latency_ms, bind=bind)
    except KeyboardInterrupt:
        pass
    except OSError as exc:
        _fail(f"cannot serve on {bind}:{port}: {exc.strerror or exc}")


@main.command("check-seed")
@click.argument("seeds", nargs=-1, required=True, type=click.Path(path_type=Path))
def check_seed(seeds: tuple[Path, ...]) -> None:
    """Validate seed files; prints one line per file."""
    bad = 0
    for path in seeds:
        try:
            s = load_seed(path)
        except SeedError as exc:
            click.echo(f"error: {exc}", err=True)
            bad += 1
        else:
            click.echo(f"ok: {path}: site {s.name}, {len(s.sections)} sections, '{s.schedule}'")
    sys.exit(int(ExitCode.CONFIG) if bad else 0)


@main.command()
@click.argument("file", required=False, type=click.Path(path_type=Path))
@click.option("--url", help="The URL the saved page was fetched from.")
@click.option(
    "--batch",
    "manifest",
    type=click.Path(path_type=Path),
    help='JSONL manifest of {"id", "url", "path"} lines.',
)
@click.option("--out", type=click.Path(path_type=Path), help="Output JSONL for --batch.")
@click.option("--seed", "seed_path", type=click.Path(path_type=Path), help="Use a seed's rules.")
def extract(
    file: Path | None,
    url: str | None,
    manifest: Path | None,
    out: Path | None,
    seed_path: Path | None,
) -> None:
    """Extract the article item from a saved page (FILE) or a batch manifest."""
    from crawler.extract.article import extract_article
    from crawler.extract.batch import run_batch

    rules = _load(seed_path).extraction if seed_path else None
    if manifest is not None:
        if out is None:
            _fail("--batch needs --out FILE.jsonl")
        if not manifest.is_file():
            _fail(f"{manifest}: no such manifest file")
        count = run_batch(manifest, out, rules)
        click.echo(f"{count} items -> {out}", err=True)
        return
    if file is None or url is None:
        _fail("give --url URL FILE, or --batch MANIFEST --out OUT")
    try:
        body = file.read_bytes()
    except OSError as exc:
        _fail(f"{file}: cannot read: {exc.strerror or exc}")
    if file.suffix == ".gz":
        import gzip

        body = gzip.decompress(body)
    item = extract_article(url, None, body, rules)
    sys.stdout.buffer.write(orjson.dumps(item.to_dict(), option=orjson.OPT_INDENT_2) + b"\n")


def _add_subcommands() -> None:
    """Commands that live in their own modules: archive tools, export, scheduling."""
    from crawler.cli_archive import ARCHIVE_COMMANDS
    from crawler.cli_export import export_command
    from crawler.cli_history import history_command
    from crawler.cli_report import report_command
    from crawler.cli_schedule import SCHEDULE_COMMANDS
    from crawler.distributed.cli import worker_command

    for command in [
        *ARCHIVE_COMMANDS,
        export_command,
        history_command,
        report_command,
        *SCHEDULE_COMMANDS,
        worker_command,
    ]:
        main.add_command(command)


_add_subcommands()

if __name__ == "__main__":
    main()
