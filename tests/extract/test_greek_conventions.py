"""Greek page conventions, each rule on a small page of its own: Greek bylines ("Γράφει ο",
"Γράφουν ο A και η B", "Του/Της", "Πηγή: ΑΠΕ-ΜΠΕ"), the update label "Ενημερώθηκε",
photo-credit labels ("Φωτ.:", "ΦΩΤΟ:") and the inline "ΔΙΑΒΑΣΤΕ ΕΠΙΣΗΣ:" paragraph.
"""

from __future__ import annotations

from crawler.extract.article import extract_article
from crawler.extract.authors import parse_byline
from crawler.extract.credits import split_caption
from crawler.extract.rules import ExtractionRules
from tests.extract.story_pages import TEXT

URL = "http://x.test/ellada/645123/to-symvoulio-apofasise"
EL = ExtractionRules(timezone="Europe/Athens", language="el")


def _page(meta: str, text: str = TEXT) -> bytes:
    return (
        f"<html lang='el'><body><article><h1>Το συμβούλιο αποφάσισε</h1>{meta}"
        f"<div class='text'>{text}</div></article></body></html>"
    ).encode()


def _in_text(block: str) -> bytes:
    """A page whose text has ``block`` after its first paragraph."""
    first, second = TEXT.split("</p>", 1)
    return _page("", f"{first}</p>{block}{second}")


def test_greek_bylines_words_articles_conjunction_and_source() -> None:
    assert parse_byline("Γράφει ο Νίκος Αλεξίου") == (["Νίκος Αλεξίου"], None)
    two = parse_byline("Γράφουν η Μαρία Κωνσταντίνου και η Σοφία Δημητρίου")[0]
    assert two == ["Μαρία Κωνσταντίνου", "Σοφία Δημητρίου"]
    assert parse_byline("Της Ελένης Γεωργίου Πηγή: ΑΠΕ-ΜΠΕ") == (["Ελένης Γεωργίου"], "ΑΠΕ-ΜΠΕ")


def test_a_greek_byline_line_without_a_class_is_the_author() -> None:
    meta = "<div>Γράφει η Κατερίνα Οικονόμου</div>"
    assert extract_article(URL, None, _page(meta), EL).authors == ["Κατερίνα Οικονόμου"]


def test_greek_update_label_gives_the_modified_date_not_the_published() -> None:
    meta = "<div>Τρίτη, 1/12/2026 13:38</div><div>Ενημερώθηκε: 1/12/2026 15:20</div>"
    item = extract_article(URL, None, _page(meta), EL)
    assert (item.published, item.modified) == (
        "2026-12-01T13:38:00+02:00",
        "2026-12-01T15:20:00+02:00",
    )


def test_greek_photo_credit_labels_are_split_from_the_caption() -> None:
    assert split_caption("Άποψη του δημαρχείου Φωτ.: Eurokinissi") == (
        "Άποψη του δημαρχείου",
        "Eurokinissi",
    )
    assert split_caption("Εργασίες στον δρόμο | ΦΩΤΟ: ΑΠΕ-ΜΠΕ/Στέλιος Μισινάς") == (
        "Εργασίες στον δρόμο",
        "ΑΠΕ-ΜΠΕ/Στέλιος Μισινάς",
    )


def test_an_inline_greek_read_also_paragraph_is_related_and_not_body() -> None:
    link = (
        '<p><strong>ΔΙΑΒΑΣΤΕ ΕΠΙΣΗΣ: <a href="/oikonomia/645121/nea-schedia">Νέα σχέδια για '
        "την Ενέργεια</a></strong></p>"
    )
    item = extract_article(URL, None, _in_text(link), EL)
    assert [r.url for r in item.related] == ["http://x.test/oikonomia/645121/nea-schedia"]
    assert "ΔΙΑΒΑΣΤΕ" not in item.body


def test_an_image_boxed_with_its_caption_in_a_plain_div_is_a_picture_of_the_story() -> None:
    box = (
        '<div class="inline-image"><img src="/img/2.jpg" alt=""><p class="img-caption">'
        "Εργασίες στον δρόμο | ΦΩΤΟ: Eurokinissi</p></div>"
    )
    item = extract_article(URL, None, _in_text(box), EL)
    assert [(i.url, i.caption, i.credit) for i in item.images] == [
        ("http://x.test/img/2.jpg", "Εργασίες στον δρόμο", "Eurokinissi")
    ]
    assert "Εργασίες" not in item.body
    # a linked card with a caption is a teaser, not a picture of the story
    card = box.replace(
        '<img src="/img/2.jpg" alt="">', '<a href="/other"><img src="/img/3.jpg"></a>'
    )
    item = extract_article(URL, None, _in_text(card), EL)
    assert "http://x.test/img/3.jpg" not in [i.url for i in item.images]
