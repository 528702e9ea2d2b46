"""Per-outlet, per-field extraction accuracy on the fixture outlets (demosite/outlets).

Every article page of every outlet is rendered in process and extracted with the rules of
the outlet's five-field seed (``tests/fixtures/outlets/NAME/seed.toml``), so this measures
extraction alone; the outlet tests crawl the same outlets with the real CLI and also
measure which articles the crawl finds.

Run: ``.venv/bin/python -m bench.outlet_accuracy [FIELD]`` (with a field: the misses).
"""

from __future__ import annotations

import sys
from pathlib import Path

from crawler.extract.article import extract_article, extract_page
from crawler.extract.profile import ProfileLearner
from crawler.seed import load_seed
from demosite.outlets import HOLDOUTS, OUTLETS, UNSEEN
from demosite.outlets.score import FIELDS, misses, score

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "outlets"


def outlet_items(name: str, profile: bool = False) -> tuple[list[dict], list[dict]]:
    """(truth rows, extracted items) of one outlet, every article extracted once; with
    ``profile``, extracted again with the site profile learned from those pages."""
    outlet = OUTLETS[name]()
    rules = load_seed(FIXTURES / name / "seed.toml").extraction
    truth = outlet.truth()
    pages = []
    for row in truth:
        resp = outlet.get(row["url"].removeprefix(outlet.base_url[:-1]))
        pages.append((row["url"], dict(resp.headers), resp.body))
    learner = ProfileLearner(name)
    items = []
    for url, headers, body in pages:
        item, features = extract_page(url, headers, body, rules, features=profile)
        items.append(item.to_dict())
        if features is not None:
            learner.add(features)
    if profile:
        learned = learner.profile()
        items = [extract_article(u, h, b, rules, learned).to_dict() for u, h, b in pages]
    return truth, items


def outlet_scores(profile: bool = False) -> dict[str, dict[str, float]]:
    out = {}
    for name in OUTLETS:
        truth, items = outlet_items(name, profile)
        out[name] = score(truth, items)
    return out


def print_table(
    scores: dict[str, dict[str, float]], public_f1: float | None = None, title: str = ""
) -> None:
    cols = [f for f in FIELDS if f != "found"] + ["body_f1"]
    head = "".join(f"{c[:9]:>10}" for c in cols)
    print("fixture outlets (extraction only, every article page, five-field seeds)" + title)
    print(f"{'outlet':<11}{head}")
    for name, s in scores.items():
        label = f"{name}*" if name in UNSEEN else f"{name}†" if name in HOLDOUTS else name
        print(f"{label:<11}" + "".join(f"{s[c]:>10.3f}" for c in cols))
    mean = {c: sum(s[c] for s in scores.values()) / len(scores) for c in cols}
    print(f"{'mean':<11}" + "".join(f"{mean[c]:>10.3f}" for c in cols))
    print("* written after the rules they are judged with (demosite/outlets/__init__.py)")
    print("† hold-out, written before reading the rules: never tune a rule on it")
    if public_f1 is not None:
        print(f"{'public':<11}{'':>60}{public_f1:>10.3f}  (benchmark body F1)")


def main() -> None:
    if len(sys.argv) > 1:
        field = sys.argv[1]
        for name in OUTLETS if len(sys.argv) < 3 else sys.argv[2:]:
            truth, items = outlet_items(name)
            for url, got, want in misses(truth, items, field)[:3]:
                print(f"{name} {url}\n  got:  {got!r}\n  want: {want!r}")
        return
    print_table(outlet_scores())


if __name__ == "__main__":
    main()
