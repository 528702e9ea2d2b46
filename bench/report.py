"""Formatting of the benchmark table and of the profile summary."""

from __future__ import annotations

import pstats
from pathlib import Path

from bench.crawl import CrawlResult
from bench.warc import WarcResult


def crawl_table(results: list[CrawlResult]) -> str:
    """One row per crawler: pages, wall s, pages/s, CPU s, peak RSS."""
    head = f"{'crawler':<14}{'pages':>8}{'wall s':>9}{'pages/s':>9}{'CPU s':>8}{'RSS MB':>8}  note"
    rows = [head, "-" * len(head)]
    for r in results:
        rows.append(
            f"{r.name:<14}{r.pages:>8}{r.run.wall:>9.1f}{r.rate:>9.1f}{r.run.cpu:>8.1f}"
            f"{r.run.maxrss_mb:>8.0f}  {r.note}{' TIMED OUT' if r.run.timed_out else ''}"
        )
    return "\n".join(rows)


def ratio_line(label: str, value: float, goal: float, *, at_most: bool = False) -> str:
    """``label  value  (goal >= / <= x: met|NOT met)``."""
    met = value <= goal if at_most else value >= goal
    sign = "<=" if at_most else ">="
    return f"{label:<40}{value:>8.2f}  (goal {sign} {goal:g}: {'met' if met else 'NOT met'})"


def scale_table(rows: list[tuple[int, CrawlResult]]) -> str:
    """Peak RSS of the full pipeline per site size: of its largest process, and summed over
    the crawl process and its extraction workers."""
    head = f"{'articles':>9}{'pages':>8}{'wall s':>9}{'pages/s':>9}{'RSS MB':>8}{'all MB':>8}"
    lines = [head + "  note"]
    for articles, r in rows:
        lines.append(
            f"{articles:>9}{r.pages:>8}{r.run.wall:>9.1f}{r.rate:>9.1f}{r.run.maxrss_mb:>8.0f}"
            f"{r.run.tree_rss_mb:>8.0f}  {r.note}{' TIMED OUT' if r.run.timed_out else ''}"
        )
    return "\n".join(lines)


def warc_lines(w: WarcResult) -> str:
    """WARC writer against the zlib floor."""
    return (
        f"{w.mb:.0f} MB of bodies: write_exchange {w.writer_mbs:.1f} MB/s, "
        f"zlib level 9 floor {w.floor_mbs:.1f} MB/s\n"
        + ratio_line("write_exchange / zlib floor", w.ratio, 0.8)
    )


def profile_summary(prof: Path, top: int = 15) -> str:
    """Top functions by own time, and by cumulative time below the event-loop drivers.

    Entries whose cumulative time exceeds half the total (click, the reactor, the asyncio
    loop) say nothing about where the time goes, so the cumulative list starts below them.
    """
    stats = pstats.Stats(str(prof))
    stats.strip_dirs()
    total = max(v[3] for v in stats.stats.values())  # type: ignore[attr-defined]
    rows = sorted(stats.stats.items(), key=lambda kv: kv[1][3], reverse=True)  # type: ignore[attr-defined]
    cum = [(f, v) for f, v in rows if v[3] < 0.5 * total][:top]
    own = sorted(stats.stats.items(), key=lambda kv: kv[1][2], reverse=True)[:top]  # type: ignore[attr-defined]
    out = [f"total {total:.1f} s; by cumulative (below the drivers):"]
    out += [f"  {v[3]:7.2f} s cum {v[2]:6.2f} s own  {_name(f)}" for f, v in cum]
    out.append("by own time:")
    out += [f"  {v[2]:7.2f} s own {v[3]:6.2f} s cum  {_name(f)}" for f, v in own]
    return "\n".join(out)


def _name(func: tuple[str, int, str]) -> str:
    filename, line, name = func
    return f"{filename}:{line}({name})"
