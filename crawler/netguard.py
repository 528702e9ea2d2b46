"""Which network addresses a crawl may connect to: the SSRF rules, as pure functions.

Why: a page can name any address in an ``<img src>``, a stylesheet, ``<base href>`` or a
redirect ``Location``. A crawler running next to a cloud metadata service
(``169.254.169.254``), an admin interface on ``127.0.0.1`` or a private network must not
fetch those and archive the answer. So every request is checked twice: its URL host here
(literal addresses in every spelling a resolver accepts: ``2852039166``, ``0251.0376.0251.0376``,
``0xa9.254.169.254``, ``127.1``, ``[::ffff:169.254.169.254]``), and, for host names, the
addresses they resolve to at connect time (``crawler.handlers.guarded_resolver``).

A host the seed names in ``allowed_domains`` (or one of its subdomains) is always allowed:
the operator chose it (the demo site and the tests crawl 127.0.0.1 on purpose).
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Iterable

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

#: Host spellings that ``inet_aton`` (and so getaddrinfo) reads as an IPv4 address:
#: dotted, decimal, octal and hex parts, 1 to 4 of them.
_LEGACY_IPV4 = re.compile(r"^(0x[0-9a-f]*|[0-9]+)(\.(0x[0-9a-f]*|[0-9]+)){0,3}\.?$", re.I)


def parse_ip(host: str) -> IPAddress | None:
    """The address a URL host denotes if it is a literal address in any spelling, else None."""
    host = host.strip().strip("[]").lower()
    if not host:
        return None
    if "%" in host:  # IPv6 zone id: fe80::1%eth0
        host = host.split("%", 1)[0]
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    if _LEGACY_IPV4.match(host):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host.rstrip(".")))
        except OSError:
            return None
    return None


#: Special-use names that are never a public site on the Internet (RFC 6761, RFC 2606).
LOCAL_SUFFIXES = ("localhost", "test", "invalid", "example")


def is_local_host(host: str) -> bool:
    """A loopback address or a special-use name (``news.demo.test``): not a public site."""
    address = parse_ip(host)
    if address is not None:
        return address.is_loopback
    name = host.strip().rstrip(".").lower()
    return any(name == s or name.endswith("." + s) for s in LOCAL_SUFFIXES)


def forbidden_reason(address: IPAddress) -> str | None:
    """Why a crawl must not connect to ``address`` (None: a public address)."""
    if isinstance(address, ipaddress.IPv6Address):
        mapped = address.ipv4_mapped or address.sixtofour
        if mapped is not None:
            return forbidden_reason(mapped)
        if address in ipaddress.IPv6Network("64:ff9b::/96"):  # NAT64 of an IPv4 address
            return forbidden_reason(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    checks = (
        ("is_loopback", "loopback"),
        ("is_link_local", "link-local"),
        ("is_multicast", "multicast"),
        ("is_unspecified", "unspecified"),
        ("is_private", "private"),
        ("is_reserved", "reserved"),
    )
    for attr, words in checks:
        if getattr(address, attr):
            return f"{words} address"
    if not address.is_global:  # shared address space 100.64/10 and the like
        return "non-public address"
    return None


def host_allowed(host: str, allowed_domains: Iterable[str]) -> bool:
    """True if ``host`` is one of ``allowed_domains`` or a subdomain of one."""
    host = host.strip("[]").lower().rstrip(".")
    for domain in allowed_domains:
        domain = domain.strip("[]").lower().rstrip(".")
        if host == domain or host.endswith("." + domain):
            return True
        # The same literal address in another spelling (127.0.0.1 vs 2130706433).
        a, b = parse_ip(host), parse_ip(domain)
        if a is not None and a == b:
            return True
    return False


#: Names that can only mean this machine, whatever resolves them (RFC 6761: every name
#: under ``localhost`` too; the rest are the usual /etc/hosts aliases).
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})
#: Names of cloud metadata services (Google, AWS): credentials live behind them.
METADATA_NAMES = frozenset(
    {"metadata.google.internal", "metadata.goog", "metadata", "instance-data",
     "instance-data.ec2.internal"}
)  # fmt: skip


def name_refusal(host: str, proxy_host: str | None = None) -> str | None:
    """Why the host *name* ``host`` is refused whatever resolves it (None: not by name).

    With a proxy the proxy resolves names, so the connect-time check never sees where
    ``localhost`` or ``metadata.google.internal`` lead: they are refused by name. So is the
    proxy's own host (the proxy would reach its own machine's other ports for us).
    """
    name = host.strip().rstrip(".").lower()
    if name in LOOPBACK_NAMES or name.endswith(".localhost"):
        return f"loopback name {name}"
    if name in METADATA_NAMES:
        return f"cloud metadata service name {name}"
    if proxy_host and host_allowed(name, [proxy_host]):
        return f"the proxy's own host {name}"
    return None


def refusal(host: str, allowed_domains: Iterable[str], proxy_host: str | None = None) -> str | None:
    """Why a request to ``host`` is refused (None: not refused): a literal internal address,
    or a name that can only mean this machine, a metadata service or the proxy's host.

    Other host names are not resolved here; their addresses are checked at connect time.
    """
    if host_allowed(host, allowed_domains):
        return None
    address = parse_ip(host)
    if address is None:
        why = name_refusal(host, proxy_host)
        return f"{why} is not in the seed's allowed_domains" if why else None
    reason = forbidden_reason(address)
    if reason is None:
        return None
    return f"{reason} {address} is not in the seed's allowed_domains"
