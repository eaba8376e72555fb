"""The settings module switches between the embedded default and the real services."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENV_KEYS = [
    "DATABASE_URL",
    "REDIS_URL",
    "STRIPE_SECRET_KEY",
    "STRIPE_PUBLISHABLE_KEY",
    "STRIPE_WEBHOOK_SECRET",
    "STRIPE_API_BASE",
    "DJANGO_ENV",
    "DJANGO_DEBUG",
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
    "EMAIL_BACKEND",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
]

READ_SETTINGS = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({
    "engine": s.DATABASES["default"]["ENGINE"],
    "db_name": str(s.DATABASES["default"]["NAME"]),
    "layer": s.CHANNEL_LAYERS["default"]["BACKEND"],
    "cache": s.CACHES["default"]["BACKEND"],
    "eager": s.CELERY_TASK_ALWAYS_EAGER,
    "broker": s.CELERY_BROKER_URL,
    "email": s.EMAIL_BACKEND,
    "debug": s.DEBUG,
    "stripe": s.STRIPE_ENABLED,
    "stripe_base": s.STRIPE_API_BASE,
    "language": s.LANGUAGE_CODE,
    "tz": s.TIME_ZONE,
}))
"""


def run_python(code_or_args, **env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in ENV_KEYS}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    env.update(env_overrides)
    args = code_or_args if isinstance(code_or_args, list) else ["-c", code_or_args]
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def read_settings(**env):
    result = run_python(READ_SETTINGS, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_no_variables_give_the_embedded_default():
    s = read_settings()

    assert s["engine"] == "django.db.backends.sqlite3"
    assert s["db_name"].endswith("db.sqlite3")
    assert s["layer"] == "channels.layers.InMemoryChannelLayer"
    assert s["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert s["eager"] is True
    assert s["email"] == "django.core.mail.backends.console.EmailBackend"
    assert s["debug"] is True
    assert s["stripe"] is False
    assert s["language"] == "es-pe"
    assert s["tz"] == "America/Lima"


def test_variables_switch_to_real_services():
    s = read_settings(
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/estante",
        REDIS_URL="redis://127.0.0.1:6379/3",
        STRIPE_SECRET_KEY="sk_test_abc",
        STRIPE_PUBLISHABLE_KEY="pk_test_abc",
        STRIPE_WEBHOOK_SECRET="whsec_abc",
        STRIPE_API_BASE="http://127.0.0.1:8420",
    )

    assert s["engine"] == "django.db.backends.postgresql"
    assert s["db_name"] == "estante"
    assert s["layer"] == "chat.layers.BatchingPubSubChannelLayer"  # issue #19
    assert s["cache"] == "config.cache.ResilientRedisCache"  # RedisCache that degrades
    assert s["eager"] is False
    assert s["broker"] == "redis://127.0.0.1:6379/3"
    assert s["stripe"] is True
    assert s["stripe_base"] == "http://127.0.0.1:8420"


def test_production_passes_check_deploy_without_warnings():
    result = run_python(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        DJANGO_ALLOWED_HOSTS="librospepito.pe,www.librospepito.pe",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/estante",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_turns_debug_off():
    s = read_settings(
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        DJANGO_ALLOWED_HOSTS="librospepito.pe",
    )

    assert s["debug"] is False
    assert s["email"] == "django.core.mail.backends.smtp.EmailBackend"
