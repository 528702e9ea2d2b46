"""Seed fields of discovery: ``feeds``, ``sitemaps``, ``[links] max_sitemaps``."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.seed import SeedError, load_seed
from tests.conftest import newsarchiver

HEAD = """
name = "courrier"
timezone = "Europe/Paris"
language = "fr"
{extra}

[[sections]]
name = "Politique"
url = "https://www.courrier.test/politique/"
"""


def write(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "courrier.toml"
    path.write_text(HEAD.format(extra=extra), encoding="utf-8")
    return path


def test_feeds_and_sitemaps_are_read_in_order_without_duplicates(tmp_path: Path) -> None:
    seed = load_seed(
        write(
            tmp_path,
            'feeds = ["https://www.courrier.test/rss.xml", "https://www.courrier.test/rss.xml"]\n'
            'sitemaps = ["https://www.courrier.test/sitemap-news.xml"]\n'
            "[links]\nmax_sitemaps = 3\nautodiscover = false",
        )
    )
    assert seed.feeds == ("https://www.courrier.test/rss.xml",)
    assert seed.sitemaps == ("https://www.courrier.test/sitemap-news.xml",)
    assert seed.links.max_sitemaps == 3 and seed.links.autodiscover is False


def test_defaults_discover_everything_automatically(tmp_path: Path) -> None:
    seed = load_seed(write(tmp_path, ""))
    assert seed.feeds == () and seed.sitemaps == ()
    assert seed.links.max_sitemaps == 100 and seed.links.autodiscover is True
    assert seed.links.sitemap_window is None  # a first crawl reads every child
    assert seed.site_rules().extraction.max_images == seed.links.max_images_per_page == 1000


def test_sitemap_window_is_a_duration_or_all(tmp_path: Path) -> None:
    seed = load_seed(write(tmp_path, '[links]\nsitemap_window = "90d"'))
    assert seed.links.sitemap_window == 90 * 86400
    assert (
        load_seed(write(tmp_path, '[links]\nsitemap_window = "all"')).links.sitemap_window is None
    )


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('feeds = "https://www.courrier.test/rss.xml"', "field 'feeds': must be a list of RSS"),
        (
            'feeds = ["/rss.xml"]',
            "field 'feeds[0]': must be an absolute http(s) URL, got '/rss.xml'",
        ),
        ("sitemaps = [42]", "field 'sitemaps[0]': must be a URL string, got 42"),
        ("[links]\nmax_sitemaps = -1", "field 'links.max_sitemaps': must not be negative, got -1"),
        ('[links]\nsitemap_window = "soon"', "field 'links.sitemap_window': must be"),
        (
            "[links]\nmax_images_per_page = 0",
            "field 'links.max_images_per_page': must be at least 1, got 0",
        ),
    ],
)
def test_bad_discovery_fields_stop_with_one_line(tmp_path: Path, extra: str, message: str) -> None:
    path = write(tmp_path, extra)
    with pytest.raises(SeedError) as err:
        load_seed(path)
    assert message in str(err.value)
    proc = newsarchiver("check-seed", str(path), timeout=60)
    assert proc.returncode == 2
    (line,) = proc.stderr.strip().splitlines()
    assert line == f"error: {err.value}"
