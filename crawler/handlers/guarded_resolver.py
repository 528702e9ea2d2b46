"""aiohttp resolver that refuses internal addresses at connect time (the SSRF guard, part 2).

Why: a host name (``localhost``, ``metadata.internal``, a public name with a private A
record) says nothing about where it points until it is resolved. The download handler
resolves through this class, which drops every address ``crawler.netguard`` forbids,
unless the host is in the seed's ``allowed_domains`` (or is the configured proxy); when no
address is left it raises :class:`~crawler.dropped.ResolvedAddressRefused`, which the guard
middleware (``crawler.middlewares.address_guard``) reports. Literal addresses never reach a
resolver (aiohttp connects to them directly); the middleware refuses those from the URL.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from typing import Any

from aiohttp import DefaultResolver
from aiohttp.abc import AbstractResolver, ResolveResult

from crawler.dropped import ResolvedAddressRefused
from crawler.netguard import forbidden_reason, host_allowed


class GuardedResolver(AbstractResolver):
    def __init__(self, allowed_hosts: Callable[[], Iterable[str]]) -> None:
        self._allowed_hosts = allowed_hosts
        self._inner: Any = None  # built on first use: it needs the running loop

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        if self._inner is None:
            self._inner = DefaultResolver()
        results = await self._inner.resolve(host, port, family)
        if host_allowed(host, self._allowed_hosts()):
            return results
        kept, why = [], None
        for result in results:
            reason = forbidden_reason(ipaddress.ip_address(result["host"]))
            if reason is None:
                kept.append(result)
            else:
                why = why or f"{host} resolves to {reason} {result['host']}"
        if not kept:
            raise ResolvedAddressRefused(f"{why}, and {host} is not in the seed's allowed_domains")
        return kept

    async def close(self) -> None:
        if self._inner is not None:
            await self._inner.close()
