"""The real client address of a request, behind however many proxies we trust.

One reading for every limit: core.abuse's limits and allauth's (login, sign-up) must agree on
who the client is, or a limit can be dodged by a forged X-Forwarded-For sent to the one that
believes it. This follows allauth's rule (allauth.core.internal.httpkit.get_client_ip) from
the same settings: TRUSTED_PROXY_COUNT (= ALLAUTH_TRUSTED_PROXY_COUNT) and, when set,
ALLAUTH_TRUSTED_CLIENT_IP_HEADER (a header the proxy sets, e.g. CF-Connecting-IP).
"""

import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or with TRUSTED_PROXY_COUNT = n > 0 the n-th address
    from the right of X-Forwarded-For (the one our outermost trusted proxy saw).

    Entries to the left of that one are whatever the client wrote, so they are never read. A
    header with fewer entries than trusted proxies was written by our proxies alone: its first
    entry is the client. Anything that is not an IP address falls back to REMOTE_ADDR.
    """
    remote = _clean(request.META.get("REMOTE_ADDR", "")) or "0.0.0.0"
    header = getattr(settings, "ALLAUTH_TRUSTED_CLIENT_IP_HEADER", None)
    if header:
        return _clean(request.headers.get(header, "")) or remote
    trusted = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if trusted <= 0 or not forwarded:
        return remote
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if not hops:
        return remote
    hop = hops[-trusted] if len(hops) >= trusted else hops[0]
    return _clean(hop) or remote


def _clean(value: str) -> str:
    value = (value or "").strip()[:64]
    if value.startswith("[") and "]" in value:  # [2001:db8::1]:443
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # 203.0.113.7:51234
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return ""


def rate_key_ip(address: str) -> str:
    """The address as a rate-limit key: IPv6 clients get a whole /64 (one home or phone gets
    a /64 and can pick any address in it), IPv4 the address itself."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        return str(ipaddress.IPv6Network(f"{parsed}/64", strict=False).network_address) + "/64"
    return str(parsed)
