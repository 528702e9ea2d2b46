"""A first hour without surprises on a fresh clone.

``newsarchiver: command not found`` right after ``make demo``; ``make test`` said "about 2.5
minutes" and not that it needs root for apt; no walkthrough for one's own site; ``make
clean`` deleted the demo archive without a word. The README's quick start and the Makefile
are checked here as a new user meets them (the seed of the walkthrough is validated too).
"""

from __future__ import annotations

import re
import subprocess

from tests.conftest import ROOT, newsarchiver

README = (ROOT / "README.md").read_text(encoding="utf-8")
QUICK = README[README.index("## Quick start") : README.index("## What an archive folder holds")]


def _make_n(target: str) -> str:
    proc = subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_the_quick_start_says_how_to_run_the_installed_command() -> None:
    assert ".venv/bin/newsarchiver status" in QUICK
    assert ". .venv/bin/activate" in QUICK
    assert "make demo" in QUICK and "next commands" in QUICK


def test_make_demo_prints_the_next_commands_to_try() -> None:
    out = _make_n("demo")
    assert ".venv/bin/newsarchiver status" in out and ".venv/bin/newsarchiver export" in out


def test_make_test_time_and_root_are_stated() -> None:
    assert "2.5 minutes" not in README
    assert re.search(r"`make test` takes about 14 minutes on 2 cores", QUICK)
    assert "needs\nroot" in QUICK or "needs root" in QUICK
    for package in ("redis-server", "PostgreSQL", "chromium", "node/npm"):
        assert package in QUICK, package


def test_make_clean_keeps_the_demo_archive() -> None:
    assert "archive-data" not in _make_n("clean")
    assert "keeps**\n`archive-data/`" in QUICK or "keeps** `archive-data/`" in QUICK


def test_the_add_your_own_site_walkthrough_works_as_written(tmp_path) -> None:
    walk = QUICK[QUICK.index("### Add your own site") :]
    for command in ("check-seed", "crawl seeds/mysite.toml", "status", "export", "schedule"):
        assert command in walk, command
    toml = re.search(r"```toml\n(.*?)```", walk, re.S)
    assert toml
    seed = tmp_path / "mysite.toml"
    seed.write_text("\n".join(ln[3:] for ln in toml[1].splitlines()), encoding="utf-8")
    proc = newsarchiver("check-seed", str(seed))
    assert proc.returncode == 0 and proc.stdout.startswith(f"ok: {seed}: site mysite"), proc
