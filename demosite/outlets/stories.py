"""The stories of a fixture outlet and their truth, made from one seeded description.

An outlet's pages are rendered from these records and its truth file is written from
the same records, so the truth is right by construction: whatever a template shows,
:func:`truth` says what an extractor should have read from it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo


@dataclass
class Picture:
    src: str  # absolute URL of the real image (never a lazy-load placeholder)
    caption: str  # without the credit
    credit: str


@dataclass
class Story:
    id: int
    index: int
    section_slug: str
    section: str
    topic: str  # the story's sub-topic (breadcrumb tail, kicker or tag)
    headline: str
    lead: str
    body: list[str]  # paragraphs exactly as an extractor should return them
    published: datetime  # aware, in the outlet's timezone
    modified: datetime | None
    authors: list[str]
    organization: bool  # the author is an organisation (JSON-LD @type Organization)
    pictures: list[Picture]
    place: str
    agency: str | None = None
    reach: str = "section"  # "section" | "feed" | "sitemap": where a crawler can find it
    related: list[int] = field(default_factory=list)  # ids shown in the related box(es)
    read_also: int | None = None  # id linked from an inline "read also" paragraph
    read_also_at: int = 2  # the paragraph index it is placed before
    path: str = ""
    url: str = ""
    topics: list[str] = field(default_factory=list)  # truth topics, set by the outlet
    variant: int = 0  # template variant (e.g. with or without JSON-LD)


@dataclass(frozen=True)
class StoryPlan:
    """What an outlet asks of the generator."""

    host: str
    timezone: str
    words: dict
    count: int
    first_id: int
    newest: datetime  # naive local time of the newest story
    step: timedelta
    feed_only: frozenset[int] = frozenset()  # indices reachable only through the feed
    sitemap_only: frozenset[int] = frozenset()  # indices reachable only through the sitemap
    organization: str | None = None  # organisation author for every 7th story
    read_also: bool = False


def _cap(text: str) -> str:
    """The first letter in title case: Georgian's upper case (Mtavruli) never starts a sentence."""
    return text[0].title() + text[1:]


def _slots(rng: random.Random, words: dict, topic: str) -> dict[str, str]:
    person = rng.choice(words["people"])
    org = rng.choice(words["orgs"])
    return {
        "place": rng.choice(words["places"]),
        "person": person,
        "person_cap": _cap(person),
        "org": org,
        "org_cap": _cap(org),
        "topic": topic,
    }


def make_stories(plan: StoryPlan) -> list[Story]:
    """``plan.count`` stories, newest first, with related picks among the listed ones."""
    tz = ZoneInfo(plan.timezone)
    words = plan.words
    slugs = list(words["sections"])
    stories: list[Story] = []
    for i in range(plan.count):
        rng = random.Random(f"{plan.host}-{i}")
        slug = slugs[i % len(slugs)]
        name, topics = words["sections"][slug]
        topic = topics[(i // len(slugs)) % len(topics)]
        ctx = _slots(rng, words, topic)
        local = plan.newest - plan.step * i - timedelta(minutes=rng.randint(0, 40))
        published = local.replace(second=0, microsecond=0, tzinfo=tz)
        modified = None
        if i % 3 == 1:
            modified = published + timedelta(hours=1, minutes=35 + rng.randint(0, 20))
        pool = rng.sample(words["sentences"], len(words["sentences"]))
        body = []
        for _ in range(rng.randint(4, 5)):
            take, pool = pool[: rng.randint(2, 3)], pool[3:]
            body.append(" ".join(s.format(**ctx) for s in take))
        organization = bool(plan.organization) and i % 7 == 3
        if organization:
            authors = [plan.organization]
        else:
            authors = rng.sample(words["authors"], 2 if i % 5 == 0 else 1)
        pictures = []
        for n in range(1, (2 if i % 3 == 0 else 1) + 1):
            caption = rng.choice(words["captions"]).format(**ctx)
            credit = f"{rng.choice(words['photographers'])}/{rng.choice(words['agencies'])}"
            pictures.append(Picture(f"http://{plan.host}/img/{plan.first_id + i}-{n}.jpg",
                                    caption, credit))  # fmt: skip
        reach = (
            "feed" if i in plan.feed_only else "sitemap" if i in plan.sitemap_only else "section"
        )
        stories.append(
            Story(
                id=plan.first_id + i,
                index=i,
                section_slug=slug,
                section=name,
                topic=topic,
                headline=_cap(rng.choice(words["headlines"]).format(**ctx)),
                lead=_cap(rng.choice(words["leads"]).format(**ctx)),
                body=body,
                published=published,
                modified=modified,
                authors=authors,
                organization=organization,
                pictures=pictures,
                place=ctx["place"],
                agency=rng.choice(words["agencies"]) if i % 4 == 1 else None,
                reach=reach,
                variant=i % 2,
            )
        )
    _pick_related(stories, plan.read_also)
    return stories


def _pick_related(stories: list[Story], read_also: bool) -> None:
    """Three stories of the same section that a section page lists (never feed-only ones)."""
    listed = [s for s in stories if s.reach == "section"]
    for s in stories:
        same = [o for o in listed if o.section_slug == s.section_slug and o.id != s.id]
        same.sort(key=lambda o: (abs(o.index - s.index), o.index))
        s.related = [o.id for o in same[:3]]
        if read_also and s.index % 2 == 0:
            other = [o for o in listed if o.section_slug != s.section_slug]
            s.read_also = other[s.index % len(other)].id
            s.read_also_at = min(2, len(s.body) - 1)


def truth(stories: list[Story]) -> list[dict]:
    """One truth row per story, in the shape the accuracy scorer reads."""
    by_id = {s.id: s for s in stories}
    rows = []
    for s in stories:
        related = [by_id[r].url for r in s.related]
        if s.read_also is not None:
            related.append(by_id[s.read_also].url)
        rows.append(
            {
                "url": s.url,
                "reach": s.reach,
                "headline": s.headline,
                "published": s.published.isoformat(),
                "modified": s.modified.isoformat() if s.modified else None,
                "authors": list(s.authors),
                "lead": s.lead,
                "body": "\n\n".join(s.body),
                "topics": list(s.topics),
                "images": [
                    {"src": p.src, "caption": p.caption, "credit": p.credit} for p in s.pictures
                ],
                "related": sorted(related),
            }
        )
    return rows
