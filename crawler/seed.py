"""Seed files: one declarative TOML file per news site.

A seed says where a site's sections are, how to tell article and related-story links
apart, when to crawl it, and the few selectors a generic extractor cannot guess. It is
validated completely when loaded, so a typo stops the run with one line naming the
file, the field and what is wrong, before anything is fetched or written.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from crawler import settings as defaults
from crawler.discovery.links import SiteLinks
from crawler.extract.link_bound import DEFAULT_MAX_IMAGES, DEFAULT_MAX_LINKS
from crawler.extract.rules import SELECTOR_FIELDS, ExtractionRules, SiteRules
from crawler.politeness import Politeness
from crawler.seed_checks import (
    DURATION_EXAMPLES,
    SeedError,
    Table,
    check_cron,
    check_css,
    check_duration,
    check_regex,
    check_url,
    parse_duration,
)

__all__ = ["Seed", "SeedError", "load_seed", "parse_duration", "parse_seed"]

#: Used when a seed gives no article pattern: URLs that look like a dated or numbered story.
DEFAULT_ARTICLE_PATTERN = r"(/\d{4}/\d{2}/|[-_/]\d{5,}[a-z]?(\.html?)?$|\.html?$)"
DEFAULT_NEXT_PAGE = "a[rel~=next], link[rel~=next]"
DEFAULT_SCHEDULE = "0 * * * *"


@dataclass(frozen=True)
class Section:
    name: str
    url: str


@dataclass(frozen=True)
class LinkRules:
    """How the spider tells links apart on section and article pages."""

    article: str = DEFAULT_ARTICLE_PATTERN  # regex searched in absolute article URLs
    related: str | None = None  # CSS selector for related-story links; None: use the extractor's
    next_page: str = DEFAULT_NEXT_PAGE  # CSS selector for section pagination
    max_section_pages: int = 5
    max_sitemaps: int = 100  # child sitemaps of sitemap indexes read per crawl, newest first
    autodiscover: bool = True  # read feeds/sitemaps announced by robots.txt and rel=alternate
    max_links_per_page: int = DEFAULT_MAX_LINKS  # links read per section page; the rest counted
    # Seconds: child sitemaps whose lastmod is older than this are not read; None: all.
    sitemap_window: float | None = None
    max_images_per_page: int = DEFAULT_MAX_IMAGES  # images read per article page (fetched)


@dataclass(frozen=True)
class FetchRules:
    proxy: str | None = None  # send every request through this HTTP proxy (the demo site uses it)
    user_agent: str | None = None  # None: the project's USER_AGENT
    # The project's Scrapy settings are the defaults (crawler/settings.py).
    concurrency: int = defaults.CONCURRENT_REQUESTS_PER_DOMAIN
    download_delay: float | None = None  # None: see Seed.politeness
    obey_robots: bool = defaults.ROBOTSTXT_OBEY
    requisites: bool = True  # also archive an article's images and stylesheets
    autothrottle: bool | None = None  # None: see Seed.politeness
    # Page requisites on hosts outside allowed_domains (CDNs): only these hosts (and their
    # subdomains) when not empty, and at most this many such hosts per crawl.
    requisite_hosts: tuple[str, ...] = tuple(defaults.NEWSARCHIVER_REQUISITE_HOSTS)
    max_requisite_hosts: int = defaults.NEWSARCHIVER_REQUISITE_MAX_HOSTS
    # Processes extracting article pages: None is the project's NEWSARCHIVER_EXTRACT_WORKERS
    # (one per core), 1 extracts in the crawl process.
    extract_workers: int | None = None


@dataclass(frozen=True)
class RecrawlRules:
    """Incremental re-crawls: which archived articles are checked again, and how often."""

    # Defaults: the NEWSARCHIVER_RECRAWL_* settings (crawler/settings.py).
    enabled: bool = defaults.NEWSARCHIVER_RECRAWL_ENABLED
    window_days: float = defaults.NEWSARCHIVER_RECRAWL_WINDOW_DAYS  # stories of the last N days
    every_hours: float = defaults.NEWSARCHIVER_RECRAWL_EVERY_HOURS  # at most once per N hours
    old_every_seconds: float | None = defaults.NEWSARCHIVER_RECRAWL_OLD_EVERY_SECONDS  # older


@dataclass(frozen=True)
class Seed:
    path: Path
    name: str
    allowed_domains: tuple[str, ...]
    timezone: str
    language: str | None
    sections: tuple[Section, ...]
    schedule: str = DEFAULT_SCHEDULE
    timeout_seconds: float | None = None  # a crawl stops gracefully after this long
    follow_depth: int = 2
    links: LinkRules = field(default_factory=LinkRules)
    fetch: FetchRules = field(default_factory=FetchRules)
    extraction: ExtractionRules = field(default_factory=ExtractionRules)
    profile: bool = True  # [extract] profile: learn and use the site's profile
    recrawl: RecrawlRules = field(default_factory=RecrawlRules)
    feeds: tuple[str, ...] = ()  # RSS/Atom feed URLs named in the seed (crawler.discovery)
    sitemaps: tuple[str, ...] = ()  # sitemap / sitemap index URLs named in the seed

    def politeness(self) -> Politeness:
        """How hard this site's hosts may be pressed (``crawler.politeness``)."""
        fetch = self.fetch
        return Politeness.for_site(
            self.allowed_domains,
            concurrency=fetch.concurrency,
            download_delay=fetch.download_delay,
            autothrottle=fetch.autothrottle,
        )

    def site_links(self) -> SiteLinks:
        """The seed's link rules; story-shaped candidates only when the seed names no article
        pattern of its own."""
        guess = self.links.article == DEFAULT_ARTICLE_PATTERN
        return SiteLinks(self.allowed_domains, self.links.article, candidates=guess)

    def site_rules(self) -> SiteRules:
        """What extraction needs of this seed, as plain data (extraction imports no seed)."""
        sections = tuple((s.name, s.url) for s in self.sections)
        links = self.links
        rules = replace(
            self.extraction,
            max_links=links.max_links_per_page,
            max_images=links.max_images_per_page,
        )
        return SiteRules(self.name, rules, sections)

    def section_for_url(self, url: str) -> str | None:
        """The seed section whose start URL is the longest prefix of ``url``."""
        return self.site_rules().section_for_url(url)


def parse_seed(data: dict[str, Any], path: Path) -> Seed:
    """Validate the parsed TOML of one seed file and build a ``Seed``."""
    top = Table(path, "", data)
    name = top.get("name", str, what="the site's short name, e.g. 'demo'")
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}", name):
        raise top.fail("name", f"must be letters, digits, '.', '_' or '-', got {name!r}")
    tz = top.get("timezone", str, what="an IANA timezone such as 'Europe/Berlin'")
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise top.fail("timezone", f"unknown IANA timezone {tz!r}") from None
    language = top.get("language", str, None, what="an ISO 639-1 code such as 'de'")
    if language is not None and not re.fullmatch(r"[a-z]{2}", language):
        raise top.fail("language", f"must be a two-letter ISO 639-1 code, got {language!r}")
    schedule, timeout = _parse_schedule(
        path, top, top.get("schedule", (str, dict), DEFAULT_SCHEDULE, what="a cron expression"), tz
    )
    follow_depth = top.get("follow_depth", int, 2, what="a whole number from 1 to 10")
    if not 1 <= follow_depth <= 10:
        raise top.fail("follow_depth", f"must be from 1 to 10, got {follow_depth}")

    raw_sections = top.get("sections", list, what="a list of [[sections]] with name and url")
    if not raw_sections:
        raise top.fail("sections", "must list at least one section")
    sections = []
    for i, raw in enumerate(raw_sections):
        t = Table(path, f"sections[{i}].", raw)
        sec_name = t.get("name", str, what="the section's display name")
        url = check_url(t, "url", t.get("url", str, what="the section page's URL"))
        t.finish()
        sections.append(Section(sec_name, url))

    hosts = {urlsplit(s.url).hostname or "" for s in sections}
    domains = top.get("allowed_domains", list, sorted(hosts), what="a list of host names")
    if not domains or not all(isinstance(d, str) and d and "/" not in d for d in domains):
        raise top.fail("allowed_domains", f"must be a non-empty list of host names, got {domains}")
    for s in sections:
        host = urlsplit(s.url).hostname or ""
        if not any(host == d or host.endswith("." + d) for d in domains):
            raise top.fail("allowed_domains", f"does not include the host of section {s.url!r}")

    links = _parse_links(path, top.get("links", dict, {}, what="a [links] table"))
    fetch = _parse_fetch(path, top.get("fetch", dict, {}, what="a [fetch] table"))
    extraction, profile = _parse_extract(
        path, top.get("extract", dict, {}, what="an [extract] table"), tz, language
    )
    recrawl = _parse_recrawl(path, top.get("recrawl", dict, {}, what="a [recrawl] table"))
    feeds = _parse_urls(top, "feeds", what="a list of RSS/Atom feed URLs")
    sitemaps = _parse_urls(top, "sitemaps", what="a list of sitemap URLs")
    top.finish()
    return Seed(
        path=path,
        name=name,
        allowed_domains=tuple(domains),
        timezone=tz,
        language=language,
        sections=tuple(sections),
        schedule=schedule,
        timeout_seconds=timeout,
        follow_depth=follow_depth,
        links=links,
        fetch=fetch,
        extraction=extraction,
        profile=profile,
        recrawl=recrawl,
        feeds=feeds,
        sitemaps=sitemaps,
    )


def _parse_urls(top: Table, key: str, *, what: str) -> tuple[str, ...]:
    """A list of absolute http(s) URLs such as ``feeds = [...]``; errors name the entry."""
    urls = top.get(key, list, [], what=what)
    for i, url in enumerate(urls):
        if not isinstance(url, str):
            raise top.fail(f"{key}[{i}]", f"must be a URL string, got {url!r}")
        check_url(top, f"{key}[{i}]", url)
    return tuple(dict.fromkeys(urls))


def _parse_schedule(
    path: Path, top: Table, value: str | dict[str, Any], tz: str
) -> tuple[str, float | None]:
    """``schedule = "CRON"`` or a ``[schedule]`` table with ``cron`` and ``timeout``."""
    if isinstance(value, str):
        return check_cron(top, "schedule", value, tz), None
    t = Table(path, "schedule.", value)
    cron = t.get("cron", str, DEFAULT_SCHEDULE, what="a cron expression")
    cron = check_cron(t, "cron", cron, tz)
    raw = t.get("timeout", str, None, what=DURATION_EXAMPLES)
    timeout = check_duration(t, "timeout", raw, minimum=1) if raw is not None else None
    t.finish()
    return cron, timeout


def _parse_recrawl(path: Path, data: dict[str, Any]) -> RecrawlRules:
    t = Table(path, "recrawl.", data)
    d = RecrawlRules()
    enabled = t.get("enabled", bool, d.enabled, what="true or false")
    window = float(t.get("window_days", (int, float), d.window_days, what="days, e.g. 3"))
    if window < 0:
        raise t.fail("window_days", f"must not be negative, got {window}")
    every = float(t.get("every_hours", (int, float), d.every_hours, what="hours, e.g. 1"))
    if every < 0:
        raise t.fail("every_hours", f"must not be negative, got {every}")
    raw = t.get("old_every", str, None, what=f"{DURATION_EXAMPLES}, or 'never'")
    old_every = None
    if raw is not None and raw.strip().lower() != "never":
        old_every = check_duration(t, "old_every", raw, minimum=0)
    t.finish()
    return RecrawlRules(enabled, window, every, old_every)


def _parse_links(path: Path, data: dict[str, Any]) -> LinkRules:
    t = Table(path, "links.", data)
    d = LinkRules()
    article = check_regex(t, "article", t.get("article", str, d.article, what="a regex"))
    related = t.get("related", str, None, what="a CSS selector")
    if related is not None:
        check_css(t, "related", related)
    next_page = check_css(t, "next_page", t.get("next_page", str, d.next_page, what="CSS"))
    max_pages = t.get("max_section_pages", int, d.max_section_pages, what="a whole number >= 1")
    if max_pages < 1:
        raise t.fail("max_section_pages", f"must be at least 1, got {max_pages}")
    max_sitemaps = t.get("max_sitemaps", int, d.max_sitemaps, what="a whole number >= 0")
    if max_sitemaps < 0:
        raise t.fail("max_sitemaps", f"must not be negative, got {max_sitemaps}")
    autodiscover = t.get("autodiscover", bool, d.autodiscover, what="true or false")
    max_links = t.get("max_links_per_page", int, d.max_links_per_page, what="a whole number >= 1")
    if max_links < 1:
        raise t.fail("max_links_per_page", f"must be at least 1, got {max_links}")
    max_images = t.get(
        "max_images_per_page", int, d.max_images_per_page, what="a whole number >= 1"
    )
    if max_images < 1:
        raise t.fail("max_images_per_page", f"must be at least 1, got {max_images}")
    raw = t.get("sitemap_window", str, None, what=f"{DURATION_EXAMPLES}, or 'all'")
    window = None
    if raw is not None and raw.strip().lower() != "all":
        window = check_duration(t, "sitemap_window", raw, minimum=1)
    t.finish()
    return LinkRules(
        article,
        related,
        next_page,
        max_pages,
        max_sitemaps,
        autodiscover,
        max_links,
        sitemap_window=window,
        max_images_per_page=max_images,
    )


def _parse_fetch(path: Path, data: dict[str, Any]) -> FetchRules:
    t = Table(path, "fetch.", data)
    proxy = t.get("proxy", str, None, what="an http:// proxy URL")
    if proxy is not None:
        check_url(t, "proxy", proxy, credentials=True)  # kept out of the archive
    ua = t.get("user_agent", str, None, what="a User-Agent string")
    d = FetchRules()
    conc = t.get("concurrency", int, d.concurrency, what="a whole number from 1 to 64")
    if not 1 <= conc <= 64:
        raise t.fail("concurrency", f"must be from 1 to 64, got {conc}")
    delay = t.get("download_delay", (int, float), None, what="seconds, e.g. 0.5")
    if delay is not None and delay < 0:
        raise t.fail("download_delay", f"must not be negative, got {delay}")
    robots = t.get("obey_robots", bool, d.obey_robots, what="true or false")
    requisites = t.get("requisites", bool, d.requisites, what="true or false")
    throttle = t.get("autothrottle", bool, None, what="true or false")
    hosts = t.get("requisite_hosts", list, list(d.requisite_hosts), what="a list of host names")
    if not all(isinstance(h, str) and h and "/" not in h and ":" not in h for h in hosts):
        raise t.fail("requisite_hosts", f"must be a list of host names, got {hosts}")
    max_hosts = t.get("max_requisite_hosts", int, d.max_requisite_hosts, what="a whole number")
    if max_hosts < 0:
        raise t.fail("max_requisite_hosts", f"must not be negative, got {max_hosts}")
    workers = t.get("extract_workers", int, None, what="a whole number from 1 to 64")
    if workers is not None and not 1 <= workers <= 64:
        raise t.fail("extract_workers", f"must be from 1 to 64, got {workers}")
    t.finish()
    delay = None if delay is None else float(delay)
    hosts = tuple(h.lower().rstrip(".") for h in hosts)
    return FetchRules(
        proxy, ua, conc, delay, robots, requisites, throttle, hosts, max_hosts, workers
    )


def _parse_extract(
    path: Path, data: dict[str, Any], tz: str, lang: str | None
) -> tuple[ExtractionRules, bool]:
    """The seed's selectors, and whether the crawl learns and uses the site's profile."""
    t = Table(path, "extract.", data)
    profile = t.get("profile", bool, True, what="true or false")
    selectors = {}
    for key in SELECTOR_FIELDS:
        value = t.get(key, str, None, what="a CSS selector")
        if value is not None:
            selectors[key] = check_css(t, key, value)
    t.finish()
    return ExtractionRules(timezone=tz, language=lang, selectors=selectors), profile


def load_seed(path: str | Path) -> Seed:
    """Read and validate one seed file; raises ``SeedError`` with a one-line message."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise SeedError(p, None, "no such seed file") from None
    except OSError as exc:
        raise SeedError(p, None, f"cannot read: {exc.strerror or exc}") from None
    return seed_from_toml(raw, p)


def seed_from_toml(raw: bytes, path: Path) -> Seed:
    """A seed from the bytes of its file; ``path`` names it (messages, settings, warcinfo).

    For a seed that travelled as text (a run on the distributed frontier): no file needed.
    """
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise SeedError(path, None, "is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise SeedError(path, None, f"is not valid TOML: {exc}") from None
    return parse_seed(data, path)
