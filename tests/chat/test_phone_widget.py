"""The server's side of the phone widget fixes (issue #11): a rated conversation has nothing
unread (the badge counts unread messages only, tests/browser/chat/test_widget_phone.py), and an
address typed with the district as people say it ("Surco") is accepted."""

import pytest

from chat import assignment, frames, selling
from chat.models import Message
from tests.chat.conftest import online

pytestmark = pytest.mark.django_db


def test_rating_marks_the_whole_conversation_read(rosa):
    online(rosa)
    conversation = assignment.start_conversation(name="Luis")
    for n in range(3):
        Message.objects.create(conversation=conversation, sender="clerk", author=rosa, text=f"{n}")
    assignment.close(conversation_id=conversation.pk, by_customer=True)
    unread_before = list(frames.messages_since(conversation_id=conversation.pk))
    assert any(
        not f["message"]["read"] for f in unread_before if f["message"]["sender"] != "customer"
    )

    assignment.rate(conversation_id=conversation.pk, rating=4)

    caught_up = frames.messages_since(conversation_id=conversation.pk)
    assert caught_up and all(
        frame["message"]["read"] for frame in caught_up if frame["message"]["sender"] != "customer"
    )
    state = frames.conversation_state(conversation.__class__.objects.get(pk=conversation.pk))
    assert state["state"] == "closed" and state["rated"] is True


@pytest.mark.parametrize(
    ("typed", "saved"), [("Surco", "Santiago de Surco"), ("sjl", "San Juan de Lurigancho")]
)
def test_the_chat_address_takes_the_district_as_people_say_it(typed, saved):
    answer = selling.clean_address(
        {"street": "Av. Primavera 1050", "district": typed, "phone": "987 654 321"}
    )

    assert answer.district == saved


@pytest.mark.parametrize(
    "path",
    ["/tienda/", "/tienda/pedidos/LP-2026-999999/", "/tienda/no-existe/", "/admin/", "/admin/no/"],
)
def test_no_staff_page_carries_the_customer_chat_not_even_its_error_pages(clerk_client, path):
    response = clerk_client.get(path, follow=True)

    html = response.content.decode()
    assert "data-chat-customer" not in html and "chat-widget.js" not in html


def test_the_customer_pages_still_carry_it_also_for_a_clerk(clerk_client):
    for page in (clerk_client.get("/tiendas/"), clerk_client.get("/no-existe/")):
        assert "data-chat-customer" in page.content.decode()
