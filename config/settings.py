"""Estante settings: one module, driven by the environment.

With no variable set the project runs on the *embedded default*: a SQLite file, the in-memory
channel layer, eager Celery, the local-memory cache, console e-mail and no Stripe. Setting
DATABASE_URL, REDIS_URL and the STRIPE_* keys switches to the real services, and
DJANGO_ENV=production hardens everything for deployment.
"""

from decimal import Decimal
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

# GENERAL
# ------------------------------------------------------------------------------
# DJANGO_ENV is "development" (default) or "production".
DJANGO_ENV = env.str("DJANGO_ENV", default="development")
PRODUCTION = DJANGO_ENV == "production"

# https://docs.djangoproject.com/en/5.2/ref/settings/#debug
DEBUG = env.bool("DJANGO_DEBUG", default=not PRODUCTION)

# https://docs.djangoproject.com/en/5.2/ref/settings/#secret-key
if PRODUCTION:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY")
else:
    SECRET_KEY = env.str(
        "DJANGO_SECRET_KEY",
        default="insecure-development-key-only-for-the-embedded-default-do-not-deploy",
    )

# https://docs.djangoproject.com/en/5.2/ref/settings/#allowed-hosts
ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS",
    default=[] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]", "testserver"],
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# APPS
# ------------------------------------------------------------------------------
INSTALLED_APPS = [
    # daphne first so that `runserver` serves websockets too.
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",  # /sitemap.xml (shop.sitemaps)
    "channels",
    "django_htmx",
    "template_partials",
    "allauth",
    "allauth.account",
    # Two-factor authentication for staff (TOTP + recovery codes): see the AUTHENTICATION block.
    "allauth.mfa",
    # Estante
    "config",
    "outbox",
    "accounts",
    "catalog",
    "inventory",
    "orders",
    "shop",
    "chat",
    "crm",
    "loyalty",
    "ebooks",
    "insights",
    # Audit trail (issue #18): pghistory's triggers on PostgreSQL; after the apps it tracks,
    # so that its admin extends theirs.
    "pgtrigger",
    "pghistory",
    "audit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.StripNullCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cache-Control of every page, and the anonymous pages served from the cache (issue #19).
    # Outside sessions, CSRF and locale, so it sees the cookies they set on the way out.
    "config.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Audit trail (issue #18): who and where, in every history row a request writes.
    "audit.middleware.AuditContextMiddleware",
    # Staff: idle sessions end, and managers/owner/admin enrol MFA before staff pages (accounts).
    "accounts.middleware.StaffSessionMiddleware",
    # Last, so it is nearest the view: an uncaught domain error becomes its 4xx (issue #18).
    "config.middleware.DomainErrorMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.site",
                "config.context_processors.staff_console",
                "orders.context_processors.cart",
                "loyalty.context_processors.badge",
            ],
            # `soles` is used on almost every page: load it everywhere.
            "builtins": ["config.templatetags.money", "config.templatetags.forms"],
        },
    },
]

# DATABASES
# ------------------------------------------------------------------------------
# https://django-environ.readthedocs.io/en/latest/types.html#environ-env-db-url
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # `make run` writes from two processes (daphne and run_schedule): a writer waits up to
    # 20 s for the other's lock instead of failing at once with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
# Under ASGI (daphne: the websockets, and HTTP on the embedded default) Django runs each
# request's sync code in a thread of its own, and a persistent connection belongs to its thread:
# with CONN_MAX_AGE=60 daphne kept one connection per request thread (49 after a 4-second run;
# at 16 clients PostgreSQL ran out of them). So under ASGI: no persistent connections and
# psycopg's pool instead, at most DATABASE_POOL_SIZE connections per process, a request waiting
# up to DATABASE_POOL_TIMEOUT seconds for one. config/asgi.py sets ESTANTE_ASGI before Django
# starts; gunicorn's sync workers (one thread each) keep their persistent connection.
ASGI = env.bool("ESTANTE_ASGI", default=False)
DATABASE_POOL_SIZE = env.int("DATABASE_POOL_SIZE", default=8)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    options = DATABASES["default"].setdefault("OPTIONS", {})
    if env.str("DATABASE_APPLICATION_NAME", default=""):
        options["application_name"] = env.str("DATABASE_APPLICATION_NAME")
    if ASGI:
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        options["pool"] = {
            "min_size": 1,
            "max_size": DATABASE_POOL_SIZE,
            "timeout": env.float("DATABASE_POOL_TIMEOUT", default=10),
        }
    else:
        DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Trigram and full-text lookups for catalog search.
    INSTALLED_APPS.append("django.contrib.postgres")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# REDIS: cache, channel layer, Celery
# ------------------------------------------------------------------------------
# Resilience (issue #18): Redis down must not make the shop crawl. Every Redis client below
# has short timeouts; the cache degrades to "no cache" and the Celery hand-off to "the beat
# sweep delivers later", each behind a circuit breaker that skips Redis for a while after a
# failure (README, "Resilience"). Sessions live in the database (SESSION_ENGINE's default).
REDIS_URL = env.str("REDIS_URL", default="")
# Seconds a Redis client waits to connect, and for an answer.
REDIS_CONNECT_TIMEOUT = env.float("REDIS_CONNECT_TIMEOUT", default=0.5)
REDIS_SOCKET_TIMEOUT = env.float("REDIS_SOCKET_TIMEOUT", default=1.0)
# After a failure, the cache and the broker are skipped for this many seconds.
REDIS_BREAKER_COOLDOWN_SECONDS = env.float("REDIS_BREAKER_COOLDOWN_SECONDS", default=15)

if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache that answers "not cached" instead of raising when Redis is down.
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="estante"),
            "OPTIONS": {
                "socket_connect_timeout": REDIS_CONNECT_TIMEOUT,
                "socket_timeout": REDIS_SOCKET_TIMEOUT,
            },
        }
    }
    # Redis pub/sub (issue #19, bench/chat.py): a group push is one PUBLISH, and each daphne
    # process reads every push on one subscribed connection and hands it to its own sockets.
    # The list-based RedisChannelLayer took four round trips to push and four more to receive,
    # and received one message at a time under a process-wide lock: one daphne process queued
    # (p50 in seconds) at ~130 messages/s while using a third of a core. Pushes are not stored
    # either way (a lost one is caught up from the database on reconnect, chat.events).
    # CHANNEL_LAYER_BACKEND=channels_redis.core.RedisChannelLayer brings the old one back.
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": env.str(
                "CHANNEL_LAYER_BACKEND", default="chat.layers.BatchingPubSubChannelLayer"
            ),
            "CONFIG": {
                "hosts": [{"address": REDIS_URL, "socket_connect_timeout": REDIS_CONNECT_TIMEOUT}],
                "prefix": env.str("CHANNEL_LAYER_PREFIX", default="estante"),
            },
        }
    }
    if CHANNEL_LAYERS["default"]["BACKEND"] == "channels_redis.core.RedisChannelLayer":
        # It queues every socket of a daphne process under ONE Redis key, and its default
        # capacity of 100 silently dropped pushes once ~200 chats were busy.
        CHANNEL_LAYERS["default"]["CONFIG"]["capacity"] = env.int(
            "CHANNEL_LAYER_CAPACITY", default=5000
        )
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# THE PAGE CACHE (issue #19; README, "Caching")
# ------------------------------------------------------------------------------
# config.pagecache: the anonymous pages (home, lists, product, author, search, stores) kept in
# the cache above this many seconds, keyed by path, language and the catalog's generation
# (catalog.versions), so a change that shows on them is seen on the next request. 0 = off.
# With Redis only by default: on the embedded default the local-memory cache is per process,
# and a change made by `run_schedule` (an expired hold, an annulled order) would not reach the
# serving process's generation (the card fragments, keyed by Product.version, stay right).
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=30 if REDIS_URL else 0)
# s-maxage of those pages: how long a shared cache in front (nginx's micro-cache, a CDN) may
# serve one without asking. Short: only the app's cache hears of catalog changes.
PAGE_CACHE_SHARED_SECONDS = env.int("PAGE_CACHE_SHARED_SECONDS", default=1)

# https://docs.celeryq.dev/en/stable/userguide/configuration.html
CELERY_BROKER_URL = REDIS_URL or "memory://"
# No task result is ever read: no result backend (it retried for ~19 s per .delay() when
# Redis was down), and no result stored.
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
# Publishing fails fast: one quick reconnect (a pooled connection gone stale), then the caller
# (outbox.queue) leaves the row pending for the beat sweep.
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_CONNECT_TIMEOUT
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": REDIS_CONNECT_TIMEOUT,
    "socket_timeout": env.float("CELERY_BROKER_SOCKET_TIMEOUT", default=5.0),
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0,
    "interval_max": 0,
}
# The worker keeps trying to reach the broker when it starts (compose starts it with Redis).
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Without Redis there is no worker: tasks run in-process, right away.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
# The event spine runs handlers in-process right after commit (instead of through a Celery
# task) when there is no worker; tests turn it on too, so their handlers run at once.
OUTBOX_INLINE = env.bool("OUTBOX_INLINE", default=not REDIS_URL)
CELERY_TIMEZONE = "America/Lima"
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULE: dict = {
    "sweep-events": {
        "task": "outbox.tasks.sweep_events_task",
        "schedule": 30.0,
    },
    "release-expired-reservations": {
        "task": "inventory.tasks.release_expired_reservations_task",
        "schedule": 60.0,
    },
    "refresh-search-words": {
        "task": "catalog.tasks.refresh_search_words_task",
        "schedule": 900.0,
    },
    "annul-expired-orders": {
        "task": "orders.tasks.annul_expired_orders_task",
        "schedule": 300.0,
    },
    "retry-pending-notifications": {
        "task": "outbox.tasks.retry_pending_notifications_task",
        "schedule": 120.0,
    },
    "reconcile-card-payments": {
        "task": "orders.tasks.reconcile_payments_task",
        "schedule": 300.0,
    },
    "sweep-chat-presence": {
        "task": "chat.tasks.sweep_presence_task",
        "schedule": 60.0,
    },
}

# AUTHENTICATION
# ------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Staff only (a user with a store, a staff role, is_staff or superuser): longer, and free of
    # their e-mail's name and their own names; customers keep the four rules above.
    {
        "NAME": "accounts.passwords.StaffPasswordValidator",
        "OPTIONS": {"min_length": env.int("STAFF_PASSWORD_MIN_LENGTH", default=12)},
    },
]

# STAFF ACCOUNTS: MFA, idle sessions, the real client address (issue #18, accounts)
# ------------------------------------------------------------------------------
# https://docs.allauth.org/en/latest/mfa/configuration.html
MFA_ADAPTER = "accounts.mfa.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Libros Pepito"
# One step of clock drift either way (a code typed as it rolls over still works).
MFA_TOTP_TOLERANCE = 1
# Managers, the owner and admins must have MFA before any staff page or the admin; offered only
# in development so the demo logins printed by `make run` keep working.
STAFF_MFA_REQUIRED = env.bool("STAFF_MFA_REQUIRED", default=PRODUCTION)
# A staff session ends after this many seconds without a request (customers keep Django's
# two-week session).
STAFF_SESSION_IDLE_SECONDS = env.int("STAFF_SESSION_IDLE_SECONDS", default=30 * 60)
# The order board redraws itself this often when orders change (a 204 while nothing did); its
# polls do not count as activity for the idle clock above.
STAFF_BOARD_POLL_SECONDS = env.int("STAFF_BOARD_POLL_SECONDS", default=20)
# How many proxies we run in front of the app (nginx, a load balancer): the client address is
# the one they saw, taken from X-Forwarded-For; 0 trusts no header and uses REMOTE_ADDR.
# allauth's login rate limits and core.net.client_ip both read it.
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# Or a header the proxy sets to the client address alone (e.g. X-Real-IP); empty: none.
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env.str("DJANGO_TRUSTED_CLIENT_IP_HEADER", default="") or None

# https://docs.allauth.org/en/latest/account/configuration.html
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupExtraForm"
ACCOUNT_ADAPTER = "loyalty.adapters.AccountAdapter"  # crm.adapters + joining the Club Pepito
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Libros Pepito] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
# allauth's rate limits are on by default; spelled out so nobody turns them off by accident.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
}
# ABUSE (issue #18, "wsabuse"): sign-up's honeypot, with the name of core.abuse's; a bot that
# fills it gets the usual "te enviamos un correo" page and no account. accounts.signup hides it
# without an inline style (CSP).
ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD = "sitio_web"
ACCOUNT_FORMS = {"signup": "accounts.signup.SignupForm"}

# INTERNATIONALISATION
# ------------------------------------------------------------------------------
LANGUAGE_CODE = "es-pe"
LANGUAGES = [("es-pe", _("Español")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/Lima"
USE_I18N = True
USE_TZ = True
PHONENUMBER_REGION = "PE"
CURRENCY = "PEN"

# STATIC AND MEDIA
# ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# WhiteNoise serves static files from daphne/gunicorn; in development it reads the source folders.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# E-MAIL AND SMS
# ------------------------------------------------------------------------------
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default=(
        "django.core.mail.backends.smtp.EmailBackend"
        if PRODUCTION
        else "django.core.mail.backends.console.EmailBackend"
    ),
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Libros Pepito <hola@librospepito.pe>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# outbox.sms.ConsoleBackend prints; outbox.sms.LocmemBackend keeps messages for tests.
SMS_BACKEND = env.str("SMS_BACKEND", default="outbox.sms.ConsoleBackend")
# With SMS_BACKEND=outbox.sms.TwilioBackend:
TWILIO_ACCOUNT_SID = env.str("TWILIO_ACCOUNT_SID", default="")
TWILIO_AUTH_TOKEN = env.str("TWILIO_AUTH_TOKEN", default="")
TWILIO_FROM = env.str("TWILIO_FROM", default="")
TWILIO_API_BASE = env.str("TWILIO_API_BASE", default="https://api.twilio.com")

# STRIPE
# ------------------------------------------------------------------------------
STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env.str("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")
# localstripe in development and tests, e.g. http://127.0.0.1:8420
STRIPE_API_BASE = env.str("STRIPE_API_BASE", default="")
STRIPE_ENABLED = bool(STRIPE_SECRET_KEY and STRIPE_PUBLISHABLE_KEY)
# Stripe.js: the real one, or localstripe's stand-in served by the local server.
STRIPE_JS_URL = env.str(
    "STRIPE_JS_URL",
    default=f"{STRIPE_API_BASE.rstrip('/')}/js.stripe.com/v3/"
    if STRIPE_API_BASE
    else "https://js.stripe.com/v3/",
)

# SECURITY
# ------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
# No page prints a CSRF token: static/js/csrf.js reads the cookie (so not HttpOnly), fetched
# from /csrf/ before a visitor's first POST. A refusal is answered in Spanish (403).
CSRF_COOKIE_HTTPONLY = False
CSRF_FAILURE_VIEW = "config.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    # https://docs.djangoproject.com/en/5.2/howto/deployment/checklist/
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    # Load balancers probe /healthz over plain HTTP inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True

# CONTENT SECURITY POLICY AND BROWSER HEADERS (issue #18)
# ------------------------------------------------------------------------------
# django-csp: nothing inline may run or style (no script block, no on…= handler, no style=
# attribute: tests/config/test_csp_templates.py guards the templates) and nothing is eval'd
# (htmx is told so by the htmx-config meta tag in base.html). The policy is enforced, in tests
# too: every browser test fails on a violation (tests/browser/conftest.py). config.csp adds this
# host's websocket and, while card payments are on, Stripe.js and its API. CSP_REPORT_URI sends
# the browsers' violation reports to a collector (none by default).
# https://django-csp.readthedocs.io/en/latest/configuration.html
from csp.constants import NONE, SELF  # noqa: E402

MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "config.csp.CSPMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("config.csp.CSPMiddleware") + 1,
    "django_permissions_policy.PermissionsPolicyMiddleware",
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "report-uri": env.list("CSP_REPORT_URI", default=[]) or None,
    }
}
# Powerful browser features the shop never uses are off for every page and frame (only names
# Chromium knows: it warns in the console about others); payment stays
# for Stripe's frames (wallets in the card field).
PERMISSIONS_POLICY: dict[str, list[str]] = {
    **{
        feature: []
        for feature in (
            "accelerometer",
            "autoplay",
            "browsing-topics",
            "camera",
            "display-capture",
            "encrypted-media",
            "geolocation",
            "gyroscope",
            "hid",
            "idle-detection",
            "interest-cohort",
            "local-fonts",
            "magnetometer",
            "microphone",
            "midi",
            "screen-wake-lock",
            "serial",
            "usb",
            "xr-spatial-tracking",
        )
    },
    "fullscreen": ["self"],
    "payment": ["self", "https://js.stripe.com"],
}
# Django's SecurityMiddleware sends both (these are its defaults, spelled out and tested).
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# LOGGING
# ------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# ESTANTE
# ------------------------------------------------------------------------------
SITE_NAME = "Libros Pepito"

# LIBRO DE RECLAMACIONES (issue #11, "claims": Ley 29571, D.S. 011-2011-PCM and 101-2022-PCM)
# ------------------------------------------------------------------------------
# The supplier printed on every sheet and on the copy e-mailed to the consumer.
COMPLAINTS_SUPPLIER = {
    "name": env.str("COMPLAINTS_SUPPLIER_NAME", default="Libros Pepito S.A.C."),
    "ruc": env.str("COMPLAINTS_SUPPLIER_RUC", default="20601234565"),
    "address": env.str(
        "COMPLAINTS_SUPPLIER_ADDRESS", default="Av. José Larco 345, Miraflores, Lima, Perú"
    ),
}
# The legal term to answer, in business days (Monday to Friday, Peru's holidays excepted).
COMPLAINTS_ANSWER_BUSINESS_DAYS = env.int("COMPLAINTS_ANSWER_BUSINESS_DAYS", default=15)
# Reminders to the people below when a sheet has this many business days left (and once overdue).
COMPLAINTS_REMINDER_BUSINESS_DAYS = [
    int(days) for days in env.list("COMPLAINTS_REMINDER_BUSINESS_DAYS", default=["5", "2", "1"])
]
COMPLAINTS_STAFF_EMAILS = env.list(
    "COMPLAINTS_STAFF_EMAILS", default=["reclamaciones@librospepito.pe"]
)

# ORDERS
# ------------------------------------------------------------------------------
# IGV per product tax class; prices shown to customers include it. Books are exonerated
# (Ley 31053), merchandise pays the standard rate.
IGV_RATES = {"standard": "0.18", "exonerated": "0.00"}
# How long a pickup order is held at the store before it is released (and the order annulled).
ORDER_PICKUP_HOLD_HOURS = env.int("ORDER_PICKUP_HOLD_HOURS", default=48)
# How long stock is held for a card order waiting for its payment.
ORDER_PAYMENT_HOLD_MINUTES = env.int("ORDER_PAYMENT_HOLD_MINUTES", default=30)
# The same when a clerk sends a payment link (phone and chat orders): the customer pays later.
ORDER_PAYMENT_LINK_HOLD_HOURS = env.int("ORDER_PAYMENT_LINK_HOLD_HOURS", default=24)
# Pago contra entrega: the copies stay held until this many days after the delivery date (a
# second attempt reschedules and holds them again).
ORDER_COD_HOLD_DAYS = env.int("ORDER_COD_HOLD_DAYS", default=2)
# Delivery dates offered at checkout, from tomorrow (or the zone's lead time).
DELIVERY_DAYS_AHEAD = env.int("DELIVERY_DAYS_AHEAD", default=7)
# Absolute links in e-mails and SMS (no request at hand in a Celery task).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# How long inventory.stock.reserve() holds stock when the caller gives no ttl (a cart).
INVENTORY_CART_HOLD_MINUTES = env.int("INVENTORY_CART_HOLD_MINUTES", default=15)

# CLUB PEPITO: LOYALTY POINTS AND STORE CREDIT (issue #13; README, "Club Pepito (puntos)")
# ------------------------------------------------------------------------------
# Points earned per S/ 1 actually paid (delivery, points and store credit excluded), before the
# tier's multiplier; what one point is worth when spent; the smallest redemption; the largest
# share of an order's payable amount points may pay.
LOYALTY_POINTS_PER_SOL = env.int("LOYALTY_POINTS_PER_SOL", default=1)
LOYALTY_POINT_VALUE = Decimal(env.str("LOYALTY_POINT_VALUE", default="0.05"))
LOYALTY_MIN_REDEEM_POINTS = env.int("LOYALTY_MIN_REDEEM_POINTS", default=100)
LOYALTY_MAX_REDEEM_SHARE = Decimal(env.str("LOYALTY_MAX_REDEEM_SHARE", default="0.50"))
# Points expire this many months after they were earned; the customer is told this many days before.
LOYALTY_EXPIRY_MONTHS = env.int("LOYALTY_EXPIRY_MONTHS", default=12)
LOYALTY_EXPIRY_WARNING_DAYS = env.int("LOYALTY_EXPIRY_WARNING_DAYS", default=30)
# Points given back by a return keep their expiry, with at least this many days left.
LOYALTY_GIVE_BACK_MIN_DAYS = env.int("LOYALTY_GIVE_BACK_MIN_DAYS", default=30)
LOYALTY_SIGNUP_BONUS = env.int("LOYALTY_SIGNUP_BONUS", default=100)
LOYALTY_BIRTHDAY_BONUS = env.int("LOYALTY_BIRTHDAY_BONUS", default=200)

# CHAT
# ------------------------------------------------------------------------------
# Active conversations one clerk holds before new ones go to a colleague or wait.
CHAT_MAX_CONCURRENT = env.int("CHAT_MAX_CONCURRENT", default=4)
# The port of the websocket server when it is not the page's own (`make run` with REDIS_URL:
# gunicorn serves pages on PORT, daphne the chat's /ws/ on PORT+1). 0: the page's host and port.
CHAT_WEBSOCKET_PORT = env.int("CHAT_WEBSOCKET_PORT", default=0)
# Threads of a daphne process that run the chat's services (chat.consumers.SERVICE_THREADS):
# each holds at most one database connection from the pool, so no more than the pool's size.
CHAT_SERVICE_THREADS = env.int("CHAT_SERVICE_THREADS", default=DATABASE_POOL_SIZE)
# ABUSE LIMITS (issue #18, "wsabuse"): the public forms that write, per client (core.abuse)
# ------------------------------------------------------------------------------
# The client address is core.net.client_ip (TRUSTED_PROXY_COUNT, in the accounts block above).
# "<count>/<period>" per visitor address (IPv6: per /64) or per logged-in account. Sign-up is
# ACCOUNT_RATE_LIMITS["signup"] (allauth's limiter). "return_request" waits for the returns.
ABUSE_RATE_LIMITS = {
    "back_in_stock": env.str("ABUSE_RATE_BACK_IN_STOCK", default="10/h"),
    "order_lookup": env.str("ABUSE_RATE_ORDER_LOOKUP", default="10/10m"),
    # Per order number, whoever asks: guessing one order's e-mail from many addresses.
    "order_lookup_number": env.str("ABUSE_RATE_ORDER_LOOKUP_NUMBER", default="20/h"),
    "chat_start": env.str("ABUSE_RATE_CHAT_START", default="6/h"),
    "return_request": env.str("ABUSE_RATE_RETURN_REQUEST", default="5/h"),
    "complaint": env.str("ABUSE_RATE_COMPLAINT", default="5/h"),
}

# Per sender: at most CHAT_RATE_LIMIT messages every CHAT_RATE_WINDOW seconds.
CHAT_RATE_LIMIT = env.int("CHAT_RATE_LIMIT", default=8)
CHAT_RATE_WINDOW = env.int("CHAT_RATE_WINDOW", default=10)
# Minutes one conversation takes on average: the wait estimate shown to customers.
CHAT_AVG_HANDLE_MINUTES = env.int("CHAT_AVG_HANDLE_MINUTES", default=4)
# Seconds without a heartbeat after which a clerk's inbox socket stops counting (chat.presence);
# the page beats every third of it. 90, not 60: a browser may slow a background tab's timers to
# one a minute, and a clerk often keeps the inbox in a background tab.
CHAT_PRESENCE_TIMEOUT = env.int("CHAT_PRESENCE_TIMEOUT", default=90)
# Further seconds before a silent clerk's open conversations may be taken over by a colleague.
CHAT_PRESENCE_GRACE = env.int("CHAT_PRESENCE_GRACE", default=120)

# OPERATIONS: nightly reconciliation, uploads (issue #18, "ops")
# ------------------------------------------------------------------------------
from celery.schedules import crontab  # noqa: E402

# Who gets the reconciliation report (and Django's error mails): "Name <mail>, other@mail".
# https://docs.djangoproject.com/en/5.2/ref/settings/#admins
ADMINS = [
    (address.split("<")[0].strip() or address, address.split("<")[-1].rstrip(">").strip())
    for address in env.list("DJANGO_ADMINS", default=[])
]
# A delivery or notification still pending this long after it was due counts as stuck.
RECONCILE_STUCK_MINUTES = env.int("RECONCILE_STUCK_MINUTES", default=60)
# Failed notifications of the last days are reported (older ones were reported already).
RECONCILE_FAILED_DAYS = env.int("RECONCILE_FAILED_DAYS", default=2)
# Every night (Lima time, CELERY_TIMEZONE) run the reconcilers; the admins get a mail only when
# something differs. RECONCILE_FIX=true also corrects what can be corrected safely.
CELERY_BEAT_SCHEDULE["reconcile-nightly"] = {
    "task": "config.tasks.reconcile_task",
    "schedule": crontab(
        hour=env.int("RECONCILE_HOUR", default=3), minute=env.int("RECONCILE_MINUTE", default=30)
    ),
    "kwargs": {"fix": env.bool("RECONCILE_FIX", default=False)},
}

# Uploads (core.uploads). Images: checked by content with Pillow, re-encoded as JPEG.
UPLOAD_IMAGE_MAX_BYTES = env.int("UPLOAD_IMAGE_MAX_BYTES", default=8 * 1024 * 1024)
UPLOAD_IMAGE_MAX_PIXELS = env.int("UPLOAD_IMAGE_MAX_PIXELS", default=40_000_000)
UPLOAD_IMAGE_MAX_SIDE = env.int("UPLOAD_IMAGE_MAX_SIDE", default=1600)
# Files only the application reads (catalog imports): outside MEDIA_ROOT, never served.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private")
STORAGES["private"] = {"BACKEND": "core.uploads.PrivateFileSystemStorage"}
# Catalog import files: size limit, and how long the uploaded file is kept (the job's report
# stays); a daily beat task deletes older ones.
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=20 * 1024 * 1024)
IMPORT_FILE_RETENTION_DAYS = env.int("IMPORT_FILE_RETENTION_DAYS", default=30)
# An import uploaded while the broker was down is queued again (catalog.imports.jobs).
CELERY_BEAT_SCHEDULE["requeue-pending-imports"] = {
    "task": "catalog.tasks.requeue_pending_imports_task",
    "schedule": 120.0,
}
CELERY_BEAT_SCHEDULE["purge-import-files"] = {
    "task": "catalog.tasks.purge_import_files_task",
    "schedule": crontab(hour=4, minute=15),
}

# SPEED: the product page's precomputed recommendations (issue #19, "product")
# ------------------------------------------------------------------------------
# Order facts refresh the lists of the books they carry; every night all of them are rebuilt
# (best sellers move, books come and go). See shop.recommendations.
# The Libro de Reclamaciones' reminders before the legal term, and the overdue flag.
CELERY_BEAT_SCHEDULE["complaint-reminders"] = {
    "task": "crm.tasks.complaint_reminders_task",
    "schedule": 3600.0,
}
CELERY_BEAT_SCHEDULE["rebuild-recommendations"] = {
    "task": "shop.tasks.rebuild_recommendations_task",
    "schedule": crontab(
        hour=env.int("RECOMMENDATIONS_HOUR", default=4),
        minute=env.int("RECOMMENDATIONS_MINUTE", default=45),
    ),
}

# Club Pepito (loyalty.tasks): expiry and its warning, the tiers, the birthday bonus.
CELERY_BEAT_SCHEDULE["loyalty-expire-points"] = {
    "task": "loyalty.tasks.expire_points_task",
    "schedule": crontab(hour=2, minute=10),
}
CELERY_BEAT_SCHEDULE["loyalty-recalculate-tiers"] = {
    "task": "loyalty.tasks.recalculate_tiers_task",
    "schedule": crontab(hour=2, minute=40),
}
CELERY_BEAT_SCHEDULE["loyalty-birthday-bonuses"] = {
    "task": "loyalty.tasks.birthday_bonuses_task",
    "schedule": crontab(hour=7, minute=0),
}

# BENCHMARKS
# bench/http.py serves a bare "hello" view (/bench/hello/) beside the pages it measures, as the
# floor every page is compared with. Off unless this is set: production has no such URL.
BENCH_HELLO_VIEW = env.bool("BENCH_HELLO_VIEW", default=False)
