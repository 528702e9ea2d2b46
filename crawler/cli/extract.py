"""``extract``: the item of one saved page, or of every page in a batch manifest.

No crawl, no archive: the same extraction the spider runs (``crawler.extract``), for checking
rules against saved pages.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

import click
import orjson

from crawler.cli.common import exit_with, fail, load_seed_or_fail
from crawler.exit_codes import ExitCode


@click.command()
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

    rules = load_seed_or_fail(seed_path).site_rules().extraction if seed_path else None
    if manifest is not None:
        if out is None:
            fail("--batch needs --out FILE.jsonl")
        if not manifest.is_file():
            fail(f"{manifest}: no such manifest file")
        problems: list[str] = []
        count = run_batch(manifest, out, rules, problems)
        for line in problems:
            click.echo(f"warning: {line}", err=True)
        failed = f", {len(problems)} of them for pages not read" if problems else ""
        click.echo(f"{count} lines{failed} -> {out}", err=True)
        exit_with(ExitCode.PARTIAL if problems else ExitCode.OK)
    if file is None or url is None:
        fail("give --url URL FILE, or --batch MANIFEST --out OUT")
    try:
        body = file.read_bytes()
    except OSError as exc:
        fail(f"{file}: cannot read: {exc.strerror or exc}")
    if file.suffix == ".gz":
        body = gzip.decompress(body)
    item = extract_article(url, None, body, rules)
    sys.stdout.buffer.write(orjson.dumps(item.to_dict(), option=orjson.OPT_INDENT_2) + b"\n")


COMMANDS = [extract]
