"""`manage.py run_schedule`: the beat schedule in-process, for setups without Celery beat."""

import logging
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from config.management.commands.run_schedule import Entry
from inventory import stock
from inventory.models import Reservation, StockItem
from outbox import spine
from outbox.facts import FACTS, Fact
from outbox.models import Delivery
from tests.factories.catalog import ProductFactory
from tests.factories.inventory import stock_up

pytestmark = pytest.mark.django_db

SCHEDULE_FACT = Fact(
    name="test.scheduled",
    doc="Only in these tests.",
    required=frozenset({"thing_id"}),
    aggregate="thing",
    aggregate_field="thing_id",
)


def on_scheduled(event):
    on_scheduled.seen.append(event["thing_id"])


@pytest.fixture
def handler(monkeypatch):
    monkeypatch.setitem(FACTS, SCHEDULE_FACT.name, SCHEDULE_FACT)
    monkeypatch.setattr(spine, "_handlers", {})
    on_scheduled.seen = []
    spine.subscribe(SCHEDULE_FACT.name, on_scheduled)
    return on_scheduled


def test_once_releases_an_expired_hold_and_delivers_an_event_the_broker_missed(
    settings, monkeypatch, store, handler, django_capture_on_commit_callbacks
):
    product = ProductFactory()
    stock_up(store, product, 3)
    [old] = stock.reserve([(product, 2)], store, "cart:1")
    Reservation.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(minutes=1))

    # The broker is down when the event is published: it stays pending for the sweep.
    from kombu.exceptions import OperationalError

    from outbox import tasks

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to redis. Connection refused.")

    settings.OUTBOX_INLINE = False
    monkeypatch.setattr(tasks.deliver_event_task, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        spine.publish(SCHEDULE_FACT.name, thing_id=7)
    assert handler.seen == []
    Delivery.objects.update(created_at=timezone.now() - timedelta(minutes=1))

    call_command("run_schedule", "--once", verbosity=0)

    assert Reservation.objects.get(pk=old.pk).state == "expired"
    assert StockItem.objects.get().reserved == 0
    assert handler.seen == [7]
    assert Delivery.objects.get().status == Delivery.Status.DONE


def test_a_failing_task_is_logged_the_others_still_run_and_once_says_so(settings, store, caplog):
    product = ProductFactory()
    stock_up(store, product, 1)
    [old] = stock.reserve([(product, 1)], store, "cart:1")
    Reservation.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    settings.CELERY_BEAT_SCHEDULE = {
        "broken": {"task": "outbox.tasks.deliver_event_task", "schedule": 30.0, "kwargs": {"x": 1}},
        "release-expired-reservations": {
            "task": "inventory.tasks.release_expired_reservations_task",
            "schedule": 60.0,
        },
    }

    with (
        caplog.at_level(logging.ERROR, logger="config.schedule"),
        pytest.raises(CommandError, match="broken"),
    ):
        call_command("run_schedule", "--once", verbosity=0)

    assert "Scheduled task broken" in caplog.text
    assert Reservation.objects.get(pk=old.pk).state == "expired"


def test_a_task_is_due_again_after_its_interval(db):
    entry = Entry("sweep", {"task": "outbox.tasks.sweep_events_task", "schedule": 30.0})
    assert entry.seconds_until_due() == 0  # never ran: due at once

    assert entry.run()

    assert 25 < entry.seconds_until_due() <= 30
    entry.last_run_at -= timedelta(seconds=31)
    assert entry.seconds_until_due() == 0


def test_an_unknown_task_in_the_schedule_is_refused(settings):
    settings.CELERY_BEAT_SCHEDULE = {"typo": {"task": "outbox.tasks.nope", "schedule": 5.0}}

    with pytest.raises(CommandError, match="outbox.tasks.nope"):
        call_command("run_schedule", "--once", verbosity=0)
