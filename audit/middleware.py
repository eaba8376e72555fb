"""Who made a change: the request's user and path, attached to every history row it writes.

pghistory's own HistoryMiddleware prefixes each write with a PostgreSQL `set_config` call,
which other databases refuse; this one does the same only on PostgreSQL (the only database
where the triggers that read it exist) and passes the request through untouched elsewhere.
"""

from django.db import connection
from pghistory.middleware import HistoryMiddleware


class AuditContextMiddleware(HistoryMiddleware):
    """After AuthenticationMiddleware. Adds the user (id), the path and the method."""

    def get_context(self, request):
        context = super().get_context(request)
        # PostgreSQL's jsonb refuses \u0000: a NUL in the path must not fail the write.
        context["url"] = context["url"].replace("\x00", "")[:500]
        return {**context, "method": request.method}

    def __call__(self, request):
        if connection.vendor != "postgresql":
            return self.get_response(request)
        return super().__call__(request)
