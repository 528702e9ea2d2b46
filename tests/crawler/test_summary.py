"""The crawl's exit code is what cron and the scheduler act on: one meaning per code."""

from pathlib import Path

import pytest

from crawler.summary import CrawlSummary, ExitCode


def summary(pages: int, errors: int, reason: str) -> CrawlSummary:
    return CrawlSummary(
        site="s", archive_dir=Path("a"), pages=pages, items=0, errors=errors, skipped=0,
        warc_files=0, warc_bytes=0, seconds=1.0, items_file=None, log_file=Path("l"),
        finish_reason=reason,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("pages", "errors", "reason", "code"),
    [
        (10, 0, "finished", ExitCode.OK),
        (10, 2, "finished", ExitCode.PARTIAL),
        (10, 0, "shutdown", ExitCode.PARTIAL),
        (0, 0, "shutdown", ExitCode.PARTIAL),  # stopped before the first response
        (0, 3, "finished", ExitCode.FAILED),  # ran to its end, fetched nothing: site down
        (0, 0, "finished", ExitCode.FAILED),
    ],
)
def test_exit_code(pages: int, errors: int, reason: str, code: ExitCode) -> None:
    assert summary(pages, errors, reason).exit_code is code
