"""Who is asking: the one client address every limit counts against.

The peer address of the connection, or, only when that peer is a proxy the operator trusts
(``GKREG_TRUSTED_PROXIES``), the right-most ``X-Forwarded-For`` entry that is not itself a trusted
proxy. Without the variable the header is ignored, so nobody escapes a limit by sending one.
"""

from __future__ import annotations

import ipaddress
import os

ENV = "GKREG_TRUSTED_PROXIES"
UNKNOWN = "unknown"


def _parse(text: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = (text or "").strip()
    if text.startswith("[") and "]" in text:  # "[::1]:443"
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # "1.2.3.4:5678"
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    return address


def trusted_proxies(value: str | None = None) -> frozenset:
    """The addresses listed in ``GKREG_TRUSTED_PROXIES`` (or ``value``), comma-separated."""
    raw = os.environ.get(ENV, "") if value is None else value
    found = (_parse(part) for part in raw.split(","))
    return frozenset(a for a in found if a is not None)


def client_address(peer: str | None, forwarded_for: str | None = None, trusted: str | None = None) -> str:
    """The address limits count against (a normalised IP, or ``"unknown"``).

    ``trusted`` is the proxy list (``None``: read ``GKREG_TRUSTED_PROXIES``).
    """
    proxies = trusted_proxies(trusted)
    address = _parse(peer)
    if address is None:
        return UNKNOWN
    if address in proxies and forwarded_for:
        for entry in reversed(forwarded_for.split(",")):
            hop = _parse(entry)
            if hop is None:
                break  # a garbled hop: stop at the last address a trusted proxy vouched for
            address = hop
            if hop not in proxies:
                break
    return str(address)
