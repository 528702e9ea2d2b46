"""CrawlContext: what the crawl knows of a capture, archived as JSON and read back the same."""

from __future__ import annotations

import pickle

import orjson
import pytest

from crawler.extract.context import CrawlContext, Listed

CONTEXT = CrawlContext(
    via="feed",
    from_url="http://news.test/rss.xml",
    depth=1,
    section=None,
    listed=(
        Listed("feed", "http://news.test/rss.xml", "2025-11-02T08:30:00+00:00", "Sun, 02 Nov", "Ő"),
        Listed("sitemap", "http://news.test/sitemap.xml", "2025-11-02"),
    ),
    candidate=True,
)


def test_context_survives_json_warc_fields_and_pickle_unchanged() -> None:
    assert CrawlContext.from_json(CONTEXT.to_json()) == CONTEXT
    assert "\n" not in CONTEXT.to_json()
    fields = CONTEXT.warc_fields()
    assert fields[0] == ("via", "http://news.test/rss.xml")  # Heritrix's name for it
    assert CrawlContext.from_warc_fields(fields) == CONTEXT
    assert pickle.loads(pickle.dumps(CONTEXT)) == CONTEXT  # a process pool can take it
    assert CONTEXT.discovery() == {
        "via": "feed",
        "from_url": "http://news.test/rss.xml",
        "depth": 1,
    }


def test_an_other_tools_metadata_record_holds_no_context() -> None:
    assert CrawlContext.from_warc_fields([("via", "x"), ("hopsFromSeed", "L")]) is None


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("{not json", "crawl context is not JSON"),
        ('{"from_url": "x"}', "crawl context without a 'via'"),
        ('{"via": "feed", "listed": {}}', "crawl context 'listed' is not a list"),
        ('{"via": "feed", "listed": [{"date": "x"}]}', "an announcement without a 'source'"),
        ('{"via": "feed", "depth": "1"}', "crawl context 'depth' is not a number"),
    ],
)
def test_a_damaged_context_is_one_value_error_that_says_what(text: str, says: str) -> None:
    with pytest.raises(ValueError, match=says) as err:
        CrawlContext.from_json(text)
    assert "\n" not in str(err.value)


def test_only_fetches_made_for_an_article_are_extracted() -> None:
    assert CrawlContext(via="related").is_article_fetch
    assert not CrawlContext(via="requisite").is_article_fetch
    assert not CrawlContext(via="pagination").is_article_fetch


def test_the_archived_json_is_the_dict_as_json_field_for_field() -> None:
    context = CrawlContext(
        via="section",
        from_url="http://news.test/welt/",
        depth=2,
        section="Wörld",
        listed=(Listed("feed", "http://news.test/rss", "2025-01-02", None, 'A "t"'), Listed("x")),
        candidate=True,
    )
    assert context.to_json() == orjson.dumps(context.to_dict()).decode("utf-8")
    assert CrawlContext.from_json(context.to_json()) == context
