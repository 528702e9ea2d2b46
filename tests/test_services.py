"""The test servers are real: redis-server answers Lua, PostgreSQL runs transactions."""

from __future__ import annotations

import redis
import sqlalchemy as sa


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
