"""The crawl health report as one self-contained HTML page (inline CSS and SVG, no script,
no network): what a person opens to see at a glance whether each outlet is still captured
and extracted well.
"""

from __future__ import annotations

from html import escape

from archive.report import plots
from archive.report.build import Report, SiteReport
from archive.report.fields import FIELDS

_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:72em;color:#222}
h1{font-size:1.6em}h2{border-bottom:2px solid #ddd;margin-top:2em}h3{margin-top:1.5em}
table{border-collapse:collapse;margin:.5em 0}td,th{padding:.2em .6em;border-bottom:1px solid #eee;
text-align:right}th:first-child,td:first-child{text-align:left}.warn{background:#fff0f0;
border-left:4px solid #c00;padding:.5em 1em}.ok{background:#f0fff0;border-left:4px solid #080;
padding:.5em 1em}.low{color:#c00;font-weight:600}small{color:#666}svg{max-width:100%;height:auto}
"""


def render_html(report: Report) -> str:
    """The whole page for ``report``."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<title>newsarchiver crawl health report</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>Crawl health report</h1>",
        f"<p><small>Archive <code>{escape(str(report.archive))}</code>, made "
        f"{escape(report.generated.isoformat(timespec='seconds'))}"
        + (f", last {report.days} days" if report.days else "")
        + f"; drift margin {report.margin:.0%}.</small></p>",
        _drift_box(report),
    ]
    if not report.sites:
        parts.append("<p>No crawl in this archive yet (no item logs, no run log).</p>")
    for site in report.sites:
        parts.append(_site(site))
    parts.append(_field_legend())
    parts.append("</body></html>")
    return "\n".join(parts)


def _drift_box(report: Report) -> str:
    drifts = report.drifts
    if not drifts:
        return '<p class="ok">No field lost its fill rate in the latest runs.</p>'
    items = []
    for d in drifts:
        examples = "".join(f"<li><code>{escape(u)}</code></li>" for u in d.examples)
        items.append(f"<li>{escape(d.line())}<ul>{examples}</ul></li>")
    return f'<div class="warn"><b>Extraction drift</b><ul>{"".join(items)}</ul></div>'


def _site(site: SiteReport) -> str:
    out = [f'<h2 id="site-{escape(site.site)}">{escape(site.site)}</h2>']
    out.append(_runs(site))
    out.append(_extraction(site))
    out.append(_stories(site))
    out.append(_archive(site))
    return "\n".join(out)


def _runs(site: SiteReport) -> str:
    rows = site.run_rows()
    out = ["<h3>Runs</h3>"]
    if not rows:
        return out[0] + "<p>No run in the run log.</p>"
    median = site.median_seconds
    out.append(f"<p>{len(rows)} runs; median crawl {median:.1f} s.</p>" if median else "")
    labels = [row["started"][5:16].replace("T", " ") for row in rows]
    series = {
        "pages": [row["pages"] or 0 for row in rows],
        "new stories": [row["new_stories"] for row in rows],
        "new versions": [row["new_versions"] for row in rows],
        "errors": [row["errors"] or 0 for row in rows],
    }
    out.append(plots.lines("Pages, new stories and versions, errors per run", labels, series))
    head = "<tr><th>started</th><th>outcome</th><th>s</th><th>pages</th><th>items</th>"
    head += "<th>new stories</th><th>new versions</th>"
    out.append(f"<table>{head}<th>errors by kind</th><th>message</th></tr>")
    for row in rows:
        kinds = ", ".join(f"{k} {v}" for k, v in row["errors_by_kind"].items()) or "-"
        seconds = f"{row['seconds']:.1f}" if row["seconds"] is not None else "-"
        out.append(
            f"<tr><td>{escape(row['started'][:19])}</td><td>{escape(row['outcome'])}</td>"
            f"<td>{seconds}</td><td>{row['pages'] or 0}</td><td>{row['items'] or 0}</td>"
            f"<td>{_count(row['new_stories'])}</td><td>{_count(row['new_versions'])}</td>"
            f"<td>{escape(kinds)}</td><td>{escape(row['message'] or '')}</td></tr>"
        )
    out.append("</table>")
    return "\n".join(out)


def _count(value: int | None) -> str:
    return "-" if value is None else str(value)


def _extraction(site: SiteReport) -> str:
    runs = site.item_runs
    out = ["<h3>Extraction health</h3>"]
    if not runs:
        return out[0] + "<p>No item log.</p>"
    labels = [r.started.strftime("%m-%d %H:%M") for r in runs]
    series = {name: [r.fields[name].rate for r in runs] for name in FIELDS}
    out.append(plots.lines("Fill rate per field and run", labels, series, percent=True))
    latest = runs[-1]
    out.append(
        f"<p>Latest run {escape(latest.started.isoformat())}: {latest.items} items, median body "
        f"{latest.median_body} characters. Fill rate per section:</p>"
    )
    head = "".join(f"<th>{escape(name)}</th>" for name in FIELDS)
    out.append(f"<table><tr><th>section</th><th>items</th>{head}</tr>")
    for section, counts in sorted(latest.by_section.items()):
        cells = "".join(_rate_cell(counts[name].rate) for name in FIELDS)
        total = counts[next(iter(FIELDS))].total
        out.append(f"<tr><td>{escape(section)}</td><td>{total}</td>{cells}</tr>")
    out.append("</table>")
    return "\n".join(out)


def _rate_cell(rate: float | None) -> str:
    if rate is None:
        return "<td>-</td>"
    css = ' class="low"' if rate < 0.5 else ""
    return f"<td{css}>{rate:.0%}</td>"


def _stories(site: SiteReport) -> str:
    out = ["<h3>Stories</h3>"]
    days = sorted(site.stories_per_day().items())[-60:]
    sections = site.stories_per_section().most_common(20)
    for title, counts in (("Stories per publication day", days), ("Stories per section", sections)):
        if counts:
            out.append(
                plots.bars(title, [k for k, _ in counts], {"stories": [n for _, n in counts]})
            )
    return "\n".join(out)


def _archive(site: SiteReport) -> str:
    cap = site.captures
    out = ["<h3>Archive</h3>"]
    if not cap.records_per_day:
        return out[0] + "<p>No capture of this site in the CDXJ index (run newsarchiver index).</p>"
    days = sorted(cap.bytes_per_day)
    out.append(
        plots.bars(
            "WARC bytes per capture day", days, {"bytes": [cap.bytes_per_day[d] for d in days]}
        )
    )
    share = cap.revisit_share or 0.0
    out.append(
        f"<p>{cap.full_records} full records ({cap.full_bytes:,} bytes), {cap.revisit_records} "
        f"revisit records ({cap.revisit_bytes:,} bytes): {share:.0%} of the indexed captures "
        "were stored as revisits instead of a second copy. <small>304 answers are not in the "
        "index and not counted here.</small></p>"
    )
    out.append("<table><tr><th>largest captures</th><th>bytes</th><th>time</th></tr>")
    for length, url, ts in cap.largest:
        out.append(f"<tr><td><code>{escape(url)}</code></td><td>{length:,}</td><td>{ts}</td></tr>")
    out.append("</table>")
    return "\n".join(out)


def _field_legend() -> str:
    rows = "".join(
        f"<tr><td>{escape(name)}</td><td style='text-align:left'>{escape(meaning)}</td></tr>"
        for name, (_, meaning) in FIELDS.items()
    )
    head = "<tr><th>field</th><th>filled when an item has</th></tr>"
    return f"<h2>What the fields mean</h2><table>{head}{rows}</table>"
