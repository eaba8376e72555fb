"""Estante settings: one module, driven by the environment.

With no variable set the project runs on the *embedded default*: a SQLite file, the in-memory
channel layer, eager Celery, the local-memory cache, console e-mail and no Stripe. Setting
DATABASE_URL, REDIS_URL and the STRIPE_* keys switches to the real services, and
DJANGO_ENV=production hardens everything for deployment.
"""

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
    "channels",
    "django_htmx",
    "template_partials",
    "allauth",
    "allauth.account",
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
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.StripNullCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
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
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Trigram and full-text lookups for catalog search.
    INSTALLED_APPS.append("django.contrib.postgres")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# REDIS: cache, channel layer, Celery
# ------------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="estante"),
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                "hosts": [REDIS_URL],
                "prefix": env.str("CHANNEL_LAYER_PREFIX", default="estante"),
                # channels_redis queues every socket of a daphne process under ONE Redis key,
                # and its default capacity of 100 silently dropped pushes once ~200 chats
                # were busy (bench/chat.py). The client catches up on reconnect, but only then.
                "capacity": env.int("CHANNEL_LAYER_CAPACITY", default=5000),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# https://docs.celeryq.dev/en/stable/userguide/configuration.html
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
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
]

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
ACCOUNT_ADAPTER = "crm.adapters.AccountAdapter"
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
    SECURE_REFERRER_POLICY = "same-origin"

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
# Delivery dates offered at checkout, from tomorrow (or the zone's lead time).
DELIVERY_DAYS_AHEAD = env.int("DELIVERY_DAYS_AHEAD", default=7)
# Absolute links in e-mails and SMS (no request at hand in a Celery task).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# How long inventory.stock.reserve() holds stock when the caller gives no ttl (a cart).
INVENTORY_CART_HOLD_MINUTES = env.int("INVENTORY_CART_HOLD_MINUTES", default=15)

# CHAT
# ------------------------------------------------------------------------------
# Active conversations one clerk holds before new ones go to a colleague or wait.
CHAT_MAX_CONCURRENT = env.int("CHAT_MAX_CONCURRENT", default=4)
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
CELERY_BEAT_SCHEDULE["purge-import-files"] = {
    "task": "catalog.tasks.purge_import_files_task",
    "schedule": crontab(hour=4, minute=15),
}
