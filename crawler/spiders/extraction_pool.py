"""Article extraction in worker processes, so that one crawl uses every core.

Extraction is a pure function of a capture (:func:`crawler.spiders.article_page.read_article`)
and most of a crawl's CPU; the reactor thread keeps downloading, writing WARC records, items
and stores. ``NEWSARCHIVER_EXTRACT_WORKERS`` (a seed's ``[fetch] extract_workers``) sets how
many processes extract: 0 means one per core, 1 extracts in the crawl process as before.

Why these choices:

* Workers are fresh interpreters (``subprocess``), not forks: a fork of a process running a
  reactor, threads and open SQLite and WARC handles would copy all of them. A worker imports
  only the extraction path, gets the seed once, then reads ``(capture, job)`` and answers one
  :class:`ArticleRead` per job, pickled and length-prefixed on its stdin and stdout; the
  page's bytes follow the pickled job as a message of their own, so the crawl process does
  not hold a pickled copy of a 15 MB page beside the page.
* A worker owns nothing in the archive: it gets bytes and returns an item; the crawl process
  writes everything (one ordered WARC writer, item log, stores). So a crawl killed with -9
  leaves nothing a worker half wrote, and its workers exit on their own: their stdin ends.
  They run in a session of their own, so a Ctrl-C reaches only the crawl, which stops cleanly.
* A job's site profile (:class:`~crawler.extract.profile.SiteProfile`) goes to a worker once:
  later jobs name it by its hash, so a job stays the size of its page.
* Results come back in the order the pages were submitted (the order their WARC records were
  written), whichever worker finishes first.
* Back-pressure is Scrapy's: a response waiting for its item stays in the scraper's slot, and
  the engine stops downloading while that slot holds more than SCRAPER_SLOT_MAX_ACTIVE_SIZE.
* A worker that dies (OOM killer, a crash in a C library) costs no page: its page and every
  later one are extracted in the crawl process (one warning). A job that raises is run again
  in the crawl process, so it fails there exactly as it always did.
"""

from __future__ import annotations

import asyncio
import logging
import os
import pickle
import queue
import signal
import struct
import subprocess
import sys
import threading
import warnings
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from crawler.malloc import give_back_big_buffers
from crawler.spiders.article_page import ArticleJob, ArticleRead, read_article

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from crawler.extract.capture import Capture
    from crawler.seed import Seed

logger = logging.getLogger(__name__)

#: Length prefix of every message on a worker's pipes.
_LENGTH = struct.Struct("<Q")
#: The folder holding the ``crawler`` package: workers import this very code.
_ROOT = str(Path(__file__).resolve().parents[2])


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


class WorkerGone(Exception):
    """The worker process died or closed its pipe."""


class JobFailed(Exception):
    """``read_article`` raised in the worker (the traceback is the message)."""


def _send(stream: IO[bytes], payload: bytes) -> None:
    stream.write(_LENGTH.pack(len(payload)))
    stream.write(payload)
    stream.flush()


def _receive(stream: IO[bytes]) -> bytes | None:
    """The next message, or None at the end of the stream."""
    head = stream.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        return None
    size = _LENGTH.unpack(head)[0]
    payload = stream.read(size)
    return payload if len(payload) == size else None


class _Worker:
    """One extraction process; used by one thread at a time."""

    def __init__(self, seed: Seed) -> None:
        code = f"import sys; sys.path.insert(0, {_ROOT!r}); "
        code += "from crawler.spiders.extraction_pool import worker_main; worker_main()"
        self.proc = subprocess.Popen(
            [sys.executable, "-c", code],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            start_new_session=True,
        )
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self._in, self._out = self.proc.stdin, self.proc.stdout
        self._profile: str | None = None  # the hash of the last profile sent
        _send(self._in, pickle.dumps(seed, pickle.HIGHEST_PROTOCOL))

    def ready(self) -> bool:
        """Wait for the worker's first answer: it has imported and read the seed."""
        try:
            return _receive(self._out) == b""
        except (OSError, ValueError):
            return False

    def call(self, capture: Capture, job: ArticleJob) -> ArticleRead:
        profile, key = job.profile, job.profile.hash() if job.profile is not None else None
        new = profile if key is not None and key != self._profile else None
        message = (replace(capture, body=b""), replace(job, profile=None), key, new)
        try:
            _send(self._in, pickle.dumps(message, pickle.HIGHEST_PROTOCOL))
            _send(self._in, capture.body)  # the page's own bytes: no pickled copy of them
            if new is not None:
                self._profile = key
            answer = _receive(self._out)
        except (OSError, ValueError) as exc:
            raise WorkerGone(str(exc)) from exc
        if answer is None:
            raise WorkerGone(f"exit code {self.proc.poll()}")
        ok, value = pickle.loads(answer)
        if not ok:
            raise JobFailed(value)
        return value

    def end_input(self) -> None:
        """No more jobs: the worker exits when it reads the end of its input."""
        try:
            self._in.close()
        except OSError:
            pass

    def wait(self) -> None:
        """Wait for the worker to exit (killed if it has not within 10 s)."""
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._out.close()


class ExtractionPool:
    """``await pool.read(capture, job)``: the page's :class:`ArticleRead`, from a worker."""

    def __init__(self, seed: Seed, workers: int = 0, crawler: Crawler | None = None) -> None:
        """``workers``: extraction processes (0: one per core; 1: none, in this process)."""
        self.seed = seed
        self.workers = workers
        self.crawler = crawler
        self._idle: queue.SimpleQueue[_Worker] = queue.SimpleQueue()
        self._all: list[_Worker] = []
        self._threads: ThreadPoolExecutor | None = None
        self._order: deque[tuple[asyncio.Future[Any], asyncio.Future[Any]]] = deque()
        self._broken = False
        self._ready = threading.Event()

    @classmethod
    def from_crawler(cls, crawler: Crawler, seed: Seed) -> ExtractionPool:
        """The pool of a crawl; its size is read when the spider opens (the seed's add-on has
        applied ``[fetch] extract_workers`` to the settings by then, not yet when the spider
        is made)."""
        from scrapy import signals

        pool = cls(seed, 0, crawler)
        crawler.signals.connect(pool.start, signal=signals.spider_opened)
        crawler.signals.connect(pool.close, signal=signals.engine_stopped)
        return pool

    def start(self, spider: object = None) -> None:
        """Start the workers: they import while the crawl's discovery runs."""
        if self.crawler is not None:
            self.workers = self.crawler.settings.getint("NEWSARCHIVER_EXTRACT_WORKERS")
            self.crawler.stats.set_value("newsarchiver/extract_workers", self.workers or cores())
        self.workers = self.workers or cores()
        if self.workers <= 1 or self._threads is not None:
            return
        self._threads = ThreadPoolExecutor(self.workers, thread_name_prefix="extract")
        for _ in range(self.workers):
            worker = _Worker(self.seed)
            self._all.append(worker)
            self._threads.submit(self._when_ready, worker)

    def _when_ready(self, worker: _Worker) -> None:
        """A worker takes jobs once it is ready; until the first is, the crawl extracts."""
        if worker.ready():
            logger.info("extraction worker ready (pid %d)", worker.proc.pid)
            self._idle.put(worker)
            self._ready.set()
        else:
            logger.warning("an extraction worker did not start (exit code %s)", worker.proc.poll())

    async def read(self, capture: Capture, job: ArticleJob) -> ArticleRead:
        """The page read by a worker, handed back in submission order."""
        if self._threads is None or self._broken or not self._ready.is_set():
            return read_article(capture, self.seed, job)
        done: Future[ArticleRead] = self._threads.submit(self._call, capture, job)
        running = asyncio.wrap_future(done)
        turn = running.get_loop().create_future()
        self._order.append((running, turn))
        running.add_done_callback(self._release)
        await turn
        try:
            return running.result()
        except WorkerGone as exc:
            self._worker_gone(exc)
        except JobFailed:
            pass  # it raises here as it did there, in the spider's callback
        return read_article(capture, self.seed, job)

    def _call(self, capture: Capture, job: ArticleJob) -> ArticleRead:
        worker = self._idle.get()
        try:
            return worker.call(capture, job)
        finally:
            self._idle.put(worker)

    def _release(self, _: object = None) -> None:
        """Wake the waiting callbacks of every finished job not behind an unfinished one."""
        while self._order and self._order[0][0].done():
            _, turn = self._order.popleft()
            if not turn.done():
                turn.set_result(None)

    def _worker_gone(self, exc: Exception) -> None:
        if self._broken:
            return
        self._broken = True
        if self.crawler is not None:
            self.crawler.stats.inc_value("newsarchiver/extract_worker_deaths")
        logger.warning(
            "an extraction worker stopped (%s); extracting the rest in the crawl process", exc
        )

    def close(self) -> None:
        """Stop the workers (the crawl's engine has stopped: no job is left)."""
        if self._threads is not None:
            self._threads.shutdown(wait=True, cancel_futures=True)
        for worker in self._all:  # all at once: they exit side by side
            worker.end_input()
        for worker in self._all:
            worker.wait()
        self._all.clear()


def worker_main() -> None:
    """A worker process: the seed, then one answer per job until the input ends."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    give_back_big_buffers()  # nor with the worker that read it
    # The crawl's console shows one line per problem; in the crawl process Scrapy sends a
    # library's warnings to the log file, and a worker has none.
    warnings.simplefilter("ignore")
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # stray prints must not corrupt the answers
    try:
        _serve(stdin, stdout)
    except OSError:  # the crawl is gone
        pass
    # Nothing to flush or close: skip the interpreter's teardown of lxml and the rest.
    os._exit(0)


def _serve(stdin: IO[bytes], stdout: IO[bytes]) -> None:
    message = _receive(stdin)
    if message is None:
        return
    seed = pickle.loads(message)
    _send(stdout, b"")  # ready
    profile = None  # the last profile the crawl sent
    while (message := _receive(stdin)) is not None:
        capture, job, key, new = pickle.loads(message)
        body = _receive(stdin)  # sent beside the pickle: held once, here (a 15 MB page)
        if body is None:
            return
        capture = replace(capture, body=body)
        del message, body
        if new is not None:
            profile = new
        if key is not None:
            job = replace(job, profile=profile)
        try:
            answer: tuple[bool, Any] = (True, read_article(capture, seed, job))
        except Exception as exc:  # reported by the crawl process, which runs it again
            answer = (False, f"{type(exc).__name__}: {exc}")
        _send(stdout, pickle.dumps(answer, pickle.HIGHEST_PROTOCOL))
