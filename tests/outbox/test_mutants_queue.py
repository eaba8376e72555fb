"""outbox.queue.enqueue, case by case (the mutants these tests kill): what the caller gets back,
what is logged, and when the broker is skipped. A stand-in task records what it was given."""

import types

import pytest
from kombu.exceptions import OperationalError

from outbox import queue


class Task:
    name = "outbox.test_task"

    def __init__(self, *, eager, error=None):
        self.app = types.SimpleNamespace(conf=types.SimpleNamespace(task_always_eager=eager))
        self.error, self.calls = error, []

    def delay(self, *args):
        self.calls.append(args)
        if self.error is not None:
            raise self.error


@pytest.mark.parametrize("eager", [True, False])
def test_a_task_queued_gets_its_arguments_and_true(eager):
    task = Task(eager=eager)

    assert queue.enqueue(task, 7, "x") is True

    assert task.calls == [(7, "x")]
    assert queue.broker_skipped() is False


def test_a_task_failing_in_process_is_false_and_logged(caplog):
    task = Task(eager=True, error=RuntimeError("handler broke"))

    with caplog.at_level("ERROR", logger="outbox.queue"):
        assert queue.enqueue(task, 3) is False

    assert "Task outbox.test_task(3,) failed in-process; the beat job retries it" in caplog.messages
    assert queue.broker_skipped() is False  # not the broker's fault


def test_the_broker_down_is_false_then_skipped_until_the_cooldown(caplog):
    down = Task(eager=False, error=OperationalError("Connection refused"))

    with caplog.at_level("INFO", logger="outbox.queue"):
        assert queue.enqueue(down, 1) is False
        assert queue.broker_skipped() is True
        later = Task(eager=False)
        assert queue.enqueue(later, 2) is False

    assert later.calls == []  # skipped: no time spent on a broker known to be down
    assert (
        "Could not queue outbox.test_task(1,) (Connection refused); the beat job delivers it"
        in caplog.messages
    )
    assert "Broker skipped for outbox.test_task(2,); the beat job delivers it" in caplog.messages


def test_an_error_that_is_not_the_brokers_is_false_and_keeps_the_broker_in_use(caplog):
    odd = Task(eager=False, error=ValueError("bad argument"))

    with caplog.at_level("WARNING", logger="outbox.queue"):
        assert queue.enqueue(odd, 1) is False

    assert (
        "Could not queue outbox.test_task(1,) (bad argument); the beat job delivers it"
        in caplog.messages
    )
    assert queue.broker_skipped() is False
    fine = Task(eager=False)
    assert queue.enqueue(fine, 2) is True and fine.calls == [(2,)]
