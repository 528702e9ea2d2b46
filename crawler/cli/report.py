"""``newsarchiver report``: the crawl health report of an archive, as a page or as JSON.

A thin shell over :mod:`archive.report`. Exit codes: 0 report written; 2 a user mistake (one
``error:`` line); with ``--fail-on-drift``, 1 when a field's fill rate dropped (the page and
the JSON are still written), so cron's mail or a monitor can alert.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
import orjson

from archive.atomic import write_text_atomically
from archive.report import build_report
from archive.report.drift import DEFAULT_MARGIN
from archive.stores import StoreError
from crawler.cli.common import archive_option, exit_with, fail
from crawler.exit_codes import ExitCode


@click.command("report")
@archive_option("Archive folder (item logs, run log and CDXJ index are read, nothing is written).")
@click.option("--site", help="Only this site (the seed's name).")
@click.option("--days", type=click.IntRange(min=1), help="Only runs of the last N days.")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the page here [report.html when --json is not given].",
)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON on stdout.")
@click.option(
    "--margin",
    type=click.FloatRange(0.0, 1.0),
    default=DEFAULT_MARGIN,
    show_default=True,
    help="Fill-rate drop (0..1) against the previous runs that counts as drift.",
)
@click.option("--fail-on-drift", is_flag=True, help="Exit 1 when a drift warning is raised.")
def report_command(
    archive: Path,
    site: str | None,
    days: int | None,
    out: Path | None,
    as_json: bool,
    margin: float,
    fail_on_drift: bool,
) -> None:
    """Runs, extraction fill rates (with drift warnings) and archive figures per site."""
    if out is None and not as_json:
        out = Path("report.html")  # as the README's usage line shows: --out is optional
    if not archive.is_dir():
        fail(f"{archive}: no such archive folder (give --archive DIR)")
    if out is not None and not out.parent.is_dir():
        fail(f"{out.parent}: no such folder for --out")
    try:
        report = build_report(archive, site=site, days=days, margin=margin)
    except StoreError as exc:
        fail(str(exc))
    if out is not None:
        from archive.report.html import render_html  # matplotlib: only when a page is made

        write_text_atomically(out, render_html(report))
    if as_json:
        sys.stdout.buffer.write(orjson.dumps(report.to_json(), option=orjson.OPT_INDENT_2) + b"\n")
    for drift in report.drifts:
        click.echo(f"WARNING: drift: {drift.line()}", err=True)
    if out is not None:
        sites = len(report.sites)
        click.echo(
            f"report: {out} ({sites} site{'s' * (sites != 1)}, "
            f"{len(report.drifts)} drift warning{'s' * (len(report.drifts) != 1)})",
            err=True,
        )
    if fail_on_drift and report.drifts:
        exit_with(ExitCode.PARTIAL)


COMMANDS = [report_command]
