"""The crawl health report: runs, extraction fill rates and their drift, archive figures.

``build_report`` reads an archive folder (item logs, run log, CDXJ index) into one
:class:`~archive.report.build.Report`; ``render_html`` turns it into a self-contained page and
``Report.to_json`` into the JSON that monitoring reads. Scrapy-free.
"""

from archive.report.build import Report, build_report

# ``archive.report.html`` (and matplotlib with it) is imported by whoever renders a page, not
# here: every ``newsarchiver`` command imports the CLI, and matplotlib takes a second to load.
__all__ = ["Report", "build_report"]
