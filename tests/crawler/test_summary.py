"""The crawl's exit code is what cron and the scheduler act on: one meaning per code."""

from pathlib import Path

import pytest

from crawler.summary import CrawlSummary, ExitCode


def summary(pages: int, errors: int, reason: str, sections: int | None = None) -> CrawlSummary:
    return CrawlSummary(
        site="s", archive_dir=Path("a"), pages=pages, items=0, errors=errors, skipped=0,
        warc_files=0, warc_bytes=0, seconds=1.0, items_file=None, log_file=Path("l"),
        finish_reason=reason, section_pages=pages if sections is None else sections,
    )  # fmt: skip


def test_pages_but_not_one_section_page_read_is_failed() -> None:
    """robots.txt answered, every section URL 404: the README's exit code 4."""
    assert summary(3, 2, "finished", sections=0).exit_code is ExitCode.FAILED
    assert summary(3, 1, "finished", sections=1).exit_code is ExitCode.PARTIAL


def test_the_summary_names_dropped_requests_and_rate_limiting_hosts() -> None:
    s = summary(5, 2, "finished")
    assert "dropped     0 requests given up" in s.format().splitlines()
    s.dropped = {"redirect_loop": 1, "redirect_offsite": 2}
    s.rate_limited = {"news.test": 3}
    lines = s.format().splitlines()
    assert "dropped     3 requests given up: 1 redirect loop, 2 redirect offsite " in (
        lines[3] + " "
    )
    assert lines[4] == (
        "rate-limited news.test: 3 answers 429/503, retried after the pause asked for"
    )
    assert s.to_json()["dropped"] == {"redirect_loop": 1, "redirect_offsite": 2}


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
