"""The ``newsarchiver`` command line: one module per command group, wired here.

``crawl``      crawl, demo, demo-site, check-seed (``crawler.run`` does the work)
``extract``    extract: one saved page or a batch manifest -> items
``archive``    replay, index, wacz, reextract: tools over a finished archive folder
``export``     export: the research export of the item store
``history``    history: every version of one story, with its diffs
``report``     report: crawl health figures and drift warnings
``schedule``   schedule, status: the cron runner (``crawler.cron``)
``worker``     worker, and crawl --redis: the distributed mode (``crawler.distributed``)
``profile``    profile: what a site's learned profile holds
``common``     the options several commands share, and the one way to end a command

Each command is a thin shell over the module that does the work; user mistakes end with one
``error:`` line and exit code 2; every exit code is one of ``crawler.exit_codes``.
"""

from __future__ import annotations

import click

from crawler import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsarchiver")
def main() -> None:
    """Scheduled news scraper and archiver: WARC snapshots plus normalized article items."""
    from crawler.crawl_log import warnings_to_stderr

    warnings_to_stderr()


def _add_commands() -> None:
    from crawler.cli import (
        archive,
        crawl,
        export,
        extract,
        history,
        profile,
        report,
        schedule,
        worker,
    )

    for module in (crawl, extract, archive, export, history, report, schedule, worker, profile):
        for command in module.COMMANDS:
            main.add_command(command)


_add_commands()
