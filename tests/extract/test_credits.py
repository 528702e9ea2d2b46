"""Caption/credit splitting, image de-duplication, agency and byline parsing."""

from __future__ import annotations

import pytest

from crawler.extract.agency import agency_from_line, agency_from_text
from crawler.extract.article import extract_article
from crawler.extract.authors import names_from_structured, parse_byline
from crawler.extract.credits import clean_credit, dedupe_images, split_caption
from crawler.items import Image
from tests.extract.story_pages import (
    DATED_URL,
    SLUG_URL,
    dated_story,
    en_page,
    slug_story,
)


@pytest.mark.parametrize(
    ("text", "caption", "credit"),
    [
        (
            "Gastgeber für den US-Gesandten: Kremlchef Putin.  - Foto: "
            "Sergei Ilnitsky/EPA Pool via AP/dpa",
            "Gastgeber für den US-Gesandten: Kremlchef Putin.",
            "Sergei Ilnitsky/EPA Pool via AP/dpa",
        ),
        ("Foto: Kay Nietfeld/dpa", None, "Kay Nietfeld/dpa"),
        ("Die Brücke © Max Müller", "Die Brücke", "Max Müller"),
        ("Die Brücke (c) Max Müller", "Die Brücke", "Max Müller"),
        ("Bild: picture alliance", None, "picture alliance"),
        (
            "Ein Diagramm - Quelle: Statistisches Bundesamt",
            "Ein Diagramm",
            "Statistisches Bundesamt",
        ),
        ("Leaders pose. - Photo: Jane Doe/AP", "Leaders pose.", "Jane Doe/AP"),
        ("Ein Schild (Foto: Anna Muster)", "Ein Schild", "Anna Muster"),
        ("Zitat: Das ist keine Quelle", "Zitat: Das ist keine Quelle", None),
        # conventions found on real outlets: more labels, brackets, "=", "＝"
        ("The King arrives (Picture: Getty)", "The King arrives", "Getty"),
        ("The ruins. Photograph: Jane Roe/Reuters", "The ruins.", "Jane Roe/Reuters"),
        ("In Shah Alam. — Picture by Jane Roe", "In Shah Alam.", "Jane Roe"),
        ("Image Credits: Strava", None, "Strava"),
        ("Credits: Supplied Image;", None, "Supplied Image"),
        ("Фото: Иван Петров, Коммерсантъ", None, "Иван Петров, Коммерсантъ"),
        ("당선인 모습. [사진 출처 = 연합뉴스]", "당선인 모습.", "연합뉴스"),
        ("인사하고 있다. [사진 = 김혜진 기자]", "인사하고 있다.", "김혜진 기자"),
        ("テレビで見る国民（ソウルで、３日）＝ＡＰ", "テレビで見る国民（ソウルで、３日）", "ＡＰ"),
        ("会見する社長＝山田太郎撮影", "会見する社長", "山田太郎"),
        ("評価検討会＝１３日午後１０時", "評価検討会＝１３日午後１０時", None),  # a time
        ("容疑者＝13日、東京で", "容疑者＝13日、東京で", None),  # a day and place
        ("Credits roll at the end", "Credits roll at the end", None),
        ("", None, None),
    ],
)
def test_split_caption(text: str, caption: str | None, credit: str | None) -> None:
    assert split_caption(text) == (caption, credit)


def test_clean_credit() -> None:
    assert clean_credit("Foto: X/dpa") == "X/dpa"
    assert (
        clean_credit("Sergei Ilnitsky/EPA Pool via AP/dpa") == "Sergei Ilnitsky/EPA Pool via AP/dpa"
    )
    assert clean_credit("  ") is None


def test_dedupe_images_by_url() -> None:
    images = [
        Image(url="http://x.test/1.jpg", caption="Eins"),
        Image(url="http://x.test/1.jpg#zoom", caption=None, credit="A/dpa", width=640),
        Image(url="http://x.test/3.jpg", caption="Eins", credit="C/dpa"),  # same caption, new photo
        Image(url="http://x.test/2.jpg", caption="Zwei", credit="B"),
        Image(url="http://x.test/2.jpg", caption="Zwei (Kopie)", credit="B"),
    ]
    out = dedupe_images(images)
    assert [(i.url, i.caption, i.credit, i.width) for i in out] == [
        ("http://x.test/1.jpg", "Eins", "A/dpa", 640),
        ("http://x.test/3.jpg", "Eins", "C/dpa", None),
        ("http://x.test/2.jpg", "Zwei", "B", None),
    ]


@pytest.mark.parametrize(
    ("text", "agency"),
    [
        ("@ dpa.de", "dpa"),
        ("Foto/Quelle: dts", "dts"),
        ("Quelle: Reuters", "Reuters"),
        ("(AFP)", "AFP"),
        ("Berlin (dpa) - Der Bundestag hat beschlossen.", "dpa"),
        ("Paris (AFP/dpa) - Text", "AFP/dpa"),
        ("(KNA) Die Bischöfe ...", "KNA"),
        ("Text ohne Agentur, auch nicht AP hier.", None),
    ],
)
def test_agency(text: str, agency: str | None) -> None:
    assert agency_from_text(text) == agency


def test_agency_line_only_matches_whole_lines() -> None:
    assert agency_from_line("epd") == "epd"
    assert agency_from_line("Die dpa meldet etwas.") is None


@pytest.mark.parametrize(
    ("byline", "names", "agency"),
    [
        ("Von Anna Schmidt und Jonas Weber", ["Anna Schmidt", "Jonas Weber"], None),
        ("By Mary Jones and Tom Brown", ["Mary Jones", "Tom Brown"], None),
        ("Von Anna Schmidt, dpa", ["Anna Schmidt"], "dpa"),
        ("Von Max Muster (AFP)", ["Max Muster"], "AFP"),
        (
            "Anna Schmidt, Jonas Weber und Eva Braun",
            ["Anna Schmidt", "Jonas Weber", "Eva Braun"],
            None,
        ),
        ("dpa", [], "dpa"),
        ("", [], None),
        # the names end where a part starts in lower case: the section list, a job title
        ("By Jane Roe, in News, Portugal, Business", ["Jane Roe"], None),
        ("By Jane Roe, staff writer", ["Jane Roe"], None),
    ],
)
def test_parse_byline(byline: str, names: list[str], agency: str | None) -> None:
    assert parse_byline(byline) == (names, agency)


def test_structured_authors() -> None:
    value = [
        {"@type": "Person", "name": "Anna Schmidt"},
        {"@type": "Organization", "name": "dpa"},
        "Jonas Weber",
    ]
    assert names_from_structured(value) == (["Anna Schmidt", "Jonas Weber"], "dpa")
    assert names_from_structured({"@type": "Person", "name": ["Eva Braun"]}) == (
        ["Eva Braun"],
        None,
    )


def test_amp_images_with_the_credit_beside_the_caption() -> None:
    fig = (
        "<figure><amp-img src='/img/1.jpg' width='1200' height='675' layout='responsive'>"
        "</amp-img><figcaption>Parents fill a meeting.</figcaption>"
        "<span class='attribution'>Ron Johnson/Journal Star</span></figure>"
    )
    item = extract_article(DATED_URL, None, dated_story(article_extra=fig))
    assert [(i.url, i.caption, i.credit) for i in item.images] == [
        ("http://x.test/img/1.jpg", "Parents fill a meeting.", "Ron Johnson/Journal Star")
    ]
    assert "Ron Johnson" not in (item.body or "")


def test_an_abbreviated_photo_label_splits_the_credit_off() -> None:
    assert split_caption("Ratusz w Toruniu. fot. Jan Nowak/PAP") == (
        "Ratusz w Toruniu.",
        "Jan Nowak/PAP",
    )
    assert split_caption("Fot. Jan Nowak/PAP") == (None, "Jan Nowak/PAP")


def test_photo_labels_of_other_languages_and_a_labelled_credit_beside_the_caption() -> None:
    assert split_caption("İzmir çevre yolu. (Fotoğraf: Emre Tazegül/AA)") == (
        "İzmir çevre yolu.",
        "Emre Tazegül/AA",
    )
    assert split_caption("Radnice v Brně. Snímek: Vít Šimánek") == (
        "Radnice v Brně.",
        "Vít Šimánek",
    )
    figure = (
        '<figure><img src="/p.jpg" alt=""><figcaption>The county courthouse.</figcaption>'
        "<small>Fotoğraf: Onur Çoban/DHA</small></figure>"
    )
    item = extract_article(SLUG_URL, None, slug_story(before=figure))
    assert [(i.caption, i.credit) for i in item.images] == [
        ("The county courthouse.", "Onur Çoban/DHA")
    ]


def test_credit_element_is_the_first_with_text_not_an_image_named_source() -> None:
    figure = (
        '<figure><img class="story-image__source" src="/p.jpg" alt="x">'
        '<figcaption class="caption"><span>The mayor at the opening</span>'
        '<span class="caption__credit">Jane Roe/Reuters</span></figcaption></figure>'
    )
    item = extract_article("https://x.test/a", None, en_page(top="<h1>Opening</h1>" + figure))
    assert [(i.caption, i.credit) for i in item.images] == [
        ("The mayor at the opening", "Jane Roe/Reuters")
    ]


def test_a_carousel_slide_with_a_lazy_loaded_image_and_a_camel_case_description() -> None:
    # a slider script's own data-* attribute holds the image, src only a placeholder;
    # the caption's class says Description in camelCase
    slides = "".join(
        f'<div class="Carousel-slide"><div class="CarouselSlide">'
        f'<div class="CarouselSlide-media"><img class="Image" alt="Image" '
        f'src="data:image/gif;base64,R0lGOD" data-flickity-lazyload="/photo/{n}.jpg"></div>'
        f'<div class="CarouselSlide-info"><span class="CarouselSlide-infoDescription">'
        f"<p>Slide {n} shows the board. (AP Photo/Jane Roe)</p></span></div></div></div>"
        for n in (1, 2)
    )
    item = extract_article(DATED_URL, None, dated_story(article_extra=slides))
    assert [(i.url, i.caption, i.credit) for i in item.images] == [
        (f"http://x.test/photo/{n}.jpg", f"Slide {n} shows the board.", "AP Photo/Jane Roe")
        for n in (1, 2)
    ]


def test_an_image_after_picture_sources_is_read_in_its_figure() -> None:
    # the HTML 4 parser leaves each <source> open, nesting the <img> below them: the
    # image's box is then out of reach of the climb from the image to its caption
    sources = "".join(
        f'<source media="(min-width: {w}px)" srcset="/p-{w}.jpg">' for w in (1024, 768, 600)
    )
    slide = (
        f'<div class="gallery-item"><div class="media"><picture>{sources}'
        '<img src="/p.jpg" alt=""></picture></div>'
        '<div class="gallery-caption">The courthouse at dusk. Photo: Jane Roe</div></div>'
    )
    item = extract_article(DATED_URL, None, dated_story(article_extra=slide * 1))
    assert [(i.url, i.caption, i.credit) for i in item.images] == [
        ("http://x.test/p.jpg", "The courthouse at dusk.", "Jane Roe")
    ]


def test_a_figcaption_beside_a_bare_figure_is_the_caption_not_a_badge_in_it() -> None:
    embed = (
        "<div class='image-embed'><div class='image-container'><figure><img src='/p.jpg' alt=''>"
        "<div class='count-label'><span class='label-text'>View 6 Images</span></div></figure>"
        "</div><figcaption><p class='caption-title'>The mayor at the opening"
        "<cite class='caption-credit'>(Image: Jane Roe/Reuters)</cite></p></figcaption></div>"
    )
    item = extract_article(DATED_URL, None, dated_story(article_extra=embed))
    assert [(i.caption, i.credit) for i in item.images] == [
        ("The mayor at the opening", "Jane Roe/Reuters")
    ]


def test_a_credit_element_before_the_caption_in_the_figcaption_is_cut_off_it() -> None:
    # the credit comes first inside the figcaption, labelled: the caption is what follows
    figure = (
        "<figure><img src='/p.jpg' alt=''><figcaption>"
        "<div class='image__copyright'>Photo: Jane Roe/Reuters</div>"
        "<div class='image__description'>The mayor at the opening</div></figcaption></figure>"
    )
    item = extract_article(DATED_URL, None, dated_story(article_extra=figure))
    assert [(i.caption, i.credit) for i in item.images] == [
        ("The mayor at the opening", "Jane Roe/Reuters")
    ]


def test_a_date_after_a_credit_element_is_no_caption() -> None:
    figure = (
        "<figure><img src='/p.jpg' alt=''><figcaption>"
        "<span class='image__credits'>Source: Jane Roe</span>"
        "<time datetime='2023-05-15'>15.05.2023</time></figcaption></figure>"
    )
    item = extract_article(DATED_URL, None, dated_story(article_extra=figure))
    assert [i.caption for i in item.images] == [None]  # not "15.05.2023"


def test_a_legend_beside_the_image_box_is_its_caption() -> None:
    box = (
        "<div class='wrapper-image'><div class='field--media'><div class='field__item'>"
        "<img class='img-fluid' src='/p.jpg' width='1100' height='733'></div></div>"
        "<span class='legend'>The mayor at the opening (AFP / Jane Roe)</span></div>"
    )
    item = extract_article(DATED_URL, None, dated_story(article_extra=box))
    assert [(i.caption, i.credit) for i in item.images] == [
        ("The mayor at the opening", "AFP / Jane Roe")
    ]


def test_credit_conventions_without_a_colon() -> None:
    # an agency in brackets at the end, a name and a photo agency after a slash
    assert split_caption("記者会見する首相（共同）") == ("記者会見する首相", "共同")
    assert split_caption("The mayor at the dam. (AFP)") == ("The mayor at the dam.", "AFP")
    assert split_caption("The mayor at the dam. Jane Doe / Getty Images") == (
        "The mayor at the dam.",
        "Jane Doe / Getty Images",
    )
    assert split_caption("The mayor at the dam. Justin L. Fowler/AP") == (
        "The mayor at the dam.",
        "Justin L. Fowler/AP",
    )
    # a label word before the credit after a bar
    assert split_caption("Il sindaco alla diga | Foto ANSA") == ("Il sindaco alla diga", "ANSA")
    assert clean_credit("Foto ANSA") == "ANSA"
    # a caption that only ends in brackets or names two things with a slash keeps them
    assert split_caption("The mayor (left) with the new dam") == (
        "The mayor (left) with the new dam",
        None,
    )
    assert split_caption("Dam opened in 2025. Before / after") == (
        "Dam opened in 2025. Before / after",
        None,
    )


def test_a_credit_label_in_its_own_element_is_no_part_of_the_credit() -> None:
    def images(caption: str) -> list[tuple[str | None, str | None]]:
        figure = f"<figure><img src='/a.jpg'><figcaption>{caption}</figcaption></figure>"
        page = en_page(top="<h1>Heat</h1>" + figure)
        return [(i.caption, i.credit) for i in extract_article(SLUG_URL, None, page).images]

    glued = "<span class='credit'><span>Foto</span><span>ANSA</span></span>"
    assert images(f"<span class='caption'>The dam.</span>{glued}") == [("The dam.", "ANSA")]
    # a credit element holding only its label names no credit
    alone = "<span class='caption'>The dam.</span> <span class='copyright'>Photo:</span>"
    assert images(alone) == [("The dam.", None)]
