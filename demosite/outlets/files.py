"""Write each outlet's five-field seed and truth file: ``python -m demosite.outlets.files DIR``.

The files are committed (``tests/fixtures/outlets/NAME/``) so a reader can see what is
asked of the extractor; a test regenerates them and fails when they drift from the
outlets' pages.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from demosite.outlets import OUTLETS, Outlet


def seed_toml(o: Outlet, proxy: str | None = None) -> str:
    """The five fields a new user writes (plus the proxy when crawling through the server)."""
    seed = o.seed()
    lines = [
        f"# {o.name}: five-field seed, as a new user would write it.",
        f'name = "{seed["name"]}"',
        f'timezone = "{seed["timezone"]}"',
        f'language = "{seed["language"]}"',
        f"allowed_domains = {json.dumps(seed['allowed_domains'])}",
    ]
    if proxy:
        lines += ["", "[fetch]", f'proxy = "{proxy}"']
    for sec in seed["sections"]:
        lines += ["", "[[sections]]", f"name = {json.dumps(sec['name'], ensure_ascii=False)}",
                  f'url = "{sec["url"]}"']  # fmt: skip
    return "\n".join(lines) + "\n"


def truth_json(o: Outlet) -> str:
    return json.dumps(o.truth(), ensure_ascii=False, indent=1) + "\n"


def write_all(root: Path) -> None:
    for name, cls in OUTLETS.items():
        o = cls()
        folder = root / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "seed.toml").write_text(seed_toml(o), encoding="utf-8")
        (folder / "truth.json").write_text(truth_json(o), encoding="utf-8")


if __name__ == "__main__":
    write_all(Path(sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/outlets"))
