"""The test servers are real: redis-server answers Lua, PostgreSQL runs transactions."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import redis
import sqlalchemy as sa

from tests import services


def test_redis_server_runs_lua_on_loopback(redis_server):
    client = redis.Redis.from_url(redis_server.url)
    assert redis_server.url.startswith("redis://127.0.0.1:")
    assert client.eval("return redis.call('incrby', KEYS[1], ARGV[1])", 1, "k", 41) == 41
    assert client.incr("k") == 42


def test_redis_server_can_be_lost_and_restarted_on_the_same_port(redis_server):
    port = redis_server.port
    redis_server.stop()
    redis_server.start()
    assert redis_server.port == port
    assert redis.Redis.from_url(redis_server.url).ping()


def test_a_free_port_is_one_the_kernel_never_hands_out_and_other_pickers_skip():
    """No race between picking a port and the server binding it: the kernel gives no
    process that port by itself, and another process picking ports here cannot take it."""
    port = services.free_port()
    low, high = map(int, Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split())
    assert not low <= port <= high, (port, low, high)
    take = "import fcntl, os, sys; fcntl.flock(os.open(sys.argv[1], os.O_RDWR), 6)"  # EX|NB
    other = subprocess.run([sys.executable, "-c", take, str(services.PORT_LOCKS / str(port))],
                           capture_output=True, text=True, timeout=60)  # fmt: skip
    assert other.returncode != 0 and "BlockingIOError" in other.stderr, other.stderr


def test_postgres_databases_are_separate_and_transactional(postgres_cluster):
    first = sa.create_engine(postgres_cluster.create_database())
    second = sa.create_engine(postgres_cluster.create_database())
    with first.begin() as conn:
        conn.execute(sa.text("CREATE TABLE t (x int)"))
        conn.execute(sa.text("INSERT INTO t VALUES (1)"))
    try:
        with first.begin() as conn:
            conn.execute(sa.text("INSERT INTO t VALUES (2)"))
            raise RuntimeError("roll back")
    except RuntimeError:
        pass
    with first.connect() as conn:
        assert conn.execute(sa.text("SELECT array_agg(x) FROM t")).scalar() == [1]
    with second.connect() as conn:
        tables = conn.execute(sa.text("SELECT count(*) FROM pg_tables WHERE tablename='t'"))
        assert tables.scalar() == 0
    first.dispose()
    second.dispose()


_START_AND_WAIT = """
import os, sys, time
from tests.services import PostgresCluster, RedisServer
redis_server, cluster = RedisServer().start(), PostgresCluster().start()
pids = [redis_server.proc.pid, cluster.proc.pid]
for entry in os.listdir("/proc"):  # the postmaster's own children (checkpointer, ...)
    try:
        stat = open(f"/proc/{entry}/stat").read() if entry.isdigit() else ""
    except OSError:
        continue
    if stat and int(stat.rsplit(")", 1)[1].split()[1]) == cluster.proc.pid:
        pids.append(int(entry))
print(" ".join(map(str, pids)), redis_server.dir, cluster.dir, flush=True)
time.sleep(600)
"""


def _alive(pid: int) -> bool:
    """Running (a zombie waiting for its new parent to reap it counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_servers_die_with_a_parent_killed_by_sigkill():
    import shutil
    import signal
    import subprocess
    import sys

    from tests.workers import ROOT, wait_for

    parent = subprocess.Popen(
        [sys.executable, "-c", _START_AND_WAIT], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        *pids, redis_dir, pg_dir = parent.stdout.readline().split()
        pids = [int(p) for p in pids]
        # redis-server, the postmaster and its background processes (one may end by itself)
        assert len(pids) >= 3 and _alive(pids[0]) and _alive(pids[1])
        parent.send_signal(signal.SIGKILL)
        parent.wait(30)
        wait_for("the servers to end", lambda: not any(_alive(p) for p in pids), timeout=30)
    finally:
        parent.kill()
        parent.wait(30)
        parent.stdout.close()
    shutil.rmtree(redis_dir, ignore_errors=True)
    shutil.rmtree(pg_dir, ignore_errors=True)
