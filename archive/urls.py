"""Canonical URL normalisation and the stable story id derived from it.

A story's id must be the same in every run and every archive, so it is a hash of the
canonical URL after these rules (applied in this order):

1. surrounding whitespace stripped; scheme and host lower-cased; a trailing dot on the
   host dropped; ``:80`` for http and ``:443`` for https dropped; user info kept.
2. percent-escapes upper-cased (``%c3`` -> ``%C3``); escapes of unreserved characters
   (letters, digits, ``-._~``) decoded.
3. ``.`` and ``..`` path segments resolved; an empty path becomes ``/``.
4. trailing-slash rule: a trailing ``/`` is removed from every path except the root,
   so ``/politik/story/`` and ``/politik/story`` are the same story.
5. tracking parameters removed: every ``utm_*`` plus the names in ``TRACKING_PARAMS``,
   the feed markers (``FEED_MARKERS``: ``ref=rss`` and the like, by name *and* value) and
   the session ids in ``SESSION_PARAMS`` (compared case-insensitively; a session id
   as a path parameter, ``;jsessionid=...``, too); the remaining parameters sorted by
   name then value and re-encoded; blank values kept (``?a=`` stays ``?a=``).
6. the fragment dropped.

``www.`` is *not* stripped and ``http``/``https`` are *not* merged: different hosts
and schemes can serve different content.
"""

from __future__ import annotations

import hashlib
import re
from typing import NamedTuple
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

#: Query parameters that only track the visitor and never select content.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "ttclid",
        "li_fat_id",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "vero_id",
        "vero_conv",
        "oly_anon_id",
        "oly_enc_id",
        "wt_mc",
        "wt.mc_id",
        "wt_zmc",
        "ocid",
        "cmpid",
    }
)

#: Query parameters that name the visitor's session: a new value on every link of a page
#: made one story a hundred fetches and items.
SESSION_PARAMS = frozenset(
    {"jsessionid", "phpsessid", "sid", "sessionid", "session_id", "sessid", "cfid", "cftoken",
     "oscsid", "zenid"}
)  # fmt: skip

#: Parameters that mark a link as coming from the feed, stripped only with one of these
#: values: ``ref``, ``source``, ``from`` in general may select content (``?ref=123``).
FEED_MARKERS = frozenset({"ref", "source", "src", "from"})
FEED_MARKER_VALUES = frozenset({"rss", "rss2", "atom", "feed", "rssfeed", "newsfeed"})
_PATH_SESSION = re.compile(r";(?:jsessionid|phpsessid|sid|sessionid)=[^/?#;]*", re.IGNORECASE)

#: Query parameters that carry a secret (API keys, tokens, signatures). The WARC keeps a
#: URL as fetched (it is the record of the fetch); what is derived from it for people to
#: read (reports, logs, the run log's messages) shows ``REDACTED`` instead of the value.
SECRET_PARAMS = (
    "api_key", "apikey", "api-key", "key", "token", "access_token", "auth", "auth_token",
    "sig", "signature", "secret", "client_secret", "password", "passwd", "pwd",
    "x-amz-signature", "x-amz-credential", "x-goog-signature", "x-goog-credential",
)  # fmt: skip
_SECRET = re.compile(
    r"([?&;](?:" + "|".join(re.escape(p) for p in SECRET_PARAMS) + r")=)[^&#\s\"'<>]+",
    re.IGNORECASE,
)


def secret_params(url: str) -> list[str]:
    """The names of the secret-looking query parameters of ``url`` (``check-seed`` warns)."""
    return [m[1].strip("?&;=") for m in _SECRET.finditer(url)]


def redact_secrets(text: str) -> str:
    """``text`` with the value of every secret-looking URL parameter replaced by REDACTED."""
    return _SECRET.sub(r"\1REDACTED", text) if "=" in text else text


_DEFAULT_PORTS = {"http": 80, "https": 443}
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

#: Length of a story id in hex characters (64 bits of SHA-1).
ID_LENGTH = 16


def _fix_escapes(text: str) -> str:
    def repl(m: re.Match[str]) -> str:
        char = chr(int(m.group(1), 16))
        return char if char in _UNRESERVED else "%" + m.group(1).upper()

    return _ESCAPE.sub(repl, text)


def _resolve_dots(path: str) -> str:
    if "." not in path:
        return path
    out: list[str] = []
    segments = path.split("/")
    for seg in segments[1:] if path.startswith("/") else segments:
        if seg == ".":
            continue
        if seg == "..":
            if out:
                out.pop()
            continue
        out.append(seg)
    if segments[-1] in (".", ".."):
        out.append("")
    return "/" + "/".join(out)


def _is_tracking(name: str) -> bool:
    low = name.lower()
    return low.startswith("utm_") or low in TRACKING_PARAMS or low in SESSION_PARAMS


def _is_feed_marker(name: str, value: str) -> bool:
    return name.lower() in FEED_MARKERS and value.lower() in FEED_MARKER_VALUES


class Stripped(NamedTuple):
    """A link without the parameters that never name the content, and how many it lost."""

    url: str
    tracking: int  # utm_*, TRACKING_PARAMS, FEED_MARKERS
    sessions: int  # SESSION_PARAMS and ;jsessionid= path parameters


def strip_params(url: str) -> Stripped:
    """``url`` without the parameters that never name the content, with their counts.

    Tracking parameters (``utm_*``, ``TRACKING_PARAMS``, ``FEED_MARKERS``) and session ids
    (``;jsessionid=`` path parameters, ``SESSION_PARAMS``) go, each kind counted. The very
    same string comes back when nothing is removed, and the parameters kept are kept byte
    for byte: w3lib's ``url_query_cleaner`` compares names case-sensitively and re-encodes
    every query it touches; courlan's pattern strips any ``ref``, ``source`` or ``uid``,
    which can select content. Called on every link before it is queued (stories, next
    pages, requisites, feed and sitemap entries), so one story is one fetch and one item.
    """
    parts = urlsplit(url)
    path, sessions = _PATH_SESSION.subn("", parts.path)
    query, tracking = parts.query, 0
    if query:
        pairs = query.split("&")
        kept = []
        for pair in pairs:
            name, _, value = pair.partition("=")
            if name.lower() in SESSION_PARAMS:
                sessions += 1
                continue
            if _is_tracking(name) or _is_feed_marker(name, value):
                tracking += 1
                continue
            kept.append(pair)
        query = "&".join(kept) if len(kept) != len(pairs) else query
    if path == parts.path and query == parts.query:
        return Stripped(url, 0, 0)
    return Stripped(urlunsplit(parts._replace(path=path, query=query)), tracking, sessions)


def strip_session_ids(url: str) -> str:
    """``url`` through :func:`strip_params`, without the counts (keys of teaser dates)."""
    return strip_params(url).url


def normalize_url(url: str) -> str:
    """The canonical form of ``url`` under the rules in this module's docstring."""
    parts = urlsplit(strip_params(url.strip()).url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host
    if port is not None and _DEFAULT_PORTS.get(scheme) != port:
        netloc = f"{host}:{port}"
    if parts.username is not None:
        auth = parts.username + (f":{parts.password}" if parts.password is not None else "")
        netloc = f"{auth}@{netloc}"
    path = _resolve_dots(_fix_escapes(parts.path)) or "/"
    if len(path) > 1 and path.endswith("/"):
        path = path.rstrip("/") or "/"
    query = ""
    if parts.query:
        params = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
        params = sorted(
            (k, v) for k, v in params if not _is_tracking(k) and not _is_feed_marker(k, v)
        )
        query = urlencode(params, quote_via=quote, safe="-._~")
    return urlunsplit((scheme, netloc, path, query, ""))


def story_id(url: str) -> str:
    """Stable story id: the first 16 hex digits of SHA-1 over the normalised URL."""
    return id_of_normalized(normalize_url(url))


def id_of_normalized(normalized: str) -> str:
    """``story_id`` for a URL already passed through ``normalize_url``."""
    return hashlib.sha1(normalized.encode("utf-8")).hexdigest()[:ID_LENGTH]
