"""Fails loudly when Scrapy changes the private API ``crawler/handlers/raw_http.py`` builds on.

The handler subclasses Scrapy's aiohttp handler and its ``_read_response`` is a modified copy
of Scrapy's (to keep an oversize body and the raw exchange). Scrapy does not promise to keep
these names, so ``pyproject.toml`` pins the Scrapy versions this was tested with, and this
test checks every private name the handler uses, and that Scrapy's ``_read_response`` is still
the one that was copied. When it fails: compare the two, carry Scrapy's change over, then
update ``COPIED_READ_RESPONSE`` (and the pin) here.
"""

from __future__ import annotations

import asyncio
import hashlib
import inspect
import tomllib
from pathlib import Path

import scrapy
from packaging.requirements import Requirement
from packaging.version import Version
from scrapy.core.downloader.handlers import _aiohttp, _base_streaming
from scrapy.utils import _download_handlers, ssl
from scrapy.utils.test import get_crawler

from crawler.handlers.raw_http import RawHttpDownloadHandler

ROOT = Path(__file__).resolve().parents[3]

#: sha256 (first 16 hex digits) of Scrapy 2.19.0's AiohttpDownloadHandler._read_response.
COPIED_READ_RESPONSE = "26b6c853abb3ed6e"

#: Handler methods we call or override, and the parameters Scrapy gives them.
METHODS = {
    "_make_request": ["self", "request", "timeout"],
    "_read_response": ["self", "response", "request"],
    "_extract_headers": ["response"],
    "_build_base_response_args": ["response", "request", "headers"],
    "_log_tls_info": ["self", "response", "request"],
    "_iter_body_chunks": ["response"],
    "_is_dataloss_exception": ["exc"],
    "_request_headers": ["request"],
    "_extract_proxy_url_with_creds": ["self", "request"],
}
#: Attributes the handler reads after Scrapy's __init__ set them.
ATTRIBUTES = [
    "_bind_address",
    "_pool_size_total",
    "_pool_size_per_host",
    "_default_maxsize",
    "_default_warnsize",
    "_tls_verbose_logging",
    "_fail_on_dataloss",
    "_fail_on_dataloss_warned",
]


def test_installed_scrapy_is_within_the_tested_pin() -> None:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    (pin,) = [r for r in map(Requirement, deps) if r.name.lower() == "scrapy"]
    assert Version(scrapy.__version__) in pin.specifier, (scrapy.__version__, str(pin))
    assert pin.specifier.contains("2.19.0") and not pin.specifier.contains("2.20.0")


def test_scrapy_read_response_is_still_the_copied_one() -> None:
    source = inspect.getsource(_aiohttp.AiohttpDownloadHandler._read_response)
    digest = hashlib.sha256(source.encode()).hexdigest()[:16]
    assert digest == COPIED_READ_RESPONSE, (
        "Scrapy's AiohttpDownloadHandler._read_response changed: carry the change over to "
        "crawler/handlers/raw_http.py, then update COPIED_READ_RESPONSE"
    )


def test_private_functions_and_methods_keep_their_names_and_parameters() -> None:
    base = _aiohttp.AiohttpDownloadHandler
    assert issubclass(base, _base_streaming.BaseStreamingDownloadHandler)
    assert hasattr(_aiohttp, "_ClientResponse")
    for name, params in METHODS.items():
        assert list(inspect.signature(getattr(base, name)).parameters) == params, name
    stop = inspect.signature(_download_handlers.check_stop_download).parameters
    assert list(stop)[:3] == ["signal", "crawler", "request"]
    assert list(inspect.signature(_download_handlers.get_warnsize_msg).parameters) == [
        "size", "limit", "request", "expected",
    ]  # fmt: skip
    assert list(inspect.signature(_download_handlers.get_dataloss_msg).parameters) == ["url"]
    made = inspect.signature(_download_handlers.make_response).parameters
    assert {"url", "status", "headers", "body", "flags"} <= set(made)
    assert list(inspect.signature(ssl._make_ssl_context).parameters) == ["settings"]


def test_scrapy_init_still_sets_the_attributes_the_handler_reads() -> None:
    async def build() -> RawHttpDownloadHandler:
        handler = RawHttpDownloadHandler(get_crawler())
        try:
            return handler
        finally:
            await handler._session.close()

    handler = asyncio.run(build())
    missing = [name for name in ATTRIBUTES if not hasattr(handler, name)]
    assert missing == []
