"""Where a crawl's messages go: Scrapy's whole log to a file in ``<archive>/logs/``,
newsarchiver's own one-line messages to the console, and the first problem remembered for
the run log (``newsarchiver status`` shows it).

Why a module of its own: the CLI crawl, ``scrapy crawl`` (through :mod:`crawler.run`) and
the distributed worker all log the same way.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from archive.urls import redact_secrets


class RedactingFormatter(logging.Formatter):
    """A log line with the values of secret-looking URL parameters (``api_key=``,
    ``token=``, ``sig=``) replaced: logs are read and shared; the WARC keeps the URL."""

    def format(self, record: logging.LogRecord) -> str:
        return redact_secrets(super().format(record))


class _Redacted(logging.Formatter):
    """Another handler's formatter, its lines redacted (keeps Scrapy's format and colours)."""

    def __init__(self, inner: logging.Formatter) -> None:
        super().__init__()
        self.inner = inner

    def format(self, record: logging.LogRecord) -> str:
        return redact_secrets(self.inner.format(record))


def redact_handlers(logger: logging.Logger) -> None:
    """Redact every line ``logger``'s handlers write (``scrapy crawl``: Scrapy's stderr).

    Scrapy installs its own root handler, with a plain formatter, and installs it again when
    a crawler applies its settings; a handler already redacting is left as it is.
    """
    for handler in logger.handlers:
        formatter = handler.formatter or logging.Formatter()
        if not isinstance(formatter, RedactingFormatter | _Redacted):
            handler.setFormatter(_Redacted(formatter))


class FirstProblems(logging.Handler):
    """Remembers the first error and the first warning the crawl showed on the console."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.error: str | None = None
        self.warning: str | None = None
        self.warnings = 0

    def emit(self, record: logging.LogRecord) -> None:
        text = redact_secrets(record.getMessage()).strip().splitlines()
        line = f"{record.levelname}: {text[0] if text else ''}"[:400]
        if record.levelno >= logging.ERROR:
            self.error = self.error or line
        else:
            self.warnings += 1
            self.warning = self.warning or line

    def message(self) -> str | None:
        """The line worth showing in ``status``: the first error, else the first warning."""
        if self.error:
            return self.error
        if self.warning and self.warnings > 1:
            return f"{self.warning} (+{self.warnings - 1} more)"
        return self.warning


class _QuietFileHandler(logging.FileHandler):
    """A log file that stops quietly when it cannot be written (full disk, quota).

    ``logging``'s default prints a traceback on stderr for every record it cannot write;
    the crawl reports a full disk in one line itself (``crawler.extensions.disk_full``).
    """

    failed = False

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging API
        self.failed = True

    def emit(self, record: logging.LogRecord) -> None:
        if not self.failed:
            super().emit(record)


def file_log_handler(log_file: Path) -> logging.Handler:
    """The crawl's log file in the archive (``logs/``): everything from INFO up."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    handler = _QuietFileHandler(log_file, encoding="utf-8")
    handler.setLevel(logging.INFO)
    handler.setFormatter(RedactingFormatter("%(asctime)s [%(name)s] %(levelname)s: %(message)s"))
    return handler


def setup_logging(log_file: Path) -> None:
    """Scrapy's log (INFO) to the file; newsarchiver's own messages also to stderr."""
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    root.addHandler(file_log_handler(log_file))
    console_handler = logging.StreamHandler()
    console_handler.setLevel(logging.WARNING)
    console_handler.setFormatter(RedactingFormatter("%(levelname)s: %(message)s"))
    console_handler.addFilter(lambda record: record.name.startswith("newsarchiver"))
    root.addHandler(console_handler)


class _StderrWarnings(logging.StreamHandler):
    """Python's handler of last resort with the level in front: ``WARNING: ...``."""

    def __init__(self) -> None:
        super().__init__()
        self.setLevel(logging.WARNING)
        self.setFormatter(RedactingFormatter("%(levelname)s: %(message)s"))

    @property
    def stream(self):  # noqa: ANN201 - logging's attribute; stderr as it is now
        return sys.stderr

    @stream.setter
    def stream(self, _value: object) -> None:
        pass


def warnings_to_stderr() -> None:
    """A warning no handler takes (a command that sets up no log of its own: ``export``,
    ``report``, ``wacz``; or one logged before the crawl's log is set up) reaches stderr
    as every other one does, ``WARNING: ...``: Python's own last resort prints the bare
    message (an item log's torn last line read as ``PATH ends in a partial line``)."""
    logging.lastResort = _StderrWarnings()
