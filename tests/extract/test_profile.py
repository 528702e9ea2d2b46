"""Site profiles: learned from an outlet's own pages, in no language.

The made-up outlet (:mod:`tests.extract.profile_site`) shows each template fault the
generic extractor makes on it, then the same page extracted with the profile its other
pages taught.
"""

from __future__ import annotations

import pickle

import orjson
import pytest

from bench.outlet_accuracy import FIXTURES
from crawler.extract.article import extract_article, extract_page
from crawler.extract.profile import PROFILE_VERSION, ProfileLearner, SiteProfile, learn_profile
from crawler.extract.profile.features import PageFeatures
from crawler.extract.profile.values import value_key
from crawler.seed import load_seed
from demosite.outlets import OUTLETS
from tests.extract.profile_site import WORDS, WRITERS, page, sentence, story_url


def _learned(pages: range = range(20), **kw: bool) -> SiteProfile:
    learner = ProfileLearner("ulat")
    for n in pages:
        _, features = extract_page(story_url(n), None, page(n, **kw), features=True)
        assert features is not None
        learner.add(features)
    return learner.profile()


def test_generic_extractor_keeps_the_template_faults_of_the_made_up_outlet() -> None:
    item = extract_article(story_url(5), None, page(5))
    assert "Reklamo" in (item.body or "")
    assert "Sumali sa aming lupon" in (item.body or "")
    assert [i.url for i in item.images] == ["http://ulat.test/static/default.jpg"]
    assert "Balita" in item.topics
    assert {r.url for r in item.related} == {story_url(k) for k in (90, 91, 92)}
    assert story_url(8) not in {r.url for r in item.related}


def test_profile_keeps_template_blocks_images_links_out_and_learns_the_label() -> None:
    profile = _learned()
    assert profile.usable and profile.pages == 20
    item = extract_article(story_url(5), None, page(5), profile=profile)
    body = item.body or ""
    assert "Reklamo" not in body and "Sumali sa aming lupon" not in body
    assert "Kuyaw lamang" not in body  # the read-also line is a related story, not text
    assert body.count("\n\n") == 3  # the four paragraphs of the story, nothing else
    assert item.images == []  # the default og:image is no photo of this story
    assert "Balita" not in item.topics  # a crumb on every page of the outlet
    assert [r.url for r in item.related] == [story_url(8)]
    assert item.extractor["profile_hash"] == profile.hash()
    assert [e["label"] for e in profile.labels] == ["Kuyaw lamang"]


def test_a_page_the_profile_was_not_learned_from_gets_it_too() -> None:
    profile = _learned(range(20))
    item = extract_article(story_url(33), None, page(33), profile=profile)
    assert "Reklamo" not in (item.body or "") and item.images == []


def test_a_story_photo_shown_elsewhere_on_every_page_is_still_the_story_image() -> None:
    # the og:image of story 1 is the same URL on every page, but on story 1's own page it is
    # not only there: it is also the story's figure
    profile = _learned()
    html = page(1).replace(
        b"<div class='article-body'>",
        b"<figure><img src='/static/default.jpg'><figcaption>Larawan</figcaption></figure>"
        b"<div class='article-body'>",
    )
    item = extract_article(story_url(1), None, html, profile=profile)
    assert [i.url for i in item.images] == ["http://ulat.test/static/default.jpg"]


def test_a_label_before_links_to_no_story_of_the_site_is_not_learned() -> None:
    # the same label before author pages (not stories the site's pages are) is a byline
    learner = ProfileLearner("ulat")
    for n in range(20):
        html = page(n, read_also=False).replace(
            b"<span>Ni Amihan Dela Cruz</span>",
            f"<p>Isinulat: <a href='/may-akda/{n % 4}/'>Amihan Dela Cruz {n % 4}</a></p>".encode(),
        )
        features = extract_page(story_url(n), None, html, features=True)[1]
        assert features is not None and features.labels
        learner.add(features)
    assert learner.profile().labels == ()


def test_values_the_outlet_gives_on_every_page_are_no_story_values() -> None:
    # story 7 states nothing of its own (no JSON-LD): the generic extractor takes the logo
    # <h1>, the site-wide description, keywords, author and og:image
    plain = extract_article(story_url(7), None, page(7, stock=True))
    assert plain.headline == "Ulat Kapuluan" and plain.authors == ["Ulat Kapuluan"]
    assert plain.lead == "Ang pinakabagong ulat mula sa buong kapuluan"
    assert {"ulat", "kapuluan"} <= set(plain.topics) and plain.images
    profile = _learned(stock=True)
    for n in (7, 34):  # a page it was learned from, and one it was not
        item = extract_article(story_url(n), None, page(n, stock=True), profile=profile)
        assert item.headline == sentence(n, 8)  # the next headline source: the story's <h1>
        assert item.lead is None and item.images == []
        assert item.topics == [WORDS[n % 7]]
        # the site-wide author went; the byline's place, learned where JSON-LD names the
        # writer, gives the story's
        assert item.authors == [WRITERS[n % 4]]
    # a page stating its own values keeps them
    item = extract_article(story_url(8), None, page(8, stock=True), profile=profile)
    assert item.lead == sentence(508, 14) and item.authors == [WRITERS[0]]


def test_a_related_box_in_no_known_words_or_classes_is_learned_and_read() -> None:
    def boxed(n: int) -> bytes:
        others = ((n + k) % 40 for k in (1, 2, 3))
        items = "".join(f"<li><a href='{story_url(k)}'>{sentence(k, 7)}</a></li>" for k in others)
        box = f"<div class='kaugnay'><h3>Basahin din</h3><ul>{items}</ul></div>"
        # and the next story, alone: another link on every page, but no list
        after = (n + 20) % 40
        box += f"<div class='sunod'><a href='{story_url(after)}'>{sentence(after, 7)}</a></div>"
        return page(n, stock=True).replace(b"<aside", box.encode() + b"<aside", 1)

    n = 7  # the generic extractor takes the "most read" list, every page's, for related
    plain = extract_article(story_url(n), None, boxed(n))
    assert {r.url for r in plain.related} == {story_url(k) for k in (90, 91, 92)}
    learner = ProfileLearner("ulat")
    for k in range(20):
        learner.add(extract_page(story_url(k), None, boxed(k), features=True)[1])
    profile = learner.profile()
    assert {e["where"] for e in profile.related} == {"div.kaugnay > ul > li > a"}
    item = extract_article(story_url(n), None, boxed(n), profile=profile)
    # the box's three stories, and the read-also line's (story 10, also in the box) once
    assert [r.url for r in item.related] == [story_url(k) for k in (10, 8, 9)]
    assert item.related[1].headline == sentence(8, 7)


def test_a_small_sections_name_as_the_first_h1_is_no_headline() -> None:
    # six sections of ten pages each: each name is the first <h1> on a sixth of the pages
    names = ("Balita", "Palakasan", "Negosyo", "Kultura", "Agham", "Opinyon")

    def sectioned(n: int) -> bytes:
        return page(n, stock=True).replace(
            b"<h1 class='logo'><a href='/'>Ulat Kapuluan</a></h1>",
            f"<h1 class='rubric'><a href='/s/{n % 6}/'>{names[n % 6]}</a></h1>".encode(),
        )

    n = 7  # no JSON-LD on this page
    assert extract_article(story_url(n), None, sectioned(n)).headline == names[n % 6]
    learner = ProfileLearner("ulat")
    for k in range(60):
        learner.add(extract_page(story_url(k), None, sectioned(k), features=True)[1])
    profile = learner.profile()
    assert {e["sample"] for e in profile.values if e["field"] == "headline"} == {
        f"headline | {name}" for name in names
    }
    item = extract_article(story_url(n), None, sectioned(n), profile=profile)
    assert item.headline == sentence(n, 8)


def test_a_lead_repeated_where_the_outlet_shows_its_leads_is_still_the_lead() -> None:
    # larisa's stories share a few leads (one on 8 of its 17 pages), each shown in the
    # subtitle where its JSON-LD pages show their description
    from bench.outlet_accuracy import outlet_items

    truth, items = outlet_items("larisa", profile=True)
    assert max(sum(r["lead"] == t["lead"] for t in truth) for r in truth) >= 8
    assert [i["lead"] for i in items] == [r["lead"] for r in truth]


def test_a_site_wide_description_gives_way_to_where_the_outlet_shows_its_leads() -> None:
    # ecovalle's pages without JSON-LD show their lead in a class no word list knows; their
    # meta description is the outlet's, the same on every page
    from bench.outlet_accuracy import outlet_items
    from demosite.outlets.ecovalle import SITE_DESCRIPTION

    truth, plain = outlet_items("ecovalle")
    assert {i["lead"] for i in plain[1::2]} == {SITE_DESCRIPTION}
    truth, items = outlet_items("ecovalle", profile=True)
    assert [i["lead"] for i in items] == [r["lead"] for r in truth]
    assert [i["headline"] for i in items] == [r["headline"] for r in truth]
    assert [i["body"] for i in items] == [i["body"] for i in plain]  # the lead stays out


def test_a_one_author_blog_keeps_its_author() -> None:
    def blog(n: int) -> bytes:
        html = page(n, stock=True).replace(b"content='Ulat Kapuluan'", b"content='Bayani Santos'")
        for writer in WRITERS:
            html = html.replace(writer.encode(), b"Bayani Santos")
        return html

    learner = ProfileLearner("blog")
    for n in range(20):
        learner.add(extract_page(story_url(n), None, blog(n), features=True)[1])
    profile = learner.profile()
    (entry,) = [e for e in profile.values if e["field"] == "authors"]
    assert entry["pages"] == 20 and entry["template"] is False
    assert entry["why"] == "named alone on most of its pages"
    item = extract_article(story_url(7), None, blog(7), profile=profile)
    assert item.authors == ["Bayani Santos"]


def test_an_author_is_the_templates_only_beside_other_authors_on_most_of_its_pages() -> None:
    def features(n: int, *names: str) -> PageFeatures:
        return PageFeatures(page=n, values={"authors": {value_key("authors", a) for a in names}})

    staff, outlet = ProfileLearner("small"), ProfileLearner("desk")
    for n in range(20):
        # a staff writer named alone on 12 of a small outlet's 20 pages, three others on the
        # rest; on another outlet a site-wide name beside every story's writer
        staff.add(features(n, "Staff Writer" if n < 12 else f"Writer {n % 3}"))
        outlet.add(features(n, "The Outlet", f"Writer {n % 3}"))
    (entry,) = staff.profile().values
    assert entry["pages"] == 12 and entry["template"] is False
    assert value_key("authors", "Staff Writer") not in staff.profile().index("values")
    (entry,) = outlet.profile().values
    assert entry["pages"] == 20 and entry["beside"] == 20 and "template" not in entry
    assert outlet.profile().index("values") == {value_key("authors", "The Outlet")}


def test_too_few_pages_learn_nothing_and_say_so() -> None:
    profile = _learned(range(4))
    assert profile.status == "too-small" and not profile.usable
    assert profile.blocks == () and profile.to_dict()["pages"] == 4
    plain = extract_article(story_url(5), None, page(5)).to_dict()
    item = extract_article(story_url(5), None, page(5), profile=profile).to_dict()
    assert item["extractor"].pop("profile_hash") == profile.hash()
    assert item == plain


def test_profile_file_round_trip_and_plain_data() -> None:
    profile = _learned()
    again = SiteProfile.from_dict(orjson.loads(profile.to_json()))
    assert again == profile and again.hash() == profile.hash()
    assert pickle.loads(pickle.dumps(profile)).hash() == profile.hash()
    item = extract_article(story_url(7), None, page(7), profile=again)
    assert item.to_dict() == extract_article(story_url(7), None, page(7), profile=profile).to_dict()
    with pytest.raises(ValueError, match="site profile"):
        SiteProfile.from_dict({"version": 999})
    with pytest.raises(ValueError, match="bad site profile"):
        SiteProfile.from_dict({"version": PROFILE_VERSION, "site": "x"})


def test_learner_memory_stays_bounded() -> None:
    learner = ProfileLearner("big", cap=500)
    for n in range(3000):  # every page its own blocks, as a story's paragraphs are
        learner.add(PageFeatures(page=n, blocks={n * 10 + i for i in range(5)} | {7}))
    assert len(learner.blocks) <= 500 and len(learner.samples) <= 500 + 10
    profile = learner.profile()
    assert [b["key"] for b in profile.blocks] == [f"{7:016x}"]  # on every page: kept


@pytest.mark.parametrize("name", sorted(OUTLETS))
def test_profile_off_gives_the_generic_items_byte_for_byte(name: str) -> None:
    """No profile: the items of ``extract_article`` as it was, also while features are
    collected; an empty learned profile changes nothing but the item's profile hash."""
    outlet = OUTLETS[name]()
    rules = load_seed(FIXTURES / name / "seed.toml").extraction
    empty = learn_profile(name, [PageFeatures() for _ in range(10)])
    assert empty.usable and empty.blocks == ()
    for row in outlet.truth()[:6]:
        resp = outlet.get(row["url"].removeprefix(outlet.base_url[:-1]))
        args = (row["url"], dict(resp.headers), resp.body, rules)
        plain = orjson.dumps(extract_article(*args).to_dict())
        with_features = extract_page(*args, features=True)[0]
        assert orjson.dumps(with_features.to_dict()) == plain
        assert b"profile_hash" not in plain
        item = extract_article(*args, profile=empty).to_dict()
        assert item["extractor"].pop("profile_hash") == empty.hash()
        assert orjson.dumps(item) == plain
