"""The crawl health report: runs, extraction fill rates and their drift, archive figures.

``build_report`` reads an archive folder (item logs, run log, CDXJ index) into one
:class:`~archive.report.build.Report`; ``render_html`` turns it into a self-contained page and
``Report.to_json`` into the JSON that monitoring reads. Scrapy-free.
"""

from archive.report.build import Report, build_report
from archive.report.html import render_html

__all__ = ["Report", "build_report", "render_html"]
