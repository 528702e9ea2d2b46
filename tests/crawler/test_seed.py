"""Seed files: the demo seed loads; every malformed seed stops with one line naming the field."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from crawler.seed import Seed, SeedError, load_seed

ROOT = Path(__file__).resolve().parents[2]

GOOD = """
name = "example"
timezone = "Europe/Berlin"
language = "de"
schedule = "*/15 * * * *"

[[sections]]
name = "Politik"
url = "https://www.example.org/politik/"
"""


SCHED = 'schedule = "*/15 * * * *"\n'
TABLE = '[schedule]\ncron = "*/15 * * * *"\n{}\n'


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "site.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_demo_seed_loads_with_its_sections_and_rules() -> None:
    seed = load_seed(ROOT / "seeds" / "demo.toml")
    assert seed.name == "demo"
    assert [s.name for s in seed.sections] == ["Politik", "Ausland", "Boerse", "Sport", "World"]
    assert seed.allowed_domains == ("news.demo.test",)
    assert seed.timezone == "Europe/Berlin"
    assert seed.extraction.timezone == "Europe/Berlin"
    assert seed.extraction.selectors["headline"] == "h1.headline"
    assert len(seed.extraction.hash()) == 16
    assert seed.section_for_url("http://news.demo.test/sport/2025/12/x-1.html") == "Sport"


def test_minimal_seed_gets_generic_defaults(tmp_path: Path) -> None:
    seed = load_seed(write(tmp_path, GOOD))
    assert seed.allowed_domains == ("www.example.org",)
    assert seed.follow_depth == 2
    assert seed.links.related is None
    assert seed.fetch.obey_robots is True
    assert seed.extraction.selectors == {}


def test_schedule_table_timeout_and_old_every(tmp_path: Path) -> None:
    seed = load_seed(write(tmp_path, GOOD))
    assert seed.schedule == "*/15 * * * *" and seed.timeout_seconds is None
    assert seed.recrawl.old_every_seconds is None  # default: never
    text = GOOD.replace(SCHED, TABLE.format('timeout = "1h30m"'))
    seed = load_seed(write(tmp_path, text + '\n[recrawl]\nold_every = "7d"\n'))
    assert seed.schedule == "*/15 * * * *" and seed.timeout_seconds == 5400
    assert seed.recrawl.old_every_seconds == 7 * 86400
    seed = load_seed(write(tmp_path, GOOD + '\n[recrawl]\nold_every = "never"\n'))
    assert seed.recrawl.old_every_seconds is None


@pytest.mark.parametrize(
    ("text", "field", "words"),
    [
        (GOOD.replace('name = "example"\n', ""), "name", "is required"),
        (GOOD.replace("Europe/Berlin", "Europe/Atlantis"), "timezone", "unknown IANA timezone"),
        (GOOD.replace("*/15 * * * *", "every day"), "schedule", "not a valid cron expression"),
        (GOOD.replace("https://www.example.org/politik/", "politik"), "sections[0].url", "URL"),
        (GOOD.replace('language = "de"', 'language = "german"'), "language", "two-letter"),
        ("follow_depth = 0\n" + GOOD, "follow_depth", "from 1 to 10"),
        ("follow_dept = 3\n" + GOOD, "follow_dept", "unknown field"),
        (GOOD + '\n[links]\narticle = "(unclosed"\n', "links.article", "regular expression"),
        (GOOD + '\n[extract]\nheadline = "h1[["\n', "extract.headline", "CSS selector"),
        (GOOD + "\n[fetch]\nconcurrency = true\n", "fetch.concurrency", "whole number"),
        (GOOD + "\n[fetch]\nextract_workers = 0\n", "fetch.extract_workers", "from 1 to 64"),
        (GOOD + '\n[fetch]\nextract_workers = "2"\n', "fetch.extract_workers", "whole number"),
        (GOOD + '\n[fetch]\nproxy = "http://127.0.0.1:99999"\n', "fetch.proxy", "bad port"),
        (GOOD + '\n[fetch]\nproxy = "socks5://h:1"\n', "fetch.proxy", "http(s) URL"),
        ('allowed_domains = ["other.org"]\n' + GOOD, "allowed_domains", "does not include"),
        (GOOD.replace("[[sections]]", "[[nosections]]"), "sections", "is required"),
        (GOOD.replace(SCHED, TABLE.format('timeout = "soon"')), "schedule.timeout", "duration"),
        (GOOD.replace(SCHED, TABLE.format('timeout = "0s"')), "schedule.timeout", "at least 1"),
        (GOOD.replace(SCHED, TABLE.format("timeout = 30")), "schedule.timeout", "duration"),
        (GOOD.replace(SCHED, TABLE.format('crn = "x"')), "schedule.crn", "unknown field"),
        (GOOD.replace(SCHED, '[schedule]\ncron = "61 * * * *"\n'), "schedule.cron", "cron"),
        (GOOD + '\n[recrawl]\nold_every = "weekly"\n', "recrawl.old_every", "duration"),
    ],
)
def test_malformed_seed_names_file_field_and_problem(
    tmp_path: Path, text: str, field: str, words: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(SeedError) as err:
        load_seed(path)
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: field '{field}': ")
    assert words in message


def test_unparseable_and_missing_files(tmp_path: Path) -> None:
    with pytest.raises(SeedError, match=r"is not valid TOML"):
        load_seed(write(tmp_path, 'name = "x'))
    with pytest.raises(SeedError, match=r"no such seed file"):
        load_seed(tmp_path / "absent.toml")
    bad = tmp_path / "latin1.toml"
    bad.write_bytes('name = "M\xfcnchen"'.encode("latin-1"))
    with pytest.raises(SeedError, match=r"not UTF-8"):
        load_seed(bad)


def test_cli_reports_a_bad_seed_in_one_line_with_exit_code_2(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("Europe/Berlin", "Mars/Olympus"))
    proc = subprocess.run(
        [sys.executable, "-m", "crawler.cli", "crawl", str(path), "--archive", str(tmp_path / "a")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        f"error: {path}: field 'timezone': unknown IANA timezone 'Mars/Olympus'"
    ]
    assert not (tmp_path / "a").exists()


def test_cli_reports_a_bad_cron_in_one_line(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("*/15 * * * *", "*/15 * * *"))
    for args in (["crawl", str(path), "--archive", str(tmp_path / "a")], ["check-seed", str(path)]):
        proc = subprocess.run(
            [sys.executable, "-m", "crawler.cli", *args],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert proc.returncode == 2
        (line,) = proc.stderr.strip().splitlines()
        assert line.startswith(f"error: {path}: field 'schedule': is not a valid cron expression")
    assert not (tmp_path / "a").exists()


def test_real_sites_get_the_polite_defaults_local_ones_none_and_the_seed_decides_last(
    tmp_path: Path,
) -> None:
    from crawler import settings

    def politeness(seed: Seed) -> tuple[float, bool]:
        return seed.politeness().delay, seed.politeness().autothrottle

    public = load_seed(write(tmp_path, GOOD))
    assert politeness(public) == (settings.DOWNLOAD_DELAY, True) == (1.0, True)
    assert politeness(load_seed(ROOT / "seeds" / "demo.toml")) == (0.0, False)  # news.demo.test
    for hosts in ('["127.0.0.1"]', '["site.test", "cdn.localhost"]'):
        local = GOOD.replace("https://www.example.org/", "http://site.test/")
        local = f"allowed_domains = {hosts}\n" + local.replace("site.test", hosts.split('"')[1])
        assert politeness(load_seed(write(tmp_path, local))) == (0.0, False), hosts
    mixed = f'allowed_domains = ["example.org", "site.test"]\n{GOOD}'
    assert politeness(load_seed(write(tmp_path, mixed))) == (1.0, True)
    fast = GOOD + "\n[fetch]\ndownload_delay = 0.25\nautothrottle = false\n"
    assert politeness(load_seed(write(tmp_path, fast))) == (0.25, False)
    with pytest.raises(SeedError, match="fetch.autothrottle"):
        load_seed(write(tmp_path, GOOD + "\n[fetch]\nautothrottle = 1\n"))


def test_extract_workers_default_to_the_project_setting_and_the_seed_can_set_them(
    tmp_path: Path,
) -> None:
    from crawler import settings
    from crawler.addon import seed_settings

    default = load_seed(write(tmp_path, GOOD))
    assert default.fetch.extract_workers is None
    assert "NEWSARCHIVER_EXTRACT_WORKERS" not in seed_settings(default)
    assert settings.NEWSARCHIVER_EXTRACT_WORKERS == 0  # one per core
    one = load_seed(write(tmp_path, GOOD + "\n[fetch]\nextract_workers = 1\n"))
    assert seed_settings(one)["NEWSARCHIVER_EXTRACT_WORKERS"] == 1
