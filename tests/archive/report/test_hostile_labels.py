"""Labels from crawled content are plain text in the report.

A section named ``$\\frac{$`` made matplotlib parse mathtext and the whole report crash
(no page, and cron's ``--fail-on-drift`` check broken). Every label is drawn as it is.
"""

from __future__ import annotations

from pathlib import Path

from tests.archive.report.test_drift import item, write_log
from tests.conftest import newsarchiver

HOSTILE = ["$\\frac{$", "<script>alert(1)</script>", "_underscored", "50% $off$"]


def test_labels_from_crawled_content_are_plain_text_in_plots_and_page(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    for run, stamp in enumerate(["20261201T080000Z", "20261202T080000Z"]):
        items = [item(10 * run + n, section) for n, section in enumerate(HOSTILE)]
        write_log(archive, stamp, items)
    out = tmp_path / "report.html"
    proc = newsarchiver("report", "--archive", str(archive), "--out", str(out))
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    page = out.read_text(encoding="utf-8")
    assert "<script>" not in page
    for label in ("$\\frac{$", "&lt;script&gt;alert(1)&lt;/script&gt;", "50% $off$"):
        assert label in page, label
    assert "_underscored" in page
