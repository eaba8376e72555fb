"""chat.ratelimit: the limit, the window, the sender and the message a person sees when cut."""

import types

import pytest
from django.test import override_settings

from chat.exceptions import ChatError
from chat.ratelimit import check_rate
from core import abuse


@pytest.fixture
def clock(monkeypatch):
    """core.abuse.hit's clock, held inside one fixed window until a test moves it."""
    now = {"t": 1_700_000_000.0}  # the start of a 10 s and of a 1000 s window
    fake = types.SimpleNamespace(time=lambda: now["t"], monotonic=lambda: 0.0)
    monkeypatch.setattr(abuse, "time", fake)
    monkeypatch.setattr(abuse, "_cache_down_until", 0.0)
    return now


def sent(sender: str, times: int) -> list[str]:
    """Try `times` messages from `sender`; the codes of the refusals."""
    refused = []
    for _ in range(times):
        try:
            check_rate(sender)
        except ChatError as error:
            refused.append(error.code)
    return refused


@override_settings(CHAT_RATE_LIMIT=3, CHAT_RATE_WINDOW=10)
def test_the_limit_lets_exactly_that_many_through_and_says_why_in_spanish(clock):
    assert sent("conv-1", 3) == []
    with pytest.raises(ChatError) as error:
        check_rate("conv-1")

    assert error.value.code == "rate_limited"
    assert str(error.value.message) == (
        "Estás enviando mensajes muy rápido. Espera unos segundos e inténtalo otra vez."
    )


@override_settings(CHAT_RATE_LIMIT=2, CHAT_RATE_WINDOW=10)
def test_each_sender_has_a_count_of_its_own(clock):
    assert sent("conv-1", 3) == ["rate_limited"]
    assert sent("conv-2", 2) == []  # another conversation is not cut by the first one's flood
    assert sent("user-7", 2) == []  # nor a clerk


@override_settings(CHAT_RATE_LIMIT=2, CHAT_RATE_WINDOW=10)
def test_the_window_is_the_setting_and_the_next_one_starts_afresh(clock):
    assert sent("conv-1", 3) == ["rate_limited"]

    clock["t"] += 9  # still inside the 10-second window
    assert sent("conv-1", 1) == ["rate_limited"]

    clock["t"] += 1  # the next window
    assert sent("conv-1", 2) == []
    assert sent("conv-1", 1) == ["rate_limited"]


@override_settings(CHAT_RATE_LIMIT=2, CHAT_RATE_WINDOW=1000)
def test_a_longer_window_keeps_counting(clock):
    assert sent("conv-1", 2) == []

    clock["t"] += 500
    assert sent("conv-1", 1) == ["rate_limited"]


@override_settings(CHAT_RATE_LIMIT=2, CHAT_RATE_WINDOW=10)
def test_the_chat_count_is_not_the_abuse_forms_count(clock):
    """A sender key shared with another limit (core.abuse.allow) must not eat its quota."""
    abuse.hit("conv-1", limit=100, window=10)
    abuse.hit("abuse:conv-1", limit=100, window=10)

    assert sent("conv-1", 2) == []
