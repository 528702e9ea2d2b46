"""Start ``newsarchiver`` processes by forking a pre-imported Python instead of exec'ing one.

Why: the suite runs the real CLI in a child process a few hundred times (Twisted's reactor
runs once per process), and each fresh interpreter spends ~1-2 s of CPU importing Scrapy,
aiohttp, trafilatura... before it does anything. The fork server imports the CLI's modules once
(installing no reactor, starting no thread); each run is a fork of it that sets up its
stdin/stdout/stderr, argv, environment, working folder and umask as ``subprocess`` would and
then calls the same ``crawler.cli.main`` the console script calls, in a process of its own that
can be killed with SIGKILL, exits through normal interpreter shutdown (atexit handlers run) and
reports its exit status (-N for a signal, as ``subprocess`` does).

Protocol (a SOCK_SEQPACKET Unix socket, one connection per run): the client sends one JSON
request with three file descriptors (stdin, stdout, stderr); a *manager* fork of the server
forks the run, answers ``<pid>\\n``, waits for it and answers ``<exit code>\\n``.
"""

from __future__ import annotations

import ctypes
import gc
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
#: What the server imports before it forks: the CLI and what a crawl loads when it starts.
PRELOAD = (
    "crawler.cli",
    "crawler.spiders.news",
    "crawler.addon",
    "scrapy.crawler",
    "scrapy.core.engine",
    "scrapy.core.downloader.contextfactory",
    "scrapy.core.downloader.handlers.http11",
    "crawler.handlers.raw_http",
    "aiohttp",
    "itemadapter",
    "cdxj_indexer.main",
)
PR_SET_PDEATHSIG = 1


def serve(path: str) -> None:
    """The server's loop (run as ``python -c``; never returns in a forked run)."""
    ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)  # dies with pytest
    import importlib

    for name in PRELOAD:
        importlib.import_module(name)
    # A forked run must be able to install its own reactor, and forking copies no thread.
    assert "twisted.internet.reactor" not in sys.modules, "a preloaded module installed one"
    assert threading.active_count() == 1, threading.enumerate()
    # The imported modules' objects stay out of every run's garbage collections: a run's
    # collections and its exit would otherwise walk (and copy-on-write) all of them, ~1 s.
    gc.freeze()
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    srv.bind(path)
    srv.listen(64)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # managers are reaped by the kernel
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    while True:
        conn, _ = srv.accept()
        msg, fds, _, _ = socket.recv_fds(conn, 1 << 20, 3)
        if os.fork() == 0:
            srv.close()
            _manage(conn, json.loads(msg), fds)  # returns only in the run itself
            return _run(json.loads(msg))
        conn.close()
        for fd in fds:
            os.close(fd)


def _manage(conn: socket.socket, req: dict, fds: list[int]) -> None:
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    pid = os.fork()
    if pid == 0:
        conn.close()
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        return
    for fd in fds:
        os.close(fd)
    conn.sendall(f"{pid}\n".encode())
    _, status = os.waitpid(pid, 0)
    conn.sendall(f"{os.waitstatus_to_exitcode(status)}\n".encode())
    os._exit(0)


def _run(req: dict) -> None:
    """Become the CLI process: what ``subprocess`` and the console script would set up."""
    os.chdir(req["cwd"])
    os.environ.clear()
    os.environ.update(req["env"])
    tempfile.tempdir = None  # found again from this run's TMPDIR, as a fresh process does
    if req.get("umask") is not None:
        os.umask(req["umask"])
    sys.argv = req["argv"]
    if req.get("code") is not None:  # `python -c CODE ARGS...`
        sys.path[0] = ""
        code = compile(req["code"], "<string>", "exec")
        exec(code, {"__name__": "__main__", "__builtins__": __builtins__})
        sys.exit(0)
    sys.path[0] = str(BIN)  # the console script's own folder, not the server's cwd
    from crawler.cli import main

    sys.exit(main())


class ForkServer:
    """The client: one server process per pytest session (:func:`server`)."""

    def __init__(self) -> None:
        self.dir = tempfile.mkdtemp(prefix="na-fork-")
        self.path = os.path.join(self.dir, "sock")
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        code = f"from tests.forkserver import serve; serve({self.path!r})"
        self.proc = subprocess.Popen(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            text=True,
        )
        line = self.proc.stdout.readline()
        if line != "ready\n":
            raise RuntimeError(f"fork server did not start (exit {self.proc.wait()})")

    def spawn(self, argv: list[str], *, code: str | None = None, umask: int | None = None) -> Run:
        """Start one run; its stdout and stderr go to files read by :meth:`Run.wait`."""
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        req = {"argv": argv, "code": code, "cwd": str(ROOT), "env": env, "umask": umask}
        # In the server's own folder: a test may point TMPDIR at a folder it checks is empty.
        out, err = tempfile.TemporaryFile(dir=self.dir), tempfile.TemporaryFile(dir=self.dir)
        with open(os.devnull, "rb") as devnull:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
            sock.connect(self.path)
            fds = [devnull.fileno(), out.fileno(), err.fileno()]
            socket.send_fds(sock, [json.dumps(req).encode()], fds)
        return Run(argv, sock, out, err)

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait()
        self.proc.stdout.close()
        for name in os.listdir(self.dir):
            os.unlink(os.path.join(self.dir, name))
        os.rmdir(self.dir)


class Run:
    """One forked run, like a ``subprocess.Popen`` with stdout and stderr captured."""

    def __init__(self, argv: list[str], sock: socket.socket, out, err) -> None:
        self.args = argv
        self._sock = sock
        self._out, self._err = out, err
        self.pid = int(self._line(30))
        self.returncode: int | None = None

    def _line(self, timeout: float | None) -> str:
        self._sock.settimeout(timeout)
        data = self._sock.recv(64)
        if not data:
            raise RuntimeError("fork server: the run's manager died")
        return data.decode().strip()

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                self.returncode = int(self._line(0))
            except (TimeoutError, BlockingIOError):
                return None
            self._sock.close()
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            try:
                self.returncode = int(self._line(timeout))
            except TimeoutError:
                raise subprocess.TimeoutExpired(self.args, timeout) from None
            self._sock.close()
        return self.returncode

    def kill(self) -> None:
        if self.returncode is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def output(self) -> tuple[str, str]:
        """What the run wrote to stdout and stderr (call after :meth:`wait`)."""
        texts = []
        for fh in (self._out, self._err):
            fh.seek(0)
            texts.append(fh.read().decode("utf-8", errors="replace"))
            fh.close()
        return texts[0], texts[1]

    def completed(self, timeout: float | None = None) -> subprocess.CompletedProcess:
        """Wait (killing the run at ``timeout``, as ``subprocess.run`` does)."""
        try:
            self.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            self.wait()
            out, err = self.output()
            raise subprocess.TimeoutExpired(self.args, timeout, out, err) from None
        out, err = self.output()
        return subprocess.CompletedProcess(self.args, self.returncode, out, err)


def python_c(code: str, *args: str, timeout: float | None = None) -> subprocess.CompletedProcess:
    """Like ``subprocess.run([sys.executable, "-c", code, *args], capture_output=True,
    text=True, cwd=ROOT, timeout=timeout)``, forked from the fork server."""
    return server().spawn(["-c", *args], code=code).completed(timeout)


_server: ForkServer | None = None
_lock = threading.Lock()


def server() -> ForkServer:
    """The session's fork server, started on first use (closed by tests/conftest.py)."""
    global _server
    with _lock:
        if _server is None or _server.proc.poll() is not None:
            _server = ForkServer()
        return _server


def close() -> None:
    global _server
    with _lock:
        if _server is not None:
            _server.close()
            _server = None
