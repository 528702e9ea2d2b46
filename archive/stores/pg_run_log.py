"""The run log in PostgreSQL: the runs of an archive whose state workers share (``--database``).

Same rows and the same statements as :class:`archive.stores.run_log.RunLog`
(:class:`~archive.stores.run_log.RunLogLogic`), in the table ``newsarchiver_runs`` of
:data:`archive.stores.schema.RUN_LOG`; each call is its own transaction.
"""

from __future__ import annotations

from typing import Any

from archive.stores.pg_base import PgStore, driver_sql
from archive.stores.run_log import RunLogLogic
from archive.stores.schema import PG_PREFIX, RUN_LOG, postgres_tables

#: The run log's table (``archive.stores.schema``) as PostgreSQL holds it.
METADATA = postgres_tables(RUN_LOG)


class PgRunLog(RunLogLogic, PgStore):
    KIND = "run log"
    METADATA = METADATA
    TABLE = PG_PREFIX + "runs"

    def _rows(self, sql: str, params: tuple = ()) -> list[dict[str, Any]]:
        with self.guard(), self.engine.begin() as conn:
            result = conn.exec_driver_sql(driver_sql(sql), tuple(params))
            return [dict(r) for r in result.mappings()] if result.returns_rows else []

    def _insert(self, sql: str, params: tuple = ()) -> int:
        with self.guard(), self.engine.begin() as conn:
            return int(conn.exec_driver_sql(driver_sql(sql), tuple(params)).scalar_one())

    def __enter__(self) -> PgRunLog:
        return self
