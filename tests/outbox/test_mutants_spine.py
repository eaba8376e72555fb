"""outbox.spine, promise by promise (the mutants these tests kill): what the admin reads on a
delivery (status, attempts, error, next try), how far each retry waits, and what the beat and
the hand-off deliver. Deliveries are driven by hand here (`deliver_event`, `drain`, `sweep`)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from outbox import spine
from outbox.facts import FACTS, Fact
from outbox.models import Delivery, Event

pytestmark = pytest.mark.django_db

FACT = Fact(
    name="test.mutated",
    doc="Only in these tests.",
    required=frozenset({"thing_id", "value"}),
    aggregate="thing",
    aggregate_field="thing_id",
)


@pytest.fixture(autouse=True)
def registry(monkeypatch, settings):
    settings.OUTBOX_INLINE = True
    monkeypatch.setitem(FACTS, FACT.name, FACT)
    monkeypatch.setattr(spine, "_handlers", {})


class Handler:
    def __init__(self, label, *, fails=0, error=None):
        self.__qualname__ = label
        self.__module__ = "tests.outbox.mutants"
        self.fails, self.error, self.seen = fails, error or RuntimeError("boom"), []

    def __call__(self, event):
        if self.fails:
            self.fails -= 1
            raise self.error
        self.seen.append(event["value"])


def handle(label, **kwargs) -> Handler:
    handler = Handler(label, **kwargs)
    spine.subscribe(FACT.name, handler)
    return handler


def publish(thing_id=1, value="v") -> Event:
    return spine.publish(FACT.name, thing_id=thing_id, value=value)


def make_due():
    Delivery.objects.exclude(status="done").update(available_at=timezone.now())


def test_a_handler_is_known_by_its_module_and_name():
    handler = handle("Earn.points")

    assert spine.handler_id(handler) == "tests.outbox.mutants.Earn.points"
    assert spine.handlers_for(FACT.name) == {"tests.outbox.mutants.Earn.points": handler}
    spine.handlers_for(FACT.name).clear()  # a copy: the registry keeps it
    assert spine.handlers_for(FACT.name)
    assert spine.handlers_for("order.paid") == {}


def test_publishing_records_the_event_and_one_pending_delivery_per_handler():
    handle("first")
    handle("second")
    before = timezone.now()

    event = publish(thing_id=42, value="x")

    event.refresh_from_db()
    assert (event.name, event.key, event.payload) == (
        FACT.name,
        "thing:42",
        {"thing_id": 42, "value": "x"},
    )
    assert event.created_at >= before
    rows = list(Delivery.objects.order_by("handler"))
    assert [(d.handler, d.key, d.status, d.attempts) for d in rows] == [
        ("tests.outbox.mutants.first", "thing:42", "pending", 0),
        ("tests.outbox.mutants.second", "thing:42", "pending", 0),
    ]
    assert all(d.available_at == d.created_at == event.created_at for d in rows)


def test_a_fact_nobody_handles_is_still_recorded(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        publish()

    assert Event.objects.count() == 1 and not Delivery.objects.exists()
    assert callbacks == []  # nothing to hand on


def test_the_hand_off_runs_after_commit_in_process(django_capture_on_commit_callbacks):
    handler = handle("inline")

    with django_capture_on_commit_callbacks(execute=True):
        publish(value="after")

    assert handler.seen == ["after"]
    assert Delivery.objects.get().status == "done"


def test_without_inline_the_hand_off_queues_the_task(settings, monkeypatch):
    from outbox import queue, tasks

    settings.OUTBOX_INLINE = False
    handle("queued")
    queued = []
    monkeypatch.setattr(queue, "enqueue", lambda task, *args: queued.append((task, args)))
    event = publish()

    spine.hand_off(event.pk)

    assert queued == [(tasks.deliver_event_task, (event.pk,))]
    assert Delivery.objects.get().status == "pending"


def test_an_inline_hand_off_never_raises(monkeypatch, caplog):
    handle("fine")
    event = publish()

    def broken(event_id):
        raise RuntimeError("the spine itself broke")

    monkeypatch.setattr(spine, "deliver_event", broken)
    with caplog.at_level("ERROR", logger="outbox.spine"):
        spine.hand_off(event.pk)

    assert f"Delivering event {event.pk} in-process failed; the sweep retries" in caplog.messages


def test_a_done_delivery_records_its_time_attempts_and_clears_the_error():
    handler = handle("flaky", fails=1)
    event = publish(value="v")

    assert spine.deliver_event(event.pk) == 0
    make_due()
    before = timezone.now()
    assert spine.deliver_event(event.pk) == 1

    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("done", 2, "")
    assert delivery.done_at >= before
    assert handler.seen == ["v"]
    assert spine.deliver_event(event.pk) == 0  # nothing pending any more


def test_a_failure_is_recorded_for_the_admin_and_waits_ten_seconds_first():
    handle("fails", fails=1, error=ValueError("x" * 5000))
    event = publish()
    before = timezone.now()

    spine.deliver_event(event.pk)

    after = timezone.now()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.done_at) == ("pending", 1, None)
    assert delivery.last_error.startswith("ValueError: xxx") and len(delivery.last_error) == 4000
    assert before + timedelta(seconds=10) <= delivery.available_at <= after + timedelta(seconds=10)


def test_each_retry_waits_longer_up_to_an_hour_and_the_tenth_failure_is_dead():
    handle("stubborn", fails=spine.MAX_ATTEMPTS)
    event = publish()
    waits = []
    for _ in range(spine.MAX_ATTEMPTS):
        make_due()
        before = timezone.now()
        spine.deliver_event(event.pk)
        delivery = Delivery.objects.get()
        waits.append(round((delivery.available_at - before).total_seconds()))

    assert waits == [10, 30, 90, 270, 810, 2430, 3600, 3600, 3600, 3600]
    assert (delivery.status, delivery.attempts) == ("dead", spine.MAX_ATTEMPTS)
    make_due()
    assert spine.deliver_pending() == 0  # dead: the beat leaves it to the admin


def test_the_ninth_failure_is_still_retried():
    handler = handle("almost", fails=spine.MAX_ATTEMPTS - 1)
    event = publish()
    for _ in range(spine.MAX_ATTEMPTS - 1):
        make_due()
        spine.deliver_event(event.pk)
    assert Delivery.objects.get().status == "pending"

    make_due()
    spine.deliver_event(event.pk)

    assert Delivery.objects.get().status == "done" and handler.seen == ["v"]


def test_a_handler_no_longer_registered_is_dead_with_a_reason():
    handle("gone")
    event = publish()
    spine._handlers[FACT.name].clear()

    assert spine.deliver_event(event.pk) == 0

    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("dead", 1)
    assert delivery.last_error == "No handler registered under this name any more."


def test_a_fact_with_no_subscriber_left_at_all_is_dead_too_not_an_error(caplog):
    """The fact's last subscriber removed (its name gone from the registry): the pending
    delivery is marked dead with the reason, logged with the event and the handler."""
    handle("gone")
    event = publish()
    handler_id = Delivery.objects.get().handler
    del spine._handlers[FACT.name]

    with caplog.at_level("ERROR", logger="outbox.spine"):
        assert spine.deliver_event(event.pk) == 0

    assert caplog.messages == [f"Event {event.pk}: handler {handler_id} is not registered"]

    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("dead", 1)
    assert delivery.last_error == "No handler registered under this name any more."


def test_a_handler_receives_the_facts_name_key_payload_and_time():
    seen = []
    spine.subscribe(FACT.name, _Recorder(seen))
    event = publish(thing_id=7, value="w")

    spine.deliver_event(event.pk)

    event.refresh_from_db()
    assert seen == [
        (event.pk, FACT.name, event.key, {"thing_id": 7, "value": "w"}, event.created_at)
    ]


class _Recorder:
    def __init__(self, seen):
        self.__qualname__, self.__module__ = "Recorder", "tests.outbox.mutants"
        self.seen = seen

    def __call__(self, event):
        self.seen.append((event.id, event.name, event.key, event.payload, event.created_at))


def test_a_failure_is_logged_whole_and_its_error_kept_to_4000_characters(caplog):
    handle("long", fails=1, error=RuntimeError("x" * 5000))
    event = publish()

    with caplog.at_level("WARNING", logger="outbox.spine"):
        assert spine.deliver_event(event.pk) == 0

    delivery = Delivery.objects.get()
    assert delivery.last_error == ("RuntimeError: " + "x" * 5000)[:4000]
    assert caplog.messages == [
        f"Handler {delivery.handler} failed on event {event.pk} ({FACT.name}), attempt 1: "
        + "x" * 5000
    ]


def test_a_skipped_events_reason_is_kept_to_4000_characters():
    from outbox.models import Notification

    handle("missing", fails=1, error=Notification.DoesNotExist("y" * 5000))
    event = publish()

    spine.deliver_event(event.pk)

    assert Delivery.objects.get().last_error == ("Omitido: DoesNotExist: " + "y" * 5000)[:4000]


def test_a_skipped_event_is_done_with_the_reason_shown(caplog):
    from outbox.models import Notification

    handle("missing", fails=1, error=Notification.DoesNotExist("borrado"))
    event = publish()

    with caplog.at_level("INFO", logger="outbox.spine"):
        assert spine.deliver_event(event.pk) == 1

    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("done", 1)
    assert delivery.last_error == "Omitido: DoesNotExist: borrado"
    assert delivery.done_at is not None
    skipped = f"Event {event.pk} ({FACT.name}) skipped by {delivery.handler}: borrado"
    assert skipped in caplog.messages


def test_drain_stops_at_its_limit_and_keeps_the_order():
    handler = handle("ordered")
    for value in ("a", "b", "c"):
        publish(thing_id=1, value=value)

    assert spine.drain(handler="tests.outbox.mutants.ordered", key="thing:1", limit=2) == 2
    assert handler.seen == ["a", "b"]
    assert spine.drain(handler="tests.outbox.mutants.ordered", key="thing:1") == 1
    assert handler.seen == ["a", "b", "c"]
    assert spine.drain(handler="tests.outbox.mutants.ordered", key="thing:1") == 0


def test_one_event_delivered_runs_the_earlier_ones_of_its_key_first():
    handler = handle("catch_up")
    first = publish(thing_id=3, value="first")
    Delivery.objects.filter(event=first).update(available_at=timezone.now())
    second = publish(thing_id=3, value="second")

    assert spine.deliver_event(second.pk) == 2

    assert handler.seen == ["first", "second"]


def test_the_sweep_leaves_young_and_backing_off_deliveries_and_counts_what_it_did():
    handler = handle("swept")
    young = publish(thing_id=1, value="young")
    old = publish(thing_id=2, value="old")
    backing_off = publish(thing_id=3, value="later")
    past = timezone.now() - timedelta(seconds=spine.SWEEP_GRACE_SECONDS + 5)
    Delivery.objects.filter(event__in=[old, backing_off]).update(created_at=past, available_at=past)
    Delivery.objects.filter(event=backing_off).update(
        available_at=timezone.now() + timedelta(minutes=5)
    )

    assert spine.sweep() == 1
    assert handler.seen == ["old"]
    assert spine.sweep(grace_seconds=0) == 1  # the young one, now that no grace is asked
    assert handler.seen == ["old", "young"]
    assert Delivery.objects.get(event=young).status == "done"
    assert Delivery.objects.get(event=backing_off).status == "pending"


def test_a_delivery_just_past_the_grace_is_swept():
    handler = handle("edge")
    publish(value="edge")
    Delivery.objects.update(
        created_at=timezone.now() - timedelta(seconds=spine.SWEEP_GRACE_SECONDS)
    )

    assert spine.sweep() == 1 and handler.seen == ["edge"]


def test_the_sweep_takes_at_most_its_limit_of_keys():
    handler = handle("limited")
    for thing_id in (1, 2, 3):
        publish(thing_id=thing_id, value=str(thing_id))

    assert spine.sweep(grace_seconds=0, limit=2) == 2
    assert len(handler.seen) == 2
    assert spine.deliver_pending() == 1


def test_the_admins_retry_puts_dead_and_waiting_ones_back_but_never_a_done_one():
    handle("ok")
    handle("bad", fails=1)
    event = publish()
    spine.deliver_event(event.pk)
    done = Delivery.objects.get(handler="tests.outbox.mutants.ok")
    failed = Delivery.objects.get(handler="tests.outbox.mutants.bad")
    Delivery.objects.filter(pk=failed.pk).update(status="dead")
    before = timezone.now()

    assert spine.retry([done.pk, failed.pk]) == 1

    failed.refresh_from_db()
    done.refresh_from_db()
    assert failed.status == "pending" and before <= failed.available_at <= timezone.now()
    assert done.status == "done"
    assert spine.deliver_pending() == 1


def test_a_handler_reads_the_events_fields():
    got = []

    def reader(event):
        got.append((event.id, event.name, event.key, event.payload, event["value"]))

    reader.__qualname__ = "reader"
    spine.subscribe(FACT.name, reader)
    event = publish(thing_id=5, value="leído")

    spine.deliver_event(event.pk)

    assert got == [(event.pk, FACT.name, "thing:5", {"thing_id": 5, "value": "leído"}, "leído")]


def test_delivering_one_event_leaves_the_other_events_pending():
    handler = handle("one_at_a_time")
    first = publish(thing_id=1, value="first")
    publish(thing_id=2, value="second")

    assert spine.deliver_event(first.pk) == 1

    assert handler.seen == ["first"]
    assert Delivery.objects.filter(status="pending").count() == 1


def test_deliver_pending_has_no_batch_limit_of_the_beat():
    """`deliver_pending` (tests, shell, `make run`) delivers a backlog bigger than one sweep."""
    handle("backlog")
    now = timezone.now()
    events = Event.objects.bulk_create(
        Event(
            name=FACT.name, key=f"thing:{n}", payload={"thing_id": n, "value": "b"}, created_at=now
        )
        for n in range(501)
    )
    Delivery.objects.bulk_create(
        Delivery(
            event=event,
            handler="tests.outbox.mutants.backlog",
            key=event.key,
            created_at=now,
            available_at=now,
        )
        for event in events
    )

    assert spine.deliver_pending() == 501
