"""The report's charts, drawn with matplotlib and inlined as SVG.

Why SVG text: the page must open without a network and stay small; inline SVG needs no
image files, scales, and keeps its labels searchable (``svg.fonttype = none``). The
hash salt and the empty date make the same figures give the same bytes. Labels from crawled
content are plain text: no mathtext, and a leading underscore (which matplotlib takes as
"leave out of the legend") is kept by :func:`_label`.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

_STYLE = {
    # Labels come from crawled pages (section names, topics): plain text, never mathtext
    # (a section named "$\\frac{$" made the whole report crash).
    "text.parse_math": False,
    "svg.fonttype": "none",
    "svg.hashsalt": "newsarchiver-report",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
_SIZE = (7.5, 2.6)


def _svg(fig: plt.Figure) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    text = buf.getvalue()
    return text[text.index("<svg") :]  # drop the XML prolog and DOCTYPE: inline in HTML


def _label(name: str) -> str:
    """A legend entry shown as written: matplotlib hides labels that start with ``_``."""
    return "\u200b" + name if name.startswith("_") else name


def lines(
    title: str,
    labels: Sequence[str],
    series: dict[str, Sequence[float | None]],
    *,
    percent: bool = False,
) -> str:
    """One line per series over ``labels`` (runs, in order)."""
    with plt.rc_context(_STYLE):
        fig, ax = plt.subplots(figsize=_SIZE)
        x = range(len(labels))
        for name, values in series.items():
            ys = [float("nan") if v is None else v for v in values]
            ax.plot(x, ys, marker="o", markersize=3, label=_label(name))
        ax.set_title(title, loc="left")
        ax.set_xticks(list(x), labels, rotation=30, ha="right")
        if percent:
            ax.set_ylim(-0.05, 1.05)
            ax.yaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
        return _svg(fig)


def bars(title: str, labels: Sequence[str], series: dict[str, Sequence[float]]) -> str:
    """Stacked bars over ``labels`` (days, sections)."""
    with plt.rc_context(_STYLE):
        fig, ax = plt.subplots(figsize=_SIZE)
        x = range(len(labels))
        bottom = [0.0] * len(labels)
        for name, values in series.items():
            ax.bar(x, values, bottom=bottom, label=_label(name))
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        ax.set_title(title, loc="left")
        ax.set_xticks(list(x), labels, rotation=30, ha="right")
        if len(series) > 1:
            ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
        return _svg(fig)
