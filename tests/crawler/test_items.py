"""ArticleItem.to_dict: the same plain dict dataclasses.asdict gives, without sharing state."""

from __future__ import annotations

from dataclasses import asdict

from crawler.items import ArticleItem, Image, RelatedStory


def _item() -> ArticleItem:
    return ArticleItem(
        url="https://news.demo.test/politik/a-1.html",
        headline="Kabinett beschließt Haushalt",
        authors=["Anna Beispiel"],
        topics=["Politik", "Haushalt"],
        images=[Image(url="https://news.demo.test/img/1.jpg", caption="Bild", credit="dpa")],
        related=[RelatedStory(url="https://news.demo.test/b.html", headline="B")],
        extractor={"version": "0.2.0", "rules_hash": "abc"},
        warc={"file": "x.warc.gz", "offset": 1, "revisit_of": {"url": "u", "offset": 0}},
        discovery={"via": "section", "from_url": None, "depth": 1},
    )


def test_to_dict_equals_asdict() -> None:
    item = _item()
    assert item.to_dict() == asdict(item)
    assert item.to_dict()["images"][0] == {
        "url": "https://news.demo.test/img/1.jpg",
        "caption": "Bild",
        "credit": "dpa",
        "width": None,
        "height": None,
    }


def test_to_dict_containers_are_copies() -> None:
    item = _item()
    record = item.to_dict()
    record["authors"].append("X")
    record["warc"]["revisit_of"]["offset"] = 99
    record["images"][0]["caption"] = "changed"
    assert item.authors == ["Anna Beispiel"]
    assert item.warc is not None and item.warc["revisit_of"]["offset"] == 0
    assert item.images[0].caption == "Bild"
    assert ArticleItem.from_dict(item.to_dict()) == item
