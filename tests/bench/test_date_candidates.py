"""The candidate collection that the benchmark's date truth was labelled from."""

from __future__ import annotations

from bench.date_candidates import page_candidates
from bench.dates import day_misses, load_instants, load_truth, same_instant


def test_each_source_gives_its_day_and_disagreement_is_flagged() -> None:
    html = (
        b'<html><head><script type="application/ld+json">{"@type": "NewsArticle",'
        b' "headline": "T", "datePublished": "2024-03-05T04:50:22+00:00"}</script>'
        b'<meta property="article:publisher" content="https://social.test/x">'
        b'<meta property="article:published_time" content="2024-03-05T04:50:22+00:00">'
        b'</head><body><article><h1>T</h1><time datetime="2024-03-04">March 4, 2024</time>'
        b"<p>Some text of the story that is long enough to be its body, really.</p>"
        b"</article></body></html>"
    )
    found = page_candidates("https://news.test/2024/03/04/story/", html)
    assert found["days"]["json-ld"] == found["days"]["meta"] == "2024-03-05"
    assert found["days"]["url"] == "2024-03-04"
    assert found["time"] == ["2024-03-04|March 4, 2024"]
    assert found["agree"] is False


def test_the_truth_file_names_a_day_or_none_for_every_page_and_scores_misses() -> None:
    truth = load_truth()
    assert len(truth) == 181
    assert sum(1 for day in truth.values() if day is None) == 1
    key = next(iter(truth))
    assert day_misses({key: truth[key]}, {key: f"{truth[key]}T23:00:00-05:00"}) == []
    assert day_misses({key: truth[key]}, {}) == [key]


def test_an_instant_counts_to_the_minute_in_any_offset_and_a_bare_day_does_not() -> None:
    assert same_instant("2019-11-18T23:03:25-08:00", "2019-11-19T07:03:59+00:00")
    assert not same_instant("2019-11-18T23:03:25-08:00", "2019-11-18T23:03:25+00:00")
    assert not same_instant("2019-11-18T23:03:25-08:00", "2019-11-18")
    assert len(load_instants()) == 139
