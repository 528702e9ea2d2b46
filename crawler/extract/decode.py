"""Bytes to text: the one place that decides how a response body is decoded.

Extraction must never raise on a bad body, so decoding is tolerant: the HTTP header
charset, a BOM and ``<meta charset>`` are honoured (via w3lib), but a declared UTF-8 that
does not decode strictly falls back to windows-1252, which is what such pages almost
always really are; an unknown or missing charset tries UTF-8 then windows-1252; and a
declared latin-1/windows-1252 whose bytes are valid non-ASCII UTF-8 is read as UTF-8.
"""

from __future__ import annotations

import codecs
from collections.abc import Mapping

from w3lib.encoding import html_body_declared_encoding, html_to_unicode, http_content_type_encoding

#: The largest body we decode; beyond this the tail is dropped (and reported by the caller).
MAX_BODY_BYTES = 8 * 1024 * 1024


def header(headers: Mapping[str, str] | None, name: str) -> str | None:
    """Case-insensitive header lookup that tolerates None, bytes and list values."""
    if not headers:
        return None
    lname = name.lower()
    for key, value in headers.items():
        k = key.decode("latin-1") if isinstance(key, bytes) else str(key)
        if k.lower() == lname:
            if isinstance(value, list | tuple):
                value = value[0] if value else ""
            if isinstance(value, bytes):
                value = value.decode("latin-1")
            return str(value)
    return None


def _known(encoding: str | None) -> bool:
    if not encoding:
        return False
    try:
        codecs.lookup(encoding)
    except LookupError:
        return False
    return True


def _is_utf8(body: bytes) -> bool:
    if body.isascii():
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode_body(body: bytes, headers: Mapping[str, str] | None = None) -> tuple[str, str]:
    """Return ``(text, encoding)``; never raises."""
    if not body:
        return "", "utf-8"
    content_type = header(headers, "content-type") or ""
    declared = http_content_type_encoding(content_type) if content_type else None
    if not declared:
        try:
            declared = html_body_declared_encoding(body[:4096])
        except Exception:  # noqa: BLE001 - decoding must never fail
            declared = None
    try:
        encoding, text = html_to_unicode(content_type or None, body)
    except Exception:  # noqa: BLE001
        encoding, text = "utf-8", body.decode("utf-8", "replace")
    enc = codecs.lookup(encoding).name if _known(encoding) else "utf-8"
    # A page declaring (or defaulting to) UTF-8 whose bytes are not UTF-8 is nearly always
    # windows-1252; w3lib would have produced replacement characters.
    if enc in ("utf-8", "ascii") or not (declared and _known(declared)):
        try:
            text = body.decode("utf-8-sig" if body.startswith(codecs.BOM_UTF8) else "utf-8")
            enc = "utf-8"
        except UnicodeDecodeError:
            if not body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                text = body.decode("cp1252", "replace")
                enc = "cp1252"
    elif enc in ("iso8859-1", "latin-1", "cp1252") and _is_utf8(body):
        # Non-ASCII bytes that form valid UTF-8 are practically never windows-1252 text:
        # the server's default charset is wrong, the page is UTF-8.
        text, enc = body.decode("utf-8"), "utf-8"
    elif enc in ("iso8859-1", "latin-1"):
        # Browsers treat latin-1 as windows-1252 (curly quotes, euro sign).
        text = body.decode("cp1252", "replace")
        enc = "cp1252"
    return text.replace("\x00", ""), enc
