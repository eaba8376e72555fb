"""Circuit breakers for the services the shop can do without for a while (Redis as cache and as
Celery broker): after one failure the service is skipped for `reset_timeout` seconds, so a
request pays at most one timeout per process and cooldown instead of one per call; then the
next call tries again ("half-open") and closes the breaker if it works.

A thin layer over pybreaker (thread-safe, well kept): one breaker per service and process.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

import pybreaker

logger = logging.getLogger(__name__)

CircuitBreakerError = pybreaker.CircuitBreakerError


class _LogTransitions(pybreaker.CircuitBreakerListener):
    def state_change(self, cb, old_state, new_state) -> None:
        old = old_state.name if old_state else "-"
        if new_state.name == pybreaker.STATE_OPEN:
            logger.warning("%s is down: skipped for %s s (was %s)", cb.name, cb.reset_timeout, old)
        elif new_state.name == pybreaker.STATE_CLOSED and old != pybreaker.STATE_CLOSED:
            logger.warning("%s is back", cb.name)


def make_breaker(
    name: str, *, reset_timeout: float, failures: Iterable[type[BaseException]]
) -> pybreaker.CircuitBreaker:
    """A breaker that opens on the first exception of a type in `failures` (the service's own
    errors: connection refused, timeouts); other exceptions pass through and do not count."""
    counted = tuple(failures)
    return pybreaker.CircuitBreaker(
        fail_max=1,
        reset_timeout=reset_timeout,
        name=name,
        exclude=[lambda exc: not isinstance(exc, counted)],
        listeners=[_LogTransitions()],
        throw_new_error_on_trip=False,  # the call that fails raises its own error
    )


def is_open(breaker: pybreaker.CircuitBreaker) -> bool:
    return breaker.current_state == pybreaker.STATE_OPEN
