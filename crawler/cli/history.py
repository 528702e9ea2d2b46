"""``newsarchiver history URL_OR_ID``: every version of one story, its captures and its diffs.

A thin shell over :mod:`archive.history` (the data) and its two renderers: terminal text,
coloured when stdout is a terminal, and ``--html FILE``, a self-contained side-by-side page
(written atomically). New item logs are ingested and the CDXJ index brought up to date first,
so the history includes the latest crawl. User mistakes end with one ``error:`` line, exit 2.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from archive.atomic import write_text_atomically
from archive.history import HistoryError, story_history
from archive.history_html import render_html
from archive.history_text import render_text
from archive.layout import ArchiveLayout
from archive.stores import StoreError
from archive.stores.base import writable_folder
from archive.stores.readonly_copy import ingested_item_store
from crawler.cli.common import archive_option, fail


@click.command("history")
@click.argument("url_or_id")
@archive_option("Archive folder.")
@click.option(
    "--html",
    "html_out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write a self-contained HTML page with the versions side by side.",
)
@click.option(
    "--color/--no-color", default=None, help="Colour the diff (default: when on a terminal)."
)
@click.option("--database", help="The workers' shared PostgreSQL (its item store).")
def history_command(
    url_or_id: str, archive: Path, html_out: Path | None, color: bool | None, database: str | None
):
    """Show every version of a story (by URL or id) with capture times and what changed."""
    from archive.index.cdxj import update_archive_index

    layout = ArchiveLayout(archive)
    if not database and not layout.item_store_db.exists() and not layout.items_dir.is_dir():
        fail(f"{archive}: no archive here (no items/ and no state/items.sqlite3)")
    try:
        with ingested_item_store(archive, database) as (store, _, _):
            if layout.warc_dir.is_dir() and writable_folder(layout.root):
                update_archive_index(archive)  # (a read-only archive: its index as it is)
            history = story_history(store, layout.index_file, url_or_id)
    except (HistoryError, StoreError) as exc:
        fail(str(exc))
    use_color = sys.stdout.isatty() if color is None else color
    click.echo(render_text(history, color=use_color), nl=False, color=use_color)
    if html_out is not None:
        try:
            write_text_atomically(html_out, render_html(history))
        except OSError as exc:
            fail(f"cannot write {html_out}: {exc.strerror or exc}")
        click.echo(f"wrote {html_out}", err=True)


COMMANDS = [history_command]
