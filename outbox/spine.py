"""The event spine: publish a fact in a transaction, hand it to every handler after commit.

    publish("order.paid", order_id=order.pk, ...)      # inside the service's transaction
    subscribe("order.paid", loyalty.handlers.earn)      # in LoyaltyConfig.ready()

How it keeps its promises:
- Never delivered if the publisher rolls back: the event and its deliveries are rows written
  in the publisher's transaction; the hand-off is queued with `transaction.on_commit`.
- At least once: after commit the event is handed to Celery (or run in-process on the
  embedded default and in tests); whatever that misses (broker down, worker crash between
  commit and hand-off) the beat sweep (`sweep()`) finds as pending rows and delivers.
- Effects once: each delivery runs in one transaction with its handler and is marked done
  in it, under a row lock; a second delivery of a done row is a no-op. So handlers must
  write their effects through the database connection (or queue them with on_commit):
  nothing they write survives a failure, and nothing is written twice.
- In order per aggregate: a handler always takes the oldest pending delivery of the key
  ("order:42"); while an earlier one waits for its retry, the later ones wait too.
- A handler that raises `ObjectDoesNotExist` (`Order.DoesNotExist`: the object was deleted since)
  is done with a log line: the event is skipped, not retried.
- A failing handler is retried with backoff (`BACKOFF_SECONDS`), its error shown in the
  admin; after `MAX_ATTEMPTS` it is "dead" (the admin can retry it). It never stops the other
  handlers, nor the other aggregates of its own, nor the request that published.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.utils import timezone

from outbox.facts import UnknownFact, check_payload, fact
from outbox.models import Delivery, Event

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 10
# Wait after the n-th failure: 10 s, 30 s, 1.5 min, 4.5 min ... capped at one hour.
BACKOFF_SECONDS = (10, 30, 90, 270, 810, 2430, 3600)
# The sweep leaves deliveries younger than this to their own after-commit hand-off.
SWEEP_GRACE_SECONDS = 30
DRAIN_LIMIT = 200


@dataclass(frozen=True)
class EventData:
    """What a handler receives: the fact's name, its payload and where it came from."""

    id: int
    name: str
    key: str
    payload: dict
    created_at: datetime

    def __getitem__(self, field: str):
        return self.payload[field]


Handler = Callable[[EventData], None]
_handlers: dict[str, dict[str, Handler]] = {}


def handler_id(handler: Handler) -> str:
    return f"{handler.__module__}.{handler.__qualname__}"


def subscribe(name: str, handler: Handler) -> None:
    """Register `handler` for the fact `name` (call it from `AppConfig.ready()`).

    Registering the same function twice is harmless."""
    fact(name)  # raises UnknownFact
    _handlers.setdefault(name, {})[handler_id(handler)] = handler


def handlers_for(name: str) -> dict[str, Handler]:
    return dict(_handlers.get(name, {}))


def _lookup(name: str, hid: str) -> Handler | None:
    return _handlers.get(name, {}).get(hid)


def publish(name: str, **payload) -> Event:
    """Record the fact `name` in the current transaction; it is handed on after commit.

    Raises `UnknownFact` or `BadPayload` (a programming error, before anything is written)."""
    spec = check_payload(name, payload)
    now = timezone.now()
    key = spec.key(payload)
    with transaction.atomic():
        event = Event.objects.create(name=name, key=key, payload=payload, created_at=now)
        Delivery.objects.bulk_create(
            [
                Delivery(event=event, handler=hid, key=key, created_at=now, available_at=now)
                for hid in handlers_for(name)
            ]
        )
    if _handlers.get(name):
        transaction.on_commit(lambda: hand_off(event.pk))
    return event


def hand_off(event_id: int) -> None:
    """After commit: run the event's deliveries now (in-process) or queue them in Celery.

    Never raises: a broker that is down leaves the rows pending for the sweep."""
    if getattr(settings, "OUTBOX_INLINE", False):
        try:
            deliver_event(event_id)
        except Exception:  # a handler's error is already recorded; this is the spine's own
            logger.exception("Delivering event %s in-process failed; the sweep retries", event_id)
        return
    from outbox.queue import enqueue
    from outbox.tasks import deliver_event_task

    enqueue(deliver_event_task, event_id)  # fails fast; the sweep delivers what it missed


def deliver_event(event_id: int) -> int:
    """Deliver every pending delivery of this event (and the earlier ones of its key that
    must go first). Returns how many deliveries were done."""
    pairs = list(
        Delivery.objects.filter(event_id=event_id, status=Delivery.Status.PENDING)
        .values_list("handler", "key")
        .distinct()
    )
    return sum(drain(handler=hid, key=key) for hid, key in pairs)


def drain(*, handler: str, key: str, limit: int = DRAIN_LIMIT) -> int:
    """Run `handler`'s pending deliveries of `key`, oldest first, until one fails or waits."""
    done = 0
    for _ in range(limit):
        outcome = _deliver_oldest(handler=handler, key=key)
        if outcome != "done":
            break
        done += 1
    return done


def _deliver_oldest(*, handler: str, key: str) -> str:
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(of=("self",))
            .select_related("event")
            .filter(handler=handler, key=key, status=Delivery.Status.PENDING)
            .order_by("event_id")
            .first()
        )
        if delivery is None:
            return "empty"
        now = timezone.now()
        if delivery.available_at > now:
            return "waiting"  # an earlier failure backs off; later events of the key wait
        event = delivery.event
        func = _lookup(event.name, handler)
        delivery.attempts += 1
        if func is None:
            delivery.status = Delivery.Status.DEAD
            delivery.last_error = "No handler registered under this name any more."
            delivery.save(update_fields=["attempts", "status", "last_error"])
            logger.error("Event %s: handler %s is not registered", event.pk, handler)
            return "dead"
        data = EventData(
            id=event.pk,
            name=event.name,
            key=event.key,
            payload=event.payload,
            created_at=event.created_at,
        )
        try:
            with transaction.atomic():
                func(data)
        except ObjectDoesNotExist as exc:
            # The order (customer, conversation...) was deleted since: nothing left to do.
            logger.info("Event %s (%s) skipped by %s: %s", event.pk, event.name, handler, exc)
            delivery.status = Delivery.Status.DONE
            delivery.done_at = timezone.now()
            delivery.last_error = f"Omitido: {type(exc).__name__}: {exc}"[:4000]
            delivery.save(update_fields=["attempts", "status", "done_at", "last_error"])
            return "done"
        except Exception as exc:
            delivery.last_error = f"{type(exc).__name__}: {exc}"[:4000]
            if delivery.attempts >= MAX_ATTEMPTS:
                delivery.status = Delivery.Status.DEAD
            wait = BACKOFF_SECONDS[min(delivery.attempts, len(BACKOFF_SECONDS)) - 1]
            delivery.available_at = now + timedelta(seconds=wait)
            delivery.save(update_fields=["attempts", "status", "last_error", "available_at"])
            logger.warning(
                "Handler %s failed on event %s (%s), attempt %s: %s",
                handler,
                event.pk,
                event.name,
                delivery.attempts,
                exc,
            )
            return "failed"
        delivery.status = Delivery.Status.DONE
        delivery.done_at = timezone.now()
        delivery.last_error = ""
        delivery.save(update_fields=["attempts", "status", "done_at", "last_error"])
        return "done"


def sweep(*, grace_seconds: int = SWEEP_GRACE_SECONDS, limit: int = 500) -> int:
    """Beat: deliver what the after-commit hand-off missed, and the retries that are due."""
    cutoff = timezone.now() - timedelta(seconds=grace_seconds)
    pairs = list(
        Delivery.objects.filter(
            status=Delivery.Status.PENDING,
            available_at__lte=timezone.now(),
            created_at__lte=cutoff,
        )
        .order_by()
        .values_list("handler", "key")
        .distinct()[:limit]
    )
    return sum(drain(handler=hid, key=key) for hid, key in pairs)


def deliver_pending() -> int:
    """Deliver everything pending and due now, whatever its age (tests, shell, `make run`)."""
    return sweep(grace_seconds=0, limit=100_000)


def retry(delivery_ids) -> int:
    """Admin: put dead or backing-off deliveries back in line, due now."""
    return (
        Delivery.objects.filter(pk__in=list(delivery_ids))
        .exclude(status=Delivery.Status.DONE)
        .update(status=Delivery.Status.PENDING, available_at=timezone.now())
    )


__all__ = [
    "EventData",
    "UnknownFact",
    "deliver_event",
    "deliver_pending",
    "publish",
    "subscribe",
    "sweep",
]
