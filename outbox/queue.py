"""Hand a task to the Celery broker without ever making a request wait for it.

The outbox rows (Event/Delivery, Notification) are the durable record and the beat jobs
deliver whatever was not queued; so when the broker is down the hand-off is skipped at once:
short broker timeouts (config/settings.py), no result backend, and a circuit breaker that
skips the broker for REDIS_BREAKER_COOLDOWN_SECONDS after a failure.
"""

from __future__ import annotations

import logging

from django.conf import settings
from kombu.exceptions import OperationalError
from redis.exceptions import RedisError

from core.breakers import CircuitBreakerError, is_open, make_breaker

logger = logging.getLogger(__name__)

BREAKER = make_breaker(
    "Redis (Celery broker)",
    reset_timeout=settings.REDIS_BREAKER_COOLDOWN_SECONDS,
    failures=(OperationalError, RedisError, OSError),
)


def enqueue(task, *args) -> bool:
    """Queue `task(*args)`; False (logged, never raised) when the broker is down or skipped."""
    if task.app.conf.task_always_eager:  # no broker: the task runs here and now
        try:
            task.delay(*args)
        except Exception:
            logger.exception(
                "Task %s%r failed in-process; the beat job retries it", task.name, args
            )
            return False
        return True
    try:
        BREAKER.call(task.delay, *args)
    except CircuitBreakerError:
        logger.info("Broker skipped for %s%r; the beat job delivers it", task.name, args)
        return False
    except Exception as exc:
        logger.warning("Could not queue %s%r (%s); the beat job delivers it", task.name, args, exc)
        return False
    return True


def broker_skipped() -> bool:
    """True while the breaker skips the broker (for /healthz)."""
    return is_open(BREAKER)
