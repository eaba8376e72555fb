"""Safe redirects for `next=`-style parameters: the one helper every view uses."""

from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

from core.parsing import strip_nul

MAX_NEXT_LENGTH = 2000


def safe_next_url(request, candidate, fallback: str) -> str:
    """`candidate` if it is a path on this site, else `fallback`.

    Only a local absolute path is kept ("/libros/x/?pagina=2"): not another host, not a scheme
    (`javascript:`), not "//evil.pe", and not a bare word such as "abc", which Django's
    `redirect()` would try to reverse as a URL name (a NoReverseMatch, a 500)."""
    candidate = strip_nul(str(candidate or "")).strip()
    if (
        not candidate
        or len(candidate) > MAX_NEXT_LENGTH
        or not candidate.startswith("/")
        or candidate.startswith(("//", "/\\"))
        or not url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return fallback
    return candidate


def redirect_to_next(request, candidate, fallback: str) -> HttpResponseRedirect:
    """A redirect to `safe_next_url(...)`: never reverses, never leaves the site."""
    return HttpResponseRedirect(safe_next_url(request, candidate, fallback))
