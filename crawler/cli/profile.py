"""``newsarchiver profile SITE``: what the archive's profile of a site learned, in words."""

from __future__ import annotations

from pathlib import Path

import click

from archive.layout import ArchiveLayout
from crawler.cli.common import archive_option, fail


@click.command("profile")
@click.argument("site")
@archive_option("Archive folder whose state/profiles/ holds the site's profile.")
def profile_command(site: str, archive: Path) -> None:
    """Print what the site's learned profile holds: per part, where on the page, from how
    many pages, on what share of them (the profile file itself is readable JSON)."""
    from crawler.extract.profile.describe import describe
    from crawler.extract.profile.store import BadProfile, load_profile

    if not site or "/" in site or "\\" in site or site.startswith("."):
        fail(f"not a site name: {site!r}")
    path = ArchiveLayout(archive).profile_file(site)
    try:
        profile = load_profile(path)
    except BadProfile as exc:
        fail(str(exc))
    if profile is None:
        fail(f"no profile of site {site!r} in {path.parent} (a crawl of the site writes it)")
    click.echo(f"{path}")
    for line in describe(profile):
        click.echo(line)


COMMANDS = [profile_command]
