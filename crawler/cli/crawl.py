"""``crawl``, ``demo``, ``demo-site``, ``check-seed``: one crawl, the demo, seed checks.

The crawl itself is ``crawler.process.run_crawl``; a crawl refused before it starts (site locked,
damaged store) has printed its one line and exits with its code from there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from archive.urls import secret_params
from crawler.cli.common import archive_option, check_proxy, exit_with, fail, load_seed_or_fail
from crawler.cli.worker import enqueue_crawl
from crawler.exit_codes import ExitCode
from crawler.seed import SeedError, load_seed
from crawler.summary import CrawlSummary
from demosite.content import DemoSite
from demosite.server import DemoSiteServer, serve_forever

#: The demo seed ships in the repository's seeds/ folder.
DEMO_SEED = Path(__file__).resolve().parents[2] / "seeds" / "demo.toml"

progress_option = click.option(
    "--progress/--no-progress", default=True, help="Show the live progress line."
)


def _at_least_one(ctx: click.Context, param: click.Parameter, value: int) -> int:
    if value < 1:
        fail(f"--{param.name} must be at least 1, got {value}")
    return value


articles_option = click.option(
    "--articles",
    default=220,
    show_default=True,
    callback=_at_least_one,
    help="Articles on the demo site.",
)


def _finish(summary: CrawlSummary) -> None:
    click.echo(summary.format())
    exit_with(summary.exit_code)


@click.command()
@click.argument("seed", type=click.Path(path_type=Path))
@archive_option("Archive folder (warc/, items/, logs/).")
@click.option("--proxy", callback=check_proxy, help="Send every request through this HTTP proxy.")
@progress_option
@click.option("--full", is_flag=True, help="Fetch every article in full (ignore the URL state).")
@click.option(
    "--summary-json",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the summary as JSON here (the cron runner reads it).",
)
@click.option("--redis", "redis_url", help="Queue the run on this shared frontier (workers crawl).")
@click.option(
    "--no-profile",
    is_flag=True,
    help="Neither learn nor use the site's profile: the generic extractor's items.",
)
def crawl(
    seed: Path,
    archive: Path,
    proxy: str | None,
    progress: bool,
    full: bool,
    summary_json: Path | None,
    redis_url: str | None,
    no_profile: bool,
) -> None:
    """Crawl one SEED file once (cron-friendly; see the exit codes in the README)."""
    from crawler.process import run_crawl

    loaded = load_seed_or_fail(seed)
    overrides: dict[str, Any] = {}
    if full:
        overrides["NEWSARCHIVER_RECRAWL_ENABLED"] = False
    if no_profile:
        overrides["NEWSARCHIVER_PROFILE"] = False
    if redis_url:
        enqueue_crawl(loaded, redis_url, proxy, overrides or None, summary_json)
        return
    _finish(
        run_crawl(
            loaded,
            archive,
            proxy=proxy,
            progress=progress,
            overrides=overrides or None,
            summary_json=summary_json,
        )
    )


@click.command()
@archive_option("Archive folder for the demo crawl.")
@articles_option
@click.option("--clock", default=0, show_default=True, help="Demo site clock (6 h steps).")
@progress_option
def demo(archive: Path, articles: int, clock: int, progress: bool) -> None:
    """Start the bundled demo news site on a free port and crawl it end to end."""
    from crawler.process import run_crawl

    seed = load_seed_or_fail(DEMO_SEED)
    site = DemoSite(articles=articles, clock=clock)
    # Story ages are judged against the demo site's clock, not the wall clock, and recent
    # stories are re-checked (conditionally) on every run, to show off the 304s.
    overrides = {
        "NEWSARCHIVER_RECRAWL_NOW": site.site_time().isoformat(),
        "NEWSARCHIVER_RECRAWL_EVERY_HOURS": 0,
    }
    with DemoSiteServer(site, port=0) as server:
        click.echo(f"demo site {server.base_url} served via {server.proxy_url}")
        summary = run_crawl(
            seed, archive, proxy=server.proxy_url, progress=progress, overrides=overrides
        )
    _finish(summary)


@click.command("demo-site")
@click.option("--port", default=0, show_default=True, help="Port to bind (0: a free one).")
@click.option("--bind", default="127.0.0.1", show_default=True)
@articles_option
@click.option("--clock", default=0, show_default=True, help="Site clock (6 h steps).")
@click.option("--latency-ms", default=0.0, show_default=True, help="Delay added per response.")
def demo_site(port: int, bind: str, articles: int, clock: int, latency_ms: float) -> None:
    """Serve the demo news site until interrupted (use it as an HTTP proxy)."""

    try:
        serve_forever(articles=articles, port=port, clock=clock, latency_ms=latency_ms, bind=bind)
    except KeyboardInterrupt:
        pass
    except OSError as exc:
        fail(f"cannot serve on {bind}:{port}: {exc.strerror or exc}")


@click.command("check-seed")
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
            for line in _secret_warnings(s):
                click.echo(line, err=True)
    exit_with(ExitCode.CONFIG if bad else ExitCode.OK)


def _secret_warnings(seed: Any) -> list[str]:
    """One ``warning:`` line per seed URL that carries a secret-looking parameter."""

    urls = [(f"sections[{i}].url", s.url) for i, s in enumerate(seed.sections)]
    urls += [(f"feeds[{i}]", u) for i, u in enumerate(seed.feeds)]
    urls += [(f"sitemaps[{i}]", u) for i, u in enumerate(seed.sitemaps)]
    return [
        f"warning: {seed.path}: field '{field}': the URL carries {', '.join(names)}, which "
        "looks secret: the WARC, CDXJ index and items keep the URL as fetched (reports and "
        "logs show it REDACTED); use a URL without it if you can"
        for field, url in urls
        if (names := secret_params(url))
    ]


COMMANDS = [crawl, demo, demo_site, check_seed]
