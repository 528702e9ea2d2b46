"""``newsarchiver export``: bring the item store up to date, then write a research export.

A thin shell over ``archive.stores.item_store`` (ingest the archive's item logs it has not seen
yet) and ``archive.exports.export`` (the rules of the export file). User mistakes end with one
``error:`` line and exit code 2; an export that matches nothing writes an empty file,
says so and exits 0.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from archive.exports.export import DEDUP_LEVELS, ExportError, export, parse_fields
from archive.exports.exporter import EXPORTERS, export_format
from archive.layout import ArchiveLayout
from archive.stores import StoreError
from archive.stores.base import writable_folder
from archive.stores.readonly_copy import ingested_item_store
from crawler.cli.common import archive_option, fail
from crawler.progress import progress


@click.command("export")
@archive_option("Archive folder (items/ is read, state/items.sqlite3 is the store).")
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Output FILE.jsonl[.gz], FILE.parquet, or a folder with --partitioned (atomic).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(EXPORTERS)),
    help="Default: the one --out's extension names, else jsonl. "
    + "; ".join(f"{f.name}: {f.help}" for f in EXPORTERS.values())
    + " (same rows).",
)
@click.option(
    "--partitioned",
    is_flag=True,
    help="Parquet only: write a folder site=S/day=YYYY-MM-DD/part-0.parquet.",
)
@click.option(
    "--database",
    help="The workers' shared PostgreSQL, postgresql://USER@HOST/DB: export its item store "
    "(default: state/items.sqlite3).",
)
@click.option("--no-progress", is_flag=True, help="No progress bar even on a terminal.")
@click.option("--site", help="Only this site (the seed's name).")
@click.option("--section", help="Only this section.")
@click.option("--since", help="Published on or after this ISO date/time (UTC).")
@click.option("--until", help="Published up to this ISO date (inclusive) or date-time.")
@click.option("--lang", help="Only this language (ISO 639-1).")
@click.option(
    "--versions",
    type=click.Choice(["latest", "all"]),
    default="latest",
    show_default=True,
    help="One row per story, or one per stored version.",
)
@click.option(
    "--dedup",
    type=click.Choice(list(DEDUP_LEVELS)),
    default="content",
    show_default=True,
    help="Fold duplicates by story URL, identical text, or near-identical body.",
)
@click.option("--fields", help="Comma-separated fields to write (id is always included).")
@click.option(
    "--since-last",
    "since_last",
    metavar="NAME",
    help="Write only stories and versions the export NAME has not delivered yet.",
)
def export_command(
    archive: Path,
    out: Path,
    site: str | None,
    section: str | None,
    since: str | None,
    until: str | None,
    lang: str | None,
    versions: str,
    dedup: str,
    fields: str | None,
    since_last: str | None,
    fmt: str | None,
    partitioned: bool,
    no_progress: bool,
    database: str | None,
) -> None:
    """Write one row per story (JSONL or Parquet): deduplicated, versioned, with provenance."""
    if not archive.is_dir():
        fail(f"{archive}: no such archive folder")
    layout = ArchiveLayout(archive)
    if not database and not layout.item_store_db.exists() and not layout.items_dir.is_dir():
        fail(f"{archive}: no archive here (no items/ and no state/items.sqlite3)")
    try:
        export_format(out, fmt, partitioned=partitioned)
        parse_fields(fields)
    except ExportError as exc:
        fail(str(exc))
    options = {
        "site": site,
        "section": section,
        "since": since,
        "until": until,
        "lang": lang,
        "versions": versions,
        "dedup": dedup,
        "fields": fields,
        "since_last": since_last,
        "format": fmt,
        "partitioned": partitioned,
    }
    if since_last and not database and not writable_folder(ArchiveLayout(archive).state_dir):
        fail(
            f"{archive} is read-only: --since-last records what it delivered in the archive; "
            "export without it, or from a writable copy"
        )
    try:
        with ingested_item_store(archive, database) as (store, ingested, copied):
            if copied:
                click.echo(
                    f"{archive} is read-only: new item logs ingested into a temporary copy "
                    "of its item store",
                    err=True,
                )
            _known_site(store, site)
            stories = _story_count(store)
            result = _export(store, out, no_progress, **options)
    except (ExportError, StoreError) as exc:
        fail(str(exc))
    prefix = "no new item files; "
    if ingested.files:
        # The crawl stores its items as it goes: "0 new stories" here read as "nothing new".
        held = f"; the store holds {stories} stories" if stories is not None else ""
        prefix = (
            f"ingested {ingested.items} items from {ingested.files} files "
            f"({ingested.new_stories} stories and {ingested.new_versions} versions the crawls "
            "had not stored yet"
            + (f", {ingested.errors} bad lines" if ingested.errors else "")
            + f"){held}; "
        )
    if result.rows == 0:
        what = (
            "nothing new since the last export " + repr(since_last)
            if since_last
            else ("no stories match")
        )
        click.echo(f"{prefix}{what}: wrote an empty {result.path}", err=True)
        return
    click.echo(
        f"{prefix}exported {result.rows} rows ({result.clusters} stories, "
        f"{result.duplicates_folded} duplicates folded, dedup={dedup}) -> {result.path}",
        err=True,
    )


def _known_site(store: Any, site: str | None) -> None:
    """``--site`` names a site of this archive, or one error line listing those there are."""
    if site is None or not hasattr(store, "execute"):
        return
    sites = sorted(r[0] for r in store.execute("SELECT DISTINCT site FROM stories").fetchall())
    if site not in sites:
        fail(f"no site {site!r} in this archive (sites: {', '.join(sites) or 'none yet'})")


def _story_count(store: Any) -> int | None:
    return store.story_count() if hasattr(store, "story_count") else None


def _export(store: Any, out: Path, no_progress: bool, **options: Any) -> Any:
    bar = progress("exporting", unit="rows", enabled=False if no_progress else None)
    with bar as on_row:
        return export(store, out, on_row=on_row, **options)


COMMANDS = [export_command]
