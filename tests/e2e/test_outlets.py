"""The fixture outlets, crawled with the real CLI and a five-field seed each.

Each test serves one outlet (demosite/outlets) on loopback, crawls it through the
server as HTTP proxy with ``tests/fixtures/outlets/NAME/seed.toml`` and scores the items
against the outlet's truth file, field by field (``demosite.outlets.score``).

Every field is scored over all of the outlet's articles (an article the crawl did not
find counts as wrong), so better discovery can only raise the figures.
``FLOORS`` are the figures the extractor and crawler truly reach today, per outlet and
field (the goal is 1.0 found and >= 0.95 for every field, body exact >= 0.90); a change
that lowers one fails here, a change that raises one should raise its floor. Discovery
(crawler/discovery: feeds, sitemaps, pagination without rel=next) now finds every article
of every outlet, so ``found`` is 1.00 everywhere, and every other field of the nine
outlets measured 1.00 in two fresh crawls (2026-12-02), so their floors are 1.00; the
hold-out ``norrland`` is at what it measured. ``vecernik`` and ``ege`` were written
before their author read the extraction rules; their first figures are in the comment
beside their floors and in BENCHMARKS.md, as are those of ``alfoldi`` (hu), written
after the rules had been tuned on those two, and ``larisa`` (el), written after alfoldi's
fixes. The hold-outs' floors are their first measurement (BENCHMARKS.md, "Hold-out
outlets" and the two sections after it). A page without a date of its own takes
its feed's or sitemap's date whatever the crawl met first
(``crawler.spiders.listed_dates``). ``EXTRACT_FLOORS`` hold the extraction alone, every
article page of the outlet extracted with its seed's rules.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from demosite.outlets import OUTLETS
from demosite.outlets.holdout import section_share
from demosite.outlets.score import FIELDS, score
from demosite.server import DemoSiteServer
from tests.conftest import newsarchiver

FIXTURES = Path(__file__).parents[1] / "fixtures" / "outlets"

# fmt: off
FLOORS: dict[str, tuple[float, ...]] = {
    # FIELDS:    found head  pub   mod   auth  lead  body  topic image capt  cred  related
    "rundschau": (1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00),
    "ledger":    (1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00),
    "courrier":  (1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00),
    "diario":    (1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00),
    "gazzetta":  (1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00),
    "noorder":   (1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00),
    # written after the rules (see demosite/outlets/__init__.py); before the fixes they
    # measured folha body/related .48, credits .66, authors .77; kurier authors .50,
    # body/topics/credits/related 0; dispatch body/topics/captions/credits/related 0
    "folha":     (1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00),
    "kurier":    (1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00),
    "dispatch":  (1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00),
    # the hold-out, written after those fixes: it measured authors 0.79 with no rule
    # changed for it ("Name/TT": TT was no known agency), 1.00 once agencies were added
    "norrland":  (1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00),
    # slug-only story URLs and "Load more" by ?offset=N: found 0.00 (every field 0) before
    # story-shaped links were candidates (crawler.discovery.links) and offsets were followed,
    # 0.80 with candidates alone (the stories after "Load more" are in no feed or sitemap)
    "bulletin":  (1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00),
    # cs and tr, written before reading the extractor's rules; they measured first
    # vecernik found 0.37 (body, topics, related 0); ege modified 0.81, authors 0.52,
    # body, topics, credits, related 0. 1.00 with the general rules they led to
    "vecernik":  (1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00),
    "ege":       (1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00),
    # hu (headless Ghost + Next.js), written after the rules were tuned on vecernik and
    # ege; it measured first published 0.50 (crawled 0.83 with feed dates), modified
    # 0.83, authors 0.50, related 0.50; 1.00 with the general rules it led to
    "alfoldi":   (1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00),
    # el (a custom Greek news CMS), written after the alfoldi fixes; it measured first
    # modified 0.82, authors 0.59, body 0.47, images and captions 0.65, credits 0,
    # related 0.47; 1.00 with Greek words (byline, update, credit, read-also labels) and
    # an image boxed with its caption in a plain div taken as a picture of the story
    "larisa":    (1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00),
    # es, a training outlet for the site profile (demosite/outlets/ecovalle.py): a first
    # crawl learns its profile; the generic extractor alone gives headline .50, lead .50,
    # topics 0, images .67 (a logo <h1>, a site-wide description, keywords and og:image)
    "ecovalle":  (1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00),
    # HOLD-OUTS (``holdout = True``, demosite/outlets/holdout.py): written before their
    # author read the extraction rules, floors at their first measurement (BENCHMARKS.md,
    # "Hold-out outlets"). NEVER tune an extraction rule on them: a rule may raise these
    # figures only as a side effect of a general change judged on other pages.
    # ja, a national daily, measured 2026-12-07 at a0f48dd
    "nichinichi": (1.00, 1.00, 1.00, 1.00, .523, 1.00, 0.00, 0.00, 1.00, .619, .619, 0.00),
    # vi, a national news portal, measured 2026-12-07 at b11843b
    "nhipsong":  (1.00, 1.00, 1.00, .681, .590, 1.00, 0.00, 0.00, .636, 0.00, 0.00, 0.00),
    # id, a regional portal (Makassar), measured 2026-12-07 at b2d5715
    "warta":     (1.00, 1.00, 1.00, 1.00, 0.50, 1.00, 0.00, 0.00, 0.50, 0.60, 0.60, 0.50),
    # sw, a coastal regional portal on Joomla 3 + K2, measured 2026-12-07 at 720b750
    "pwani":     (1.00, .350, 1.00, .650, .600, .650, 0.00, 0.00, .650, 0.00, 0.00, 0.00),
    # he, a regional site on a Nuxt front end, measured 2026-12-07 at 720b750: found .500
    # (the legacy half, og:type website behind opaque story URLs, is skipped as no article)
    "haemek":    (.500, .500, .500, .500, .500, .500, 0.00, 0.00, .500, .318, 0.00, 0.00),
    # fa, a provincial site on an Iranian news CMS (Solar Hijri dates only in the text),
    # measured 2026-12-07 at b58ba33: found .500 (the legacy half, no og:type, is skipped)
    "zagros":    (.500, .500, .500, .500, .500, .500, 0.00, 0.00, .500, .500, 0.00, 0.00),
    # zh-Hant, a Taiwanese daily on ASP.NET Web Forms, measured 2026-12-07 at b58ba33:
    # found 0 (feed, sitemap and lists fetched, no /news/SECTION/NNNN.aspx story requested)
    "dongan":    (0.00, 0.00, 0.00, 0.00, 0.00, 0.00, 0.00, 0.00, 0.00, 0.00, 0.00, 0.00),
    # hi, a Blogger site (label sections, robots.txt disallows /search), measured
    # 2026-12-07 at b58ba33
    "malwa":     (1.00, 1.00, 1.00, .800, .450, .500, 0.00, 1.00, 1.00, 0.00, 0.00, 0.00),
    # ca, a Sabadell paper on TYPO3 + tx_news (cHash-checked list pages), measured
    # 2026-12-08 at 0d8bc2d
    "pregoner":  (1.00, .523, 1.00, .809, 1.00, 1.00, 0.00, 0.00, 1.00, .809, 1.00, .476),
    # ka, a Kutaisi site on 1C-Bitrix (?PAGEN_1=N), measured 2026-12-08 at 0d8bc2d: found
    # .500 (the old news.detail template's half, no og:, is not kept)
    "moambe":    (.500, .500, .500, .500, .050, .450, 0.00, .150, .300, .300, 0.00, .050),
    # km (no spaces between words), a Hugo + PaperMod site, measured 2026-12-08 at 0d8bc2d
    "tonlesap":  (1.00, 1.00, 1.00, .800, .500, 1.00, .200, .650, .500, .300, 0.00, .500),
}
#: Hold-outs: floors of body token F1 and of the section (the seed section the story is
#: listed under), which move where an exact-body floor of 0.00 cannot fail.
HOLDOUT_FLOORS: dict[str, dict[str, float]] = {
    # section .523 at a0f48dd, 1.00 since 0fcc553 (section from the crawl and the seed, a
    # general change that landed before nichinichi did)
    "nichinichi": {"body_f1": .672, "section": 1.00},
    "nhipsong": {"body_f1": .934, "section": 1.00},
    "warta": {"body_f1": .848, "section": 1.00},
    "pwani": {"body_f1": .928, "section": 1.00},
    "haemek": {"body_f1": .456, "section": .500},
    "zagros": {"body_f1": .482, "section": .500},
    "dongan": {"body_f1": 0.00, "section": 0.00},
    "malwa": {"body_f1": .882, "section": .550},
    "pregoner": {"body_f1": .950, "section": 1.00},
    "moambe": {"body_f1": .460, "section": .500},
    "tonlesap": {"body_f1": .950, "section": 1.00},
}
#: Hold-outs whose listings alone (feeds and sitemaps off) first found only this share of
#: their listed stories (nhipsong: the "/thoi-su-p2" pages behind a "›" link, 9 of 20;
#: haemek: every page followed, but its legacy half is skipped as no article, 10 of 20;
#: zagros likewise: its 9 new-skin stories, 9 of 18 in every run since a story-shaped page
#: is judged whichever link reached it (10 to 12 before, legacy stories a related box
#: reached first kept unjudged); dongan: no .aspx story
#: requested, 0 of 19; malwa: two of its three label pages refused by robots.txt, no
#: "पुरानी पोस्ट" page followed, 6 of 18 in four runs; pregoner: 13 of 19 and moambe: 7 of
#: 18, the same stories in two runs at 0d8bc2d).
LISTING_FLOORS: dict[str, float] = {
    "nhipsong": 0.45, "haemek": 0.50, "zagros": 0.50, "dongan": 0.00, "malwa": .333,
    "pregoner": .684, "moambe": .388,
}
#: Hold-outs whose first crawl also kept these pages, no stories, as items (malwa: the
#: blog's static contact page).
KNOWN_EXTRA: dict[str, set[str]] = {"malwa": {"http://www.malwasamachar.test/p/contact.html"}}
# fmt: on
#: Extraction alone, per outlet and field (FIELDS without "found"): the crawl's floors.
EXTRACT_FLOORS = {n: dict(zip(FIELDS[1:], f[1:], strict=True)) for n, f in FLOORS.items()}
# malwa's crawl takes the legacy half's date from its feed or sitemap entry; the page alone
# (the date header "सोमवार, 7 दिसंबर 2026" and "6:30 pm" apart) gave .500 at b58ba33
EXTRACT_FLOORS["malwa"]["published"] = 0.50
# moambe's and tonlesap's crawls learn a site profile from their pages (the crawl's default);
# each page extracted alone, profile off, gave these at 0d8bc2d: the crawl also takes
# tonlesap's old layout's dates from its feed or sitemap entry
EXTRACT_FLOORS["moambe"]["topics"] = 0.00
EXTRACT_FLOORS["tonlesap"].update(headline=0.50, published=0.50, body=0.00, topics=0.00)
# ecovalle's pages read alone, with no profile, keep its template's values (the crawl learns
# its profile first): measured with demosite/outlets/ecovalle.py as written
EXTRACT_FLOORS["ecovalle"].update(headline=0.50, lead=0.50, topics=0.00, images=0.66)


def crawl_items(name: str, archive: Path) -> list[dict]:
    with DemoSiteServer(OUTLETS[name](), port=0) as server:
        proc = newsarchiver(
            "crawl", str(FIXTURES / name / "seed.toml"), "--archive", str(archive),
            "--proxy", server.proxy_url, "--no-progress",
        )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return [
        json.loads(line)
        for path in sorted((archive / "items").glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]


@pytest.mark.parametrize("name", list(OUTLETS))
def test_outlet_crawled_with_a_five_field_seed_reaches_its_measured_accuracy(
    name: str, tmp_path: Path
) -> None:
    truth = json.loads((FIXTURES / name / "truth.json").read_text(encoding="utf-8"))
    items = crawl_items(name, tmp_path / "archive")
    # no false positives: a topic, author or series page linked like a story is no item
    extra = {i["url"] for i in items} - {t["url"] for t in truth} - KNOWN_EXTRA.get(name, set())
    assert not extra, f"{name}: items that are no story of the outlet: {sorted(extra)}"
    got = score(truth, items, over_all=True)
    below = {
        field: (round(got[field], 3), floor)
        for field, floor in zip(FIELDS, FLOORS[name], strict=True)
        if got[field] < floor
    }
    assert not below, f"{name}: fields below their floor (got, floor): {below}"
    if name in HOLDOUT_FLOORS:
        got["section"] = section_share(truth, items)
        low = {f: (round(got[f], 3), v) for f, v in HOLDOUT_FLOORS[name].items() if got[f] < v}
        assert not low, f"{name} (hold-out): below its first measurement (got, floor): {low}"


@pytest.mark.parametrize("name", list(OUTLETS))
def test_every_article_page_of_the_outlet_extracts_each_field_right(name: str) -> None:
    from bench.outlet_accuracy import outlet_items

    got = score(*outlet_items(name))
    floors = EXTRACT_FLOORS[name]
    below = {f: (round(got[f], 3), floor) for f, floor in floors.items() if got[f] < floor}
    assert not below, f"{name}: fields below their floor (got, floor): {below}"


@pytest.mark.parametrize("name", list(OUTLETS))
def test_listings_alone_find_every_story_an_outlet_lists_on_its_sections(
    name: str, tmp_path: Path
) -> None:
    """Pagination, not the feeds: every outlet's stories are also in its feed or sitemap,
    so ``found`` above would not see a listing page the crawl failed to follow. With feeds
    and sitemaps off, the section pages and their pagination must reach every listed story
    (the outlets put the rest in the feed or sitemap only). With crawler/discovery/
    pagination.py as it was at e933eb7 this fails for norrland, vecernik and larisa; a
    page word alone (the query words of 43d3a21) is not what it catches, since a known
    "next" label also reaches those pages."""
    seed_text = (FIXTURES / name / "seed.toml").read_text(encoding="utf-8")
    assert "[links]" not in seed_text  # a five-field seed
    seed = tmp_path / "seed.toml"
    seed.write_text(seed_text + "\n[links]\nautodiscover = false\n", encoding="utf-8")
    outlet = OUTLETS[name]()
    listed = {s.url for s in outlet.stories if s.reach == "section"}
    assert listed, f"{name} lists no story on its sections"
    with DemoSiteServer(outlet, port=0) as server:
        proc = newsarchiver(
            "crawl", str(seed), "--archive", str(tmp_path / "archive"),
            "--proxy", server.proxy_url, "--no-progress",
        )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    found = {
        json.loads(line)["url"]
        for path in (tmp_path / "archive" / "items").glob("*.jsonl")
        for line in path.read_text(encoding="utf-8").splitlines()
    }
    if name in LISTING_FLOORS:  # a hold-out: at least what it first measured
        share = len(listed & found) / len(listed)
        assert share >= LISTING_FLOORS[name], f"{name} (hold-out): listings found {share:.3f}"
        return
    assert not listed - found, f"{name}: listed but not found: {sorted(listed - found)}"
