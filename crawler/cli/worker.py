"""``worker``, and ``crawl --redis``: the command line of the distributed mode.

Thin shells over ``crawler.distributed`` (the worker, the frontier); like every command they
end through ``crawler.cli.common`` with a code of ``crawler.exit_codes``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import click
import redis

from crawler.cli.common import archive_option, exit_with, fail
from crawler.distributed.frontier import FrontierError
from crawler.exit_codes import ExitCode
from crawler.run import write_json


def parse_sets(values: tuple[str, ...]) -> dict[str, str]:
    """``--set NAME=VALUE`` pairs (Scrapy or NEWSARCHIVER_* settings) as a dict."""
    out = {}
    for value in values:
        name, sep, setting = value.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{value!r} is not NAME=VALUE", param_hint="--set")
        out[name.strip()] = setting
    return out


@click.command("worker")
@click.option(
    "--redis", "redis_url", required=True, help="The shared frontier, redis://HOST:PORT/DB."
)
@archive_option("Archive folder this worker writes its WARC and item files into (may be shared).")
@click.option(
    "--database",
    help="PostgreSQL for the shared URL state, digest index and item store, "
    "postgresql://USER@HOST/DB (workers on several machines; default: SQLite files in the "
    "archive folder, and the item store is left to `export`).",
)
@click.option("--id", "worker_id", help="Worker id, unique among live workers [host name].")
@click.option("--exit-when-idle", is_flag=True, help="Exit once no site has a run on the frontier.")
@click.option("--set", "sets", multiple=True, metavar="NAME=VALUE", help="Override a setting.")
def worker_command(
    redis_url: str,
    archive: Path,
    database: str | None,
    worker_id: str | None,
    exit_when_idle: bool,
    sets: tuple,
) -> None:
    """Crawl whatever the shared frontier holds, for any site, until stopped."""
    from crawler.distributed.worker import default_worker_id, run_worker

    worker_id = worker_id or default_worker_id()
    if not re.fullmatch(r"[A-Za-z0-9._-]{1,64}", worker_id):
        fail(f"worker id {worker_id!r}: use letters, digits, '.', '_', '-'")

    code = run_worker(
        redis_url,
        archive,
        worker_id,
        exit_when_idle=exit_when_idle,
        database=database,
        sets=parse_sets(sets),
    )
    exit_with(code)


def enqueue_crawl(
    seed: Any,
    redis_url: str,
    proxy: str | None,
    overrides: dict | None,
    summary_json: Path | None = None,
) -> None:
    """``crawl SEED --redis``: one line saying what was queued, or why nothing was.

    With ``summary_json`` (the cron runner's), a queued run leaves a summary saying so: the
    run's row in the run log is the workers' (``crawler.distributed.run_record``), so the
    runner records none of its own. A refused or failed enqueue leaves none, and the runner
    records it as usual (``locked``, ``config``)."""

    from crawler.distributed.enqueue import enqueue_run

    try:
        result = enqueue_run(seed, redis_url, proxy=proxy, overrides=overrides)
    except FrontierError as exc:
        fail(str(exc))
    except redis.RedisError as exc:
        fail(f"Redis at {redis_url} failed while queueing the run: {exc}")
    if not result.started:
        queued, leased = result.remaining
        fail(
            f"site {seed.name}: its previous run is still on the frontier "
            f"({queued} queued, {leased} being fetched)",
            ExitCode.LOCKED,
        )
    if summary_json is not None:
        queued = {"state": "finished", "site": seed.name, "outcome": "queued"}
        write_json(summary_json, queued | {"exit_code": int(ExitCode.OK), "queued": result.queued})
    click.echo(f"site {seed.name}: run queued on {redis_url} ({result.queued} start requests)")


COMMANDS = [worker_command]
