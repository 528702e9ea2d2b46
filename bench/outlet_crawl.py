"""Per-outlet, per-field accuracy of a FIRST CRAWL, the site profile off and on.

Each outlet (demosite/outlets) is served on loopback and crawled with the real CLI and its
five-field seed (``tests/fixtures/outlets/NAME/seed.toml``) into a fresh archive twice:
``crawl --no-profile`` (the generic extractor) and ``crawl`` (the profile the crawl learns
from its own pages, ``crawler.spiders.site_profile``). Fields are scored over every truth
article as ``tests/e2e/test_outlets.py`` scores them (one not found counts as wrong), plus
the hold-outs' section share. Unlike ``bench.outlet_accuracy`` (every page extracted alone)
this is what a user's first crawl gives.

Run: ``.venv/bin/python -m bench.outlet_crawl [NAME ...]`` (default: every outlet).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from demosite.outlets import HOLDOUTS, OUTLETS
from demosite.outlets.holdout import section_share
from demosite.outlets.score import FIELDS, score
from demosite.server import DemoSiteServer

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "outlets"
BIN = Path(sys.executable).parent


def crawl_items(name: str, archive: Path, profile: bool) -> list[dict]:
    """The items of one first crawl of outlet ``name`` into ``archive``."""
    with DemoSiteServer(OUTLETS[name](), port=0) as server:
        cmd = [str(BIN / "newsarchiver"), "crawl", str(FIXTURES / name / "seed.toml")]
        cmd += ["--archive", str(archive), "--proxy", server.proxy_url, "--no-progress"]
        proc = subprocess.run(
            cmd + ([] if profile else ["--no-profile"]), capture_output=True, text=True
        )
    if proc.returncode != 0:
        raise SystemExit(f"{name}: crawl failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return [
        json.loads(line)
        for path in sorted((archive / "items").glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]


def crawl_scores(name: str, profile: bool) -> dict[str, float]:
    truth = OUTLETS[name]().truth()
    with tempfile.TemporaryDirectory() as tmp:
        items = crawl_items(name, Path(tmp) / "archive", profile)
    got = score(truth, items, over_all=True)
    got["section"] = section_share(truth, items) if name in HOLDOUTS else float("nan")
    return got


def main() -> None:
    names = sys.argv[1:] or list(OUTLETS)
    cols = [*FIELDS, "body_f1", "section"]
    print("first crawl, five-field seed; each outlet: profile off, then on")
    print(f"{'outlet':<13}{'':<4}" + "".join(f"{c[:9]:>10}" for c in cols))
    for name in names:
        label = f"{name}†" if name in HOLDOUTS else name
        for profile in (False, True):
            got = crawl_scores(name, profile)
            row = "".join(f"{got[c]:>10.3f}" for c in cols)
            print(f"{label:<13}{'on' if profile else 'off':<4}{row}", flush=True)
    print("† hold-out, written before reading the rules: never tune a rule on it")


if __name__ == "__main__":
    main()
