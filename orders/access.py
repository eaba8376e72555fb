"""Who may open an order's pages without logging in: links that carry a signed token.

The e-mails and SMS of an order (and the payment link of a phone order) go to a person who may
have no account, on a phone other than the one they bought with. Their links carry a token
signed with SECRET_KEY that names the order; opening one grants that browser session access to
that order only.
"""

from django.conf import settings
from django.core import signing

SALT = "orders.access"
MAX_AGE_SECONDS = 60 * 60 * 24 * 120  # links keep working for the return window and more
SESSION_KEY = "orders_access"


def token_for(order) -> str:
    # No compress=True: a number never gets shorter compressed, so it never changed a token.
    return signing.dumps(order.number, salt=SALT)


def signed_url(order, suffix: str = "") -> str:
    """Absolute link to the order's page (or `suffix`, e.g. "pagar/") for a notification."""
    return f"{settings.SITE_URL}{order.get_absolute_url()}{suffix}?t={token_for(order)}"


def number_in_token(token: str) -> str | None:
    try:
        return signing.loads(token[:300], salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        return None


def grant(request, number: str) -> None:
    request.session[SESSION_KEY] = [*request.session.get(SESSION_KEY, []), number][-20:]


def has_access(request, number: str) -> bool:
    if number in request.session.get(SESSION_KEY, []):
        return True
    token = request.GET.get("t")
    if token and number_in_token(token) == number:
        grant(request, number)
        return True
    return False
