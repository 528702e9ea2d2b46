"""A real redis-server and a real PostgreSQL cluster in a temporary folder, on loopback.

Why here and not mocks: the distributed frontier depends on Redis semantics (Lua scripts,
sorted sets, key expiry) and the shared stores on PostgreSQL's transactions; a fake of either
would test the fake. Both binaries come from Debian's packages (`scripts/services.sh`, run by
`make test`). PostgreSQL refuses to run as root, so when we are root its cluster is created
and started as the `postgres` user, in a folder that user owns. Used by the test fixtures and
by `bench/distributed.py`.

Both die with the process that started them, even one killed with SIGKILL (a killed pytest
must not leave servers behind): each server is a direct child started with the kernel's
parent-death signal (``PR_SET_PDEATHSIG``). The kernel clears that signal when a process
changes its user, so PostgreSQL is not started through ``runuser``/``pg_ctl`` (whose
daemonized postmaster would not be our child): the postmaster itself is our child, switched
to the `postgres` user by ``Popen(user=...)`` before the signal is set.
"""

from __future__ import annotations

import ctypes
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

#: ``prctl`` option: the signal this process gets when its parent dies.
PR_SET_PDEATHSIG = 1


class ServiceError(RuntimeError):
    """A server binary is missing or did not come up."""


#: Where a process marks the ports it holds (one lock file per port, see :func:`free_port`).
PORT_LOCKS = Path(tempfile.gettempdir()) / "newsarchiver-test-ports"
_held: dict[int, int] = {}  # port -> the open lock file's descriptor, until this process ends


def _ephemeral_low() -> int:
    """The first port the kernel hands out by itself (``bind`` to port 0, outgoing
    connections): Linux's ``ip_local_port_range``."""
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def free_port() -> int:
    """A loopback port for a server this process starts (and may stop and start again on
    the same port), held by this process until it ends.

    Why not ``bind(0)``: that port is free only until its socket closes, and between that
    and the server's own bind, anything could get it, the kernel first (every outgoing
    connection of the machine draws from the same range). So the port comes from below the
    kernel's range, which it never hands out by itself, and is marked with an exclusive lock
    on a file of its own (``flock``, released by the kernel when this process ends, even by
    SIGKILL): every process that picks ports here skips it. It is taken only if nothing
    listens on it already (a service on a fixed port)."""
    import fcntl
    import random

    PORT_LOCKS.mkdir(exist_ok=True)
    low = max(1024, _ephemeral_low() - 12000)
    for port in random.sample(range(low, _ephemeral_low()), 1000):
        if port in _held:
            continue
        fd = os.open(PORT_LOCKS / str(port), os.O_CREAT | os.O_RDWR, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            with socket.socket() as sock:
                sock.bind(("127.0.0.1", port))
        except OSError:
            os.close(fd)
            continue
        _held[port] = fd
        return port
    raise ServiceError(f"no free port between {low} and {_ephemeral_low()}")


def die_with_parent(signum: int) -> Callable[[], None]:
    """A ``preexec_fn``: the child gets ``signum`` when the process starting it dies.

    Runs in the child after ``Popen`` switched its user (``user=``), so the setting survives.
    If the parent died between ``fork`` and here, the child is already an orphan: it ends.
    """
    parent = os.getpid()

    def preexec() -> None:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signum, 0, 0, 0) != 0:
            os._exit(127)
        if os.getppid() != parent:
            os._exit(127)

    return preexec


def _wait_for_port(port: int, proc: subprocess.Popen, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise ServiceError(f"{what} exited with code {proc.returncode} at start")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise ServiceError(f"{what} did not listen on 127.0.0.1:{port} within {timeout:.0f} s")


class RedisServer:
    """`redis-server` on a free loopback port, no persistence, in its own temp folder."""

    def __init__(self, persist: bool = False) -> None:
        self.persist = persist  # append-only file: the data survives a stop and start
        exe = shutil.which("redis-server") or "/usr/bin/redis-server"
        if not os.path.exists(exe):
            raise ServiceError("redis-server not found: run scripts/services.sh")
        self.exe = exe
        self.dir = Path(tempfile.mkdtemp(prefix="newsarchiver-redis-"))
        self.port = 0
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        self.port = self.port or free_port()
        args = [self.exe, "--bind", "127.0.0.1", "--port", str(self.port), "--dir", str(self.dir)]
        args += ["--save", "", "--daemonize", "no"]
        args += ["--appendonly", "yes", "--appendfsync", "always"] if self.persist else []
        self.proc = subprocess.Popen(
            args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
            preexec_fn=die_with_parent(signal.SIGKILL),
        )  # fmt: skip
        _wait_for_port(self.port, self.proc, "redis-server")
        return self

    def stop(self) -> None:
        """Stop the server (the tests use this to lose Redis in the middle of a crawl)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> RedisServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()


def _pg_bindir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).resolve().parent
    raise ServiceError("PostgreSQL (initdb) not found: run scripts/services.sh")


class PostgresCluster:
    """A throw-away PostgreSQL cluster (trust auth, loopback only) run as the `postgres` user."""

    def __init__(self) -> None:
        self.bindir = _pg_bindir()
        self.dir = Path(tempfile.mkdtemp(prefix="newsarchiver-pg-"))
        self.data = self.dir / "data"
        self.port = 0
        self.proc: subprocess.Popen | None = None
        self._user: dict[str, object] = {}  # Popen's user/group options when we are root
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(self.dir, user.pw_uid, user.pw_gid)
            self._user = {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}

    def _run(self, *args: str) -> None:
        proc = subprocess.run(
            args, capture_output=True, text=True, timeout=120, cwd=self.dir, **self._user
        )
        if proc.returncode != 0:
            raise ServiceError(f"{Path(args[0]).name} failed: {proc.stderr.strip()[-500:]}")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def start(self) -> PostgresCluster:
        if not self.data.exists():
            self._run(
                str(self.bindir / "initdb"), "-D", str(self.data), "-U", "postgres",
                "--auth=trust", "--encoding=UTF8", "--no-sync",
            )  # fmt: skip
        self.port = self.port or free_port()
        args = [str(self.bindir / "postgres"), "-D", str(self.data), "-p", str(self.port),
                "-k", str(self.dir), "-c", "listen_addresses=127.0.0.1",
                "-c", "fsync=off"]  # fmt: skip
        with (self.dir / "log").open("ab") as log:
            # SIGQUIT is PostgreSQL's immediate shutdown: the postmaster ends its backends too.
            self.proc = subprocess.Popen(
                args, stdout=log, stderr=log, cwd=self.dir, start_new_session=True,
                preexec_fn=die_with_parent(signal.SIGQUIT), **self._user,
            )  # fmt: skip
        self._wait_ready()
        return self

    def _wait_ready(self, timeout: float = 60) -> None:
        """Until the server accepts a login (it listens before it has finished starting)."""
        import psycopg

        assert self.proc is not None
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                log = (self.dir / "log").read_text(errors="replace")[-500:]
                raise ServiceError(f"postgres exited with code {self.proc.returncode}: {log}")
            try:
                psycopg.connect(f"postgresql://postgres@127.0.0.1:{self.port}/postgres").close()
                return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise ServiceError(f"postgres not ready within {timeout:.0f} s") from None
                time.sleep(0.05)

    def create_database(self, prefix: str = "t") -> str:
        """A new empty database; returns its SQLAlchemy URL."""
        import sqlalchemy as sa

        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        engine = sa.create_engine(self.url(), isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        finally:
            engine.dispose()
        return self.url(name)

    def stop(self) -> None:
        """Fast shutdown (SIGINT): sessions are ended, the cluster is left consistent."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def close(self) -> None:
        try:
            self.stop()
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> PostgresCluster:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()
