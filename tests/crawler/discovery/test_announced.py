"""Feeds and sitemaps a site announces: robots.txt Sitemap: lines, <link rel=alternate>."""

from __future__ import annotations

from parsel import Selector

from crawler.discovery.announced import feed_links, robots_sitemaps


def test_robots_sitemap_lines_any_case_relative_and_deduplicated() -> None:
    robots = (
        b"User-agent: *\nDisallow: /intern/\n\n"
        b"Sitemap: https://news.test/sitemap-news.xml\n"
        b"sitemap: /sitemap-index.xml\n"
        b"  SITEMAP:https://news.test/sitemap-news.xml\n"
        b"Sitemap: ftp://news.test/nope.xml\n"
    )
    assert robots_sitemaps(robots, "https://news.test/robots.txt") == [
        "https://news.test/sitemap-news.xml",
        "https://news.test/sitemap-index.xml",
    ]


def test_rss_and_atom_alternate_links_of_a_page() -> None:
    html = """<html><head>
    <link rel="alternate" type="application/rss+xml" title="Politik" href="/politik/feed.xml">
    <link rel="Alternate" type="Application/Atom+XML; charset=utf-8" href="https://news.test/atom">
    <link rel="alternate" type="text/html" hreflang="en" href="/en/">
    <link rel="stylesheet" type="text/css" href="/site.css">
    <link rel="alternate" type="application/rss+xml" href="/politik/feed.xml#dup">
    </head><body>
    <a rel="alternate" type="application/rss+xml" href="/body.xml">x</a></body></html>"""
    assert feed_links(Selector(text=html), "https://news.test/politik/") == [
        "https://news.test/politik/feed.xml",
        "https://news.test/atom",
    ]


def test_base_href_is_honoured() -> None:
    html = (
        '<head><base href="https://news.test/static/">'
        '<link rel="alternate" type="application/rss+xml" href="feed.rss"></head>'
    )
    assert feed_links(Selector(text=html), "https://news.test/x/") == [
        "https://news.test/static/feed.rss"
    ]
