"""The event spine's promises, on the real database (PostgreSQL in CI)."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from outbox import spine
from outbox.facts import FACTS, BadPayload, Fact, UnknownFact
from outbox.models import Delivery, Event
from tests.conftest import USING_POSTGRES

TEST_FACT = Fact(
    name="test.happened",
    doc="Only in these tests.",
    required=frozenset({"thing_id", "value"}),
    aggregate="thing",
    aggregate_field="thing_id",
)


@pytest.fixture
def registry(monkeypatch, settings):
    """A test fact and an empty handler table, restored afterwards."""
    settings.OUTBOX_INLINE = True
    monkeypatch.setitem(FACTS, TEST_FACT.name, TEST_FACT)
    monkeypatch.setattr(spine, "_handlers", {})
    return spine


class Recorder:
    """A handler that writes its effect in the database (an Event row of its own would be
    circular, so it records into a list *and* proves it ran inside the delivery)."""

    def __init__(self, fail_times=0):
        self.seen = []
        self.fail_times = fail_times

    def __call__(self, event):
        if self.fail_times:
            self.fail_times -= 1
            raise RuntimeError("boom")
        self.seen.append((event.name, event["thing_id"], event["value"]))


def _subscribe(name, func, label):
    func.__qualname__ = label
    func.__module__ = "tests.outbox"
    spine.subscribe(name, func)
    return func


def test_unknown_facts_and_bad_payloads_are_refused(registry, db):
    with pytest.raises(UnknownFact):
        spine.publish("order.teleported", order_id=1)
    with pytest.raises(UnknownFact):
        spine.subscribe("order.teleported", lambda event: None)
    with pytest.raises(BadPayload):
        spine.publish("test.happened", thing_id=1)
    with pytest.raises(BadPayload):
        spine.publish("test.happened", thing_id=1, value=2, extra=3)
    assert not Event.objects.exists()


def test_every_fact_has_a_key_field_among_its_required_fields():
    for fact in FACTS.values():
        assert fact.aggregate_field in fact.required, fact.name
        assert fact.aggregate and fact.doc


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_event_is_never_delivered(registry):
    recorder = _subscribe("test.happened", Recorder(), "rolled_back")

    with pytest.raises(RuntimeError), transaction.atomic():
        spine.publish("test.happened", thing_id=1, value="a")
        raise RuntimeError("the service failed after publishing")

    spine.deliver_pending()
    assert recorder.seen == []
    assert not Event.objects.exists() and not Delivery.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_committed_event_reaches_every_handler_once(registry):
    first = _subscribe("test.happened", Recorder(), "first")
    second = _subscribe("test.happened", Recorder(), "second")

    with transaction.atomic():
        event = spine.publish("test.happened", thing_id=7, value="x")

    assert first.seen == [("test.happened", 7, "x")]
    assert second.seen == [("test.happened", 7, "x")]
    # Handing it on again (a duplicate task, the sweep) changes nothing.
    spine.deliver_event(event.pk)
    spine.deliver_pending()
    assert len(first.seen) == len(second.seen) == 1
    assert set(Delivery.objects.values_list("status", flat=True)) == {"done"}


@pytest.mark.postgres
@pytest.mark.race
@pytest.mark.skipif(not USING_POSTGRES, reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_three_concurrent_hand_offs_deliver_once(registry, settings):
    settings.OUTBOX_INLINE = False  # nothing runs at commit; the three threads race
    from outbox import tasks

    calls = []
    lock = threading.Lock()

    def slow(event):
        with lock:
            calls.append(event.id)
        # Hold the delivery's transaction open a moment so the others really wait on it.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(0.2)")

    _subscribe("test.happened", slow, "slow")
    original = tasks.deliver_event_task.delay
    tasks.deliver_event_task.delay = lambda *a, **k: None
    try:
        with transaction.atomic():
            event = spine.publish("test.happened", thing_id=1, value="once")
    finally:
        tasks.deliver_event_task.delay = original

    barrier = threading.Barrier(3)

    def run():
        barrier.wait()
        try:
            spine.deliver_event(event.pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert calls == [event.pk]
    assert Delivery.objects.get().attempts == 1


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_the_sweep_delivers_after_recovery(registry, settings, monkeypatch):
    settings.OUTBOX_INLINE = False
    from kombu.exceptions import OperationalError

    from outbox import tasks

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to redis. Connection refused.")

    monkeypatch.setattr(tasks.deliver_event_task, "delay", broker_down)
    recorder = _subscribe("test.happened", Recorder(), "after_outage")

    with transaction.atomic():  # the publisher's request succeeds
        spine.publish("test.happened", thing_id=3, value="late")
    assert recorder.seen == []

    # Too young for the sweep (its own hand-off might still be on its way) ...
    assert spine.sweep() == 0
    # ... then the beat comes by later, with the broker back.
    Delivery.objects.update(created_at=timezone.now() - timedelta(minutes=1))
    assert spine.sweep() == 1
    assert spine.sweep() == 0
    assert recorder.seen == [("test.happened", 3, "late")]


@pytest.mark.django_db(transaction=True)
def test_a_failing_handler_does_not_stop_the_others_nor_the_publisher(registry):
    good = _subscribe("test.happened", Recorder(), "good")
    bad = _subscribe("test.happened", Recorder(fail_times=1), "bad")

    with transaction.atomic():
        spine.publish("test.happened", thing_id=5, value="v")  # no exception here

    assert good.seen == [("test.happened", 5, "v")]
    assert bad.seen == []
    failed = Delivery.objects.get(handler="tests.outbox.bad")
    assert failed.status == "pending" and failed.attempts == 1
    assert "RuntimeError: boom" in failed.last_error
    assert failed.available_at > timezone.now()  # backs off

    assert spine.deliver_pending() == 0  # not due yet
    Delivery.objects.filter(pk=failed.pk).update(available_at=timezone.now())
    assert spine.deliver_pending() == 1
    assert bad.seen == [("test.happened", 5, "v")]
    assert len(good.seen) == 1


@pytest.mark.django_db(transaction=True)
def test_events_of_one_aggregate_keep_their_order_through_a_retry(registry):
    order = []

    class Flaky:
        failed = False

        def __call__(self, event):
            if event["value"] == "earn" and not self.failed:
                self.failed = True
                raise RuntimeError("database hiccup")
            order.append((event["thing_id"], event["value"]))

    _subscribe("test.happened", Flaky(), "ordered")
    with transaction.atomic():
        spine.publish("test.happened", thing_id=1, value="earn")
    with transaction.atomic():
        spine.publish("test.happened", thing_id=1, value="reverse")
    with transaction.atomic():
        spine.publish("test.happened", thing_id=2, value="other")

    # The reverse waits behind the failed earn; another aggregate goes on.
    assert order == [(2, "other")]
    Delivery.objects.filter(status="pending").update(available_at=timezone.now())
    spine.deliver_pending()
    assert order == [(2, "other"), (1, "earn"), (1, "reverse")]


@pytest.mark.django_db(transaction=True)
def test_a_handler_that_keeps_failing_ends_dead_and_can_be_retried(registry):
    recorder = _subscribe("test.happened", Recorder(fail_times=spine.MAX_ATTEMPTS), "stubborn")
    with transaction.atomic():
        spine.publish("test.happened", thing_id=9, value="v")
    for _ in range(spine.MAX_ATTEMPTS):
        Delivery.objects.filter(status="pending").update(available_at=timezone.now())
        spine.deliver_pending()
    delivery = Delivery.objects.get()
    assert delivery.status == "dead" and delivery.attempts == spine.MAX_ATTEMPTS

    assert spine.retry([delivery.pk]) == 1
    spine.deliver_pending()
    assert recorder.seen == [("test.happened", 9, "v")]
    assert Delivery.objects.get().status == "done"


@pytest.mark.django_db(transaction=True)
def test_a_handler_effect_is_undone_when_it_fails(registry):
    """Effects live in the delivery's transaction: a handler that writes and then fails
    leaves nothing behind, so its retry cannot write twice."""
    from outbox.models import Notification
    from outbox.notifications import enqueue_notification

    attempts = []

    def writes_then_fails(event):
        enqueue_notification(channel="email", to="a@b.pe", body="x", dedupe_key=f"t:{event.id}")
        attempts.append(1)
        if len(attempts) == 1:
            raise RuntimeError("after the write")

    _subscribe("test.happened", writes_then_fails, "writer")
    with transaction.atomic():
        spine.publish("test.happened", thing_id=1, value="v")
    assert Notification.objects.count() == 0
    Delivery.objects.update(available_at=timezone.now())
    spine.deliver_pending()
    assert Notification.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_an_event_about_a_deleted_object_is_skipped_with_a_log_line(registry, caplog):
    from outbox.models import Notification

    def needs_the_row(event):
        Notification.objects.get(pk=event["thing_id"])  # deleted since

    _subscribe("test.happened", needs_the_row, "needs_row")
    with caplog.at_level("INFO", logger="outbox.spine"), transaction.atomic():
        spine.publish("test.happened", thing_id=123456, value="v")

    delivery = Delivery.objects.get()
    assert delivery.status == "done" and delivery.last_error.startswith("Omitido")
    assert "skipped" in caplog.text
