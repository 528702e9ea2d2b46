"""General extraction rules for outlets in other languages and templates."""

from __future__ import annotations

import pytest

from crawler.extract.article import extract_article
from crawler.extract.authors import names_from_structured, parse_byline
from crawler.extract.credits import split_caption
from crawler.extract.dates.labels import is_date_line
from crawler.extract.dates.parse import parse_date
from crawler.extract.rules import ExtractionRules


@pytest.mark.parametrize(
    ("text", "tz", "want"),
    [
        ("Publié le 28 novembre 2025 à 09h15", "Europe/Paris", "2025-11-28T09:15:00+01:00"),
        ("1er décembre 2025 à 07h05", "Europe/Paris", "2025-12-01T07:05:00+01:00"),
        ("28 de noviembre de 2025 - 09:15", "Europe/Madrid", "2025-11-28T09:15:00+01:00"),
        ("28 novembre 2025 ore 23:40", "Europe/Rome", "2025-11-28T23:40:00+01:00"),
        ("vrijdag 28 november 2025, 18:54", "Europe/Amsterdam", "2025-11-28T18:54:00+01:00"),
        ("3 de março de 2025 às 14:30", "Europe/Lisbon", "2025-03-03T14:30:00+00:00"),
        # a UTC stamp late at night in New York is the evening before, local time
        ("2025-11-28T03:30:00Z", "America/New_York", "2025-11-27T22:30:00-05:00"),
    ],
)
def test_text_dates_in_several_languages_get_the_seed_timezone(text, tz, want) -> None:
    assert parse_date(text, tz) == want


def test_a_date_line_is_furniture_but_a_sentence_with_a_date_is_text() -> None:
    assert is_date_line("Publié le 28 novembre 2025 à 19h45, modifié le 28 novembre 2025")
    assert is_date_line("vrijdag 28 november 2025, 09:15")
    assert not is_date_line("Am 28. November 2025 beschloss der Stadtrat die neue Satzung.")


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("Par Claire Le Goff et Yann Kerbrat", ["Claire Le Goff", "Yann Kerbrat"]),
        ("Por Lucía Romero y Javier Morales", ["Lucía Romero", "Javier Morales"]),
        ("Di Giulia Bernasconi e Marco Colombo", ["Giulia Bernasconi", "Marco Colombo"]),
        ("Door Sanne de Vries en Ruben de Boer", ["Sanne de Vries", "Ruben de Boer"]),
        ("By Rebecca Lawson, Marcus Delgado and Eli Nguyen",
         ["Rebecca Lawson", "Marcus Delgado", "Eli Nguyen"]),
    ],
)  # fmt: skip
def test_bylines_in_several_languages_become_names(line: str, names: list[str]) -> None:
    assert parse_byline(line)[0] == names


def test_an_organization_author_is_an_author_unless_it_is_an_agency() -> None:
    board = {"@type": "Organization", "name": "Ledger Editorial Board"}
    assert names_from_structured([board]) == (["Ledger Editorial Board"], None)
    assert names_from_structured({"@type": "Organization", "name": "dpa"}) == ([], "dpa")


@pytest.mark.parametrize(
    ("text", "caption", "credit"),
    [
        ("City Hall. Photo by Jessica Hill/AP", "City Hall.", "Jessica Hill/AP"),
        ("City Hall. (AP Photo/Jessica Hill)", "City Hall.", "AP Photo/Jessica Hill"),
        ("Het stadhuis. (Jilmer Postma/ANP)", "Het stadhuis.", "Jilmer Postma/ANP"),
        ("El ayuntamiento de Sevilla. | EFE", "El ayuntamiento de Sevilla.", "EFE"),
        ("L'hôtel de ville. Photo : Fred Tanneau/AFP", "L'hôtel de ville.", "Fred Tanneau/AFP"),
        ("Crowds gather. Credit: Ned Gerard", "Crowds gather.", "Ned Gerard"),
        ("Blick auf Köln. - Foto: Oliver Berg/dpa", "Blick auf Köln.", "Oliver Berg/dpa"),
        ("A town (population 2,000) by the lake.", "A town (population 2,000) by the lake.", None),
    ],
)
def test_credit_conventions_are_split_off_the_caption(text, caption, credit) -> None:
    assert split_caption(text) == (caption, credit)


PAGE = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>T</title></head>
<body><nav aria-label="Fil d'Ariane"><a href="/">Accueil</a> › <a href="/politique/">Politique</a>
› <a href="/politique/budget/">Budget</a></nav>
<article><h1>Le budget est voté</h1><p class="chapo">Le conseil a tranché mardi soir.</p>
<p class="signature">Par Claire Le Goff et Yann Kerbrat</p>
<p class="dates">Publié le 28 novembre 2025 à 09h15, modifié le 28 novembre 2025 à 11h02</p>
<div class="foto"><img src="/static/blank.gif" data-src="/img/1.jpg" alt="La salle du conseil.">
<figcaption>La salle du conseil.</figcaption><span class="credit">Fred Tanneau/AFP</span></div>
<div class="corps"><p>Le conseil municipal a adopté le budget par 31 voix contre 12 mardi.</p>
<p class="lire-aussi"><strong>À lire aussi :</strong> <a href="/politique/x_123456">Le maire
répond</a></p><p>La séance a duré plus de quatre heures et s'est achevée tard dans la nuit.</p>
</div></article>
<section><h2>Sur le même sujet</h2><ul><li><a href="/politique/a_111111">Un</a></li>
<li><a href="/politique/b_222222">Deux</a></li></ul></section></body></html>"""


def test_a_french_regional_page_with_a_five_field_seed_gives_every_field() -> None:
    rules = ExtractionRules(timezone="Europe/Paris", language="fr")
    item = extract_article("http://fr.test/politique/budget_999999", None, PAGE.encode(), rules)
    assert item.published == "2025-11-28T09:15:00+01:00"
    assert item.modified == "2025-11-28T11:02:00+01:00"
    assert item.authors == ["Claire Le Goff", "Yann Kerbrat"]
    assert item.lead == "Le conseil a tranché mardi soir."
    assert item.topics == ["Politique", "Budget"]
    assert [(i.url, i.caption, i.credit) for i in item.images] == [
        ("http://fr.test/img/1.jpg", "La salle du conseil.", "Fred Tanneau/AFP")
    ]
    assert {r.url for r in item.related} == {
        "http://fr.test/politique/a_111111",
        "http://fr.test/politique/b_222222",
        "http://fr.test/politique/x_123456",
    }
    assert item.body == (
        "Le conseil municipal a adopté le budget par 31 voix contre 12 mardi.\n\n"
        "La séance a duré plus de quatre heures et s'est achevée tard dans la nuit."
    )
