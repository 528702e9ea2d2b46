"""What the hold-out outlets share: template images and a section truth.

HOLD-OUTS: ``nichinichi`` (ja), ``nhipsong`` (vi), ``warta`` (id), ``pwani`` (sw),
``haemek`` (he), ``zagros`` (fa), ``dongan`` (zh-Hant) and ``malwa`` (hi) were written by
someone who had not read the extraction rules, and measured once before any rule changed
for them (BENCHMARKS.md, "Hold-out outlets").
Nobody may tune an extraction rule on them: they measure how the extractor generalises,
they are not training data.

Real outlets serve the same few template images on every page (the author's small
avatar, the site-wide default ``og:image``, a logo); these are served here as small
JPEGs so a crawler that fetches page requisites meets real images, not 404s.
"""

from __future__ import annotations

import re
from datetime import datetime

from demosite.jpeg import make_jpeg
from demosite.outlets.site import Outlet
from demosite.outlets.stories import truth


class HoldoutOutlet(Outlet):
    """A fixture outlet nobody may tune extraction rules on (see the module docstring)."""

    holdout = True

    def truth(self) -> list[dict]:
        """The shared truth rows plus the section each story is listed under."""
        rows = truth(self.stories)
        for row, s in zip(rows, self.stories, strict=True):
            row["section"] = s.section
        return rows

    def _render(self, path: str, query: dict) -> tuple[str, bytes, datetime | None] | None:
        if re.fullmatch(r"/static/[a-z0-9/_-]+\.(?:jpg|png)", path):
            return "image/jpeg", make_jpeg(f"{self.host}{path}", width=40, height=40), None
        return super()._render(path, query)


def section_share(truth_rows: list[dict], items: list[dict]) -> float:
    """Share of all truth articles whose item names the story's section exactly."""
    by_url = {i.get("url"): i for i in items}
    right = sum(
        1 for row in truth_rows if (by_url.get(row["url"]) or {}).get("section") == row["section"]
    )
    return right / len(truth_rows) if truth_rows else 0.0
