"""ASGI entry point: HTTP and websockets (under /ws/) from one daphne process.

In production, and in `make run` with REDIS_URL, only /ws/ reaches daphne; HTTP goes to
gunicorn (config.wsgi). On the embedded default one daphne process serves both (the in-memory
channel layer lives in one process).
"""

import gc
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Under ASGI the database goes through a connection pool (config/settings.py, DATABASES).
os.environ.setdefault("ESTANTE_ASGI", "true")

# Django must be set up before anything imports models (the consumers do).
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from chat.consumers import HandshakeRefusals  # noqa: E402
from chat.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        # HandshakeRefusals outermost: a foreign origin gets 4403 after the handshake, not an
        # HTTP 403 that the browser reports as 1006 (and would retry forever).
        "websocket": HandshakeRefusals(
            AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns)))
        ),
    }
)

# Everything loaded so far (Django, the apps, their modules: some 260,000 objects) lives as long
# as the process: out of the garbage collector's sight, so that a full collection walks only
# what the sockets made since. Before, each one walked them all and stopped the event loop, and
# every socket of the process, for 100 to 600 ms every few seconds at 400 conversations
# (issue #19, README "Benchmarks").
gc.freeze()
