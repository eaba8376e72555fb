"""Staff sessions: they end after inactivity, and MFA is enrolled before any staff page.

Customers are left alone: their session lasts Django's two weeks and MFA is only offered.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from accounts.mfa import needs_enrolment

# URL namespaces of the pages only staff open: the console, the admin, the owner's dashboards.
STAFF_NAMESPACES = {"staff", "admin", "insights"}
# Session key: when (epoch seconds) this staff session last made a request.
LAST_SEEN_KEY = "staff_last_seen"
# Sent by a page's own refresh (hx-headers): it does not keep an idle session alive.
BACKGROUND_POLL_HEADER = "X-Background-Poll"


def start_staff_clock(sender, request, user, **kwargs):
    """`user_logged_in`: a staff session starts its idle clock at login (so the first page
    after it does not write the session again)."""
    if request is not None and hasattr(request, "session") and user.is_store_staff:
        request.session[LAST_SEEN_KEY] = int(time.time())
        request.session.set_expiry(settings.STAFF_SESSION_IDLE_SECONDS + 60)


class StaffSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_store_staff:
            expired = self._touch(request)
            if expired:
                return expired
        return self.get_response(request)

    def _touch(self, request):
        """Log out a staff session idle for longer than STAFF_SESSION_IDLE_SECONDS, else note
        this request (at most every few seconds, not to write the session on every request)."""
        idle = settings.STAFF_SESSION_IDLE_SECONDS
        now = int(time.time())
        seen = request.session.get(LAST_SEEN_KEY)
        if isinstance(seen, int) and now - seen > idle:
            logout(request)
            messages.info(
                request,
                _(
                    "Cerramos tu sesión tras %(minutes)d minutos sin actividad, para que nadie "
                    "use la consola en tu nombre. Vuelve a ingresar."
                )
                % {"minutes": max(1, idle // 60)},
            )
            next_url = request.get_full_path() if request.method == "GET" else None
            response = redirect_to_login(next_url) if next_url else redirect(settings.LOGIN_URL)
            return _whole_page(request, response)
        if request.headers.get(BACKGROUND_POLL_HEADER) == "1":
            return None  # a page polling by itself (the order board) is not the clerk at work
        if not isinstance(seen, int) or now - seen >= min(60, max(1, idle // 30)):
            request.session[LAST_SEEN_KEY] = now
            # The cookie and the stored session expire too (a websocket reads the session).
            request.session.set_expiry(idle + 60)
        return None

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or not STAFF_NAMESPACES & set(match.namespaces):
            return None
        if not needs_enrolment(request.user):
            return None
        messages.warning(
            request,
            _(
                "Tu cargo exige la verificación en dos pasos antes de entrar a la consola o al "
                "administrador. Escanea el código con una app de autenticación (Google "
                "Authenticator, Microsoft Authenticator...) y escribe el código que muestra."
            ),
        )
        return _whole_page(request, redirect("mfa_activate_totp"))


def _whole_page(request, response):
    """An htmx request gets the redirect as a full page load, not swapped into a fragment."""
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(response["Location"])
    return response
