"""The outbox reconciler: deliveries and notifications that should have moved on."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from outbox import spine
from outbox.facts import FACTS, Fact
from outbox.models import Delivery, Event, Notification
from outbox.reconcile import reconcile_outbox

pytestmark = pytest.mark.django_db

STUCK_FACT = Fact(
    name="test.stuck",
    doc="Only in these tests.",
    required=frozenset({"thing_id"}),
    aggregate="thing",
    aggregate_field="thing_id",
)


def on_stuck(event):
    on_stuck.seen.append(event["thing_id"])


on_stuck.__module__ = "tests.outbox"


@pytest.fixture
def handler(monkeypatch, settings):
    settings.RECONCILE_STUCK_MINUTES = 60
    monkeypatch.setitem(FACTS, STUCK_FACT.name, STUCK_FACT)
    monkeypatch.setattr(spine, "_handlers", {})
    on_stuck.seen = []
    spine.subscribe(STUCK_FACT.name, on_stuck)
    return spine.handler_id(on_stuck)


def _delivery(handler_id, *, age_minutes, status=Delivery.Status.PENDING, attempts=0, error=""):
    then = timezone.now() - timedelta(minutes=age_minutes)
    event = Event.objects.create(
        name=STUCK_FACT.name, key="thing:1", payload={"thing_id": 1}, created_at=then
    )
    return Delivery.objects.create(
        event=event,
        handler=handler_id,
        key="thing:1",
        status=status,
        attempts=attempts,
        last_error=error,
        created_at=then,
        available_at=then,
    )


def test_nothing_to_say_when_rows_are_young_or_done(handler):
    _delivery(handler, age_minutes=5)  # the sweep still has time
    _delivery(handler, age_minutes=600, status=Delivery.Status.DONE)

    assert reconcile_outbox(fix=False) == []


def test_a_delivery_pending_for_hours_is_reported_and_delivered_with_fix(handler):
    delivery = _delivery(handler, age_minutes=180, attempts=2, error="RuntimeError: boom")

    [line] = reconcile_outbox(fix=False)
    assert "1 entrega de" in line and handler in line and "boom" in line
    assert "sweep_events_task" in line
    assert on_stuck.seen == []

    lines = reconcile_outbox(fix=True)
    assert "1 entrega hecha ahora" in lines[-1]
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.DONE and on_stuck.seen == [1]
    assert reconcile_outbox(fix=False) == []


def test_a_dead_delivery_is_reported_every_night_and_fix_gives_it_one_more_try(handler):
    delivery = _delivery(
        handler, age_minutes=5, status=Delivery.Status.DEAD, attempts=10, error="KeyError: x"
    )

    [line] = reconcile_outbox(fix=False)
    assert "abandonada " in line and "Reintentar ahora" in line and "KeyError" in line

    reconcile_outbox(fix=True)  # the handler works again: one more try delivers it
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.DONE
    assert on_stuck.seen == [1]


def test_a_dead_delivery_whose_handler_still_fails_stays_dead(handler, monkeypatch):
    def still_broken(event):
        raise RuntimeError("still broken")

    monkeypatch.setitem(spine._handlers[STUCK_FACT.name], handler, still_broken)
    delivery = _delivery(handler, age_minutes=5, status=Delivery.Status.DEAD, attempts=10)

    reconcile_outbox(fix=True)

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.DEAD and "still broken" in delivery.last_error


def _notification(key, *, minutes_ago, status=Notification.Status.PENDING, error=""):
    return Notification.objects.create(
        channel=Notification.Channel.EMAIL,
        to="luis@example.pe",
        subject="Tu pedido",
        body="Hola",
        dedupe_key=key,
        status=status,
        last_error=error,
        next_attempt_at=timezone.now() - timedelta(minutes=minutes_ago),
    )


def test_a_notification_stuck_for_hours_is_reported_and_sent_with_fix(handler):
    stuck = _notification("n-stuck", minutes_ago=240)
    _notification("n-fresh", minutes_ago=1)

    [line] = reconcile_outbox(fix=False)
    assert "1 notificación pendiente" in line and f"#{stuck.pk}" in line
    assert mail.outbox == []

    lines = reconcile_outbox(fix=True)
    assert "1 de 1 notificación enviada" in lines[-1]
    stuck.refresh_from_db()
    assert stuck.status == Notification.Status.SENT
    assert len(mail.outbox) == 1


def test_recently_failed_notifications_are_reported(handler):
    _notification(
        "n-failed", minutes_ago=30, status=Notification.Status.FAILED, error="SMTP 550 no such user"
    )

    [line] = reconcile_outbox(fix=False)

    assert "1 notificación fallida" in line and "SMTP 550" in line
