"""``newsarchiver profile SITE``: what a stored site profile holds, or one error line."""

from __future__ import annotations

from pathlib import Path

from crawler.extract.profile import PROFILE_VERSION, PageFeatures, ProfileLearner
from crawler.extract.profile.describe import describe
from crawler.extract.profile.store import save_profile
from tests.conftest import newsarchiver
from tests.extract.test_profile import _learned


def test_profile_prints_what_was_learned_where_and_from_how_many_pages(tmp_path: Path) -> None:
    profile = _learned()
    save_profile(tmp_path / "state" / "profiles" / "ulat.json", profile)
    proc = newsarchiver("profile", "ulat", "--archive", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    head = f"site ulat: profile v{PROFILE_VERSION} {profile.hash()}, learned from 20 article pages"
    assert lines[1] == head
    assert "  100% of 20 pages  article > div.article-body > p.adv | Reklamo" in lines
    assert "  100% of 20 pages  meta og:image | http://ulat.test/static/default.jpg" in lines
    assert "  20 pages, 2 distinct URLs  article > div.who > img" in lines
    assert "  'Kuyaw lamang'  on 20 pages, 20 distinct links" in lines


def test_profile_of_too_small_a_site_says_so(tmp_path: Path) -> None:
    save_profile(tmp_path / "state" / "profiles" / "ulat.json", _learned(range(3)))
    proc = newsarchiver("profile", "ulat", "--archive", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert "too-small: learned from 3 article pages, needs 10" in proc.stdout


def test_profile_errors_are_one_line(tmp_path: Path) -> None:
    proc = newsarchiver("profile", "ulat", "--archive", str(tmp_path))
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: no profile of site 'ulat' in ")
    bad = tmp_path / "state" / "profiles" / "ulat.json"
    bad.parent.mkdir(parents=True)
    bad.write_text("{not json", encoding="utf-8")
    proc = newsarchiver("profile", "ulat", "--archive", str(tmp_path))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith(f"error: {bad}: ") and len(proc.stderr.splitlines()) == 1
    proc = newsarchiver("profile", "../etc", "--archive", str(tmp_path))
    assert proc.returncode == 2 and proc.stderr.strip() == "error: not a site name: '../etc'"


def test_profile_prints_the_values_given_on_many_pages_and_why_an_author_stays() -> None:
    lines = describe(_learned(stock=True))
    assert "  100% of 20 pages  headline | Ulat Kapuluan" in lines
    assert "  100% of 20 pages  topics | ulat" in lines
    assert (
        "  100% of 20 pages  authors | Ulat Kapuluan  (another author beside it on 13 pages, "
        "4 others)"
    ) in lines
    learner = ProfileLearner("blog")
    for n in range(12):  # one writer, named alone
        features = PageFeatures(page=n)
        features.add_values("authors", ["Ana"])
        learner.add(features)
    (line,) = [x for x in describe(learner.profile()) if "authors | " in x]
    assert line.endswith(": kept, named alone on most of its pages")
    assert any(x.startswith("related-story places") for x in describe(learner.profile()))
