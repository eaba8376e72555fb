import pytest
from django.test import override_settings

from accounts.roles import Role
from chat import access, assignment, followups, frames, messaging, selling
from chat.exceptions import ChatError, ChatForbidden
from chat.models import Conversation, FollowUp, Message
from crm.models import Address
from tests.chat.conftest import connected, online
from tests.factories import CustomerFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_conversation_goes_to_an_online_clerk_of_the_customers_preferred_store(
    rosa, jorge, san_isidro
):
    online(rosa, jorge)
    customer = CustomerFactory(preferred_store=san_isidro)

    conversation = assignment.start_conversation(name="Luis", customer=customer)

    conversation.refresh_from_db()
    assert conversation.assigned_clerk == jorge and conversation.state == "active"
    joined = conversation.messages.filter(payload__joined="Jorge").get()
    assert joined.text == "Te atiende Jorge, de Libros Pepito San Isidro."


@override_settings(CHAT_MAX_CONCURRENT=2)
def test_otherwise_the_least_busy_online_clerk_under_the_maximum(rosa, jorge):
    online(rosa, jorge)
    first = assignment.start_conversation(name="Ana")
    second = assignment.start_conversation(name="Beto")
    third = assignment.start_conversation(name="Carla")
    fourth = assignment.start_conversation(name="Dante")
    fifth = assignment.start_conversation(name="Elsa")

    clerks = [
        Conversation.objects.get(pk=c.pk).assigned_clerk for c in (first, second, third, fourth)
    ]
    assert sorted(c.first_name for c in clerks) == ["Jorge", "Jorge", "Rosa", "Rosa"]
    fifth.refresh_from_db()
    assert fifth.state == "waiting" and fifth.assigned_clerk is None
    notice = fifth.messages.filter(payload__has_key="wait").get()
    assert notice.payload["wait"]["online"] == 2 and "leave_message" in notice.payload["actions"]


def test_nobody_online_waits_and_the_first_clerk_to_connect_gets_it(rosa):
    conversation = assignment.start_conversation(name="Luis")
    assert conversation.state == "waiting"

    online(rosa)

    conversation.refresh_from_db()
    assert conversation.assigned_clerk == rosa


def test_take_transfer_close_and_rate(rosa, jorge, miraflores):
    conversation = assignment.start_conversation(name="Luis")
    connected(rosa)  # her inbox is open: a colleague cannot take her conversation over
    assignment.take(user=rosa, conversation_id=conversation.pk)
    colleague = UserFactory(first_name="Ana", role=Role.CLERK, store=miraflores)
    with pytest.raises(ChatError, match="ya atiende"):
        assignment.take(user=colleague, conversation_id=conversation.pk)
    with pytest.raises(ChatForbidden):  # another store's clerk does not even see it
        assignment.take(user=jorge, conversation_id=conversation.pk)

    assignment.transfer(user=rosa, conversation_id=conversation.pk, to_user_id=jorge.pk)
    conversation.refresh_from_db()
    assert conversation.assigned_clerk == jorge
    assert conversation.messages.filter(text__startswith="Ahora te atiende Jorge").exists()
    with pytest.raises(ChatError):  # Rosa no longer holds it
        messaging.clerk_send(user=rosa, conversation_id=conversation.pk, text="hola")

    assignment.close(user=jorge, conversation_id=conversation.pk)
    with pytest.raises(ChatError, match="1 a 5"):
        assignment.rate(conversation_id=conversation.pk, rating="7")
    assignment.rate(conversation_id=conversation.pk, rating=5, comment="¡Gracias, Jorge!")
    conversation.refresh_from_db()
    assert (conversation.state, conversation.rating) == ("closed", 5)
    with pytest.raises(ChatError, match="Ya calificaste"):
        assignment.rate(conversation_id=conversation.pk, rating=1)

    # The CRM and the dashboards hear of it through the spine: once each, with plain values.
    from outbox.models import Event

    [closed] = Event.objects.filter(name="chat.closed")
    assert closed.payload == {
        "conversation_id": conversation.pk,
        "customer_id": None,
        "clerk_id": jorge.pk,
        "store_id": conversation.store_id,
    }
    [rated] = Event.objects.filter(name="chat.rated")
    assert (rated.payload["rating"], rated.payload["comment"]) == (5, "¡Gracias, Jorge!")
    assert rated.key == closed.key == f"conversation:{conversation.pk}"


def test_a_clerk_of_another_store_cannot_reach_the_conversation(rosa, jorge, miraflores):
    customer = CustomerFactory(preferred_store=miraflores)
    conversation = assignment.start_conversation(name="Luis", customer=customer)

    with pytest.raises(ChatForbidden):
        assignment.take(user=jorge, conversation_id=conversation.pk)
    customer_user = UserFactory()
    with pytest.raises(ChatForbidden):
        access.clerk_conversation(user=customer_user, conversation_id=conversation.pk)


def test_forged_product_ids_are_refused(rosa, book):
    conversation = assignment.start_conversation(name="Luis")
    assignment.take(user=rosa, conversation_id=conversation.pk)
    before = Message.objects.count()
    for forged in ("abc", "-3", "999999", None, {"x": 1}, "1e9"):
        with pytest.raises(ChatError):
            selling.send_product_card(user=rosa, conversation_id=conversation.pk, product_id=forged)
    book.is_active = False
    book.save()
    with pytest.raises(ChatError, match="no existe"):
        selling.send_product_card(user=rosa, conversation_id=conversation.pk, product_id=book.pk)
    assert Message.objects.count() == before


def test_a_product_card_carries_price_and_live_stock_per_store(rosa, book):
    conversation = assignment.start_conversation(name="Luis")
    assignment.take(user=rosa, conversation_id=conversation.pk)

    card = selling.send_product_card(user=rosa, conversation_id=conversation.pk, product_id=book.pk)

    assert card.kind == "product_card"
    # Stored as a plain amount; the browser's frame shows it as before.
    assert card.payload["price"] == "45.90" and card.payload["url"] == book.get_absolute_url()
    shown = frames.message_frame(card)["message"]["payload"]
    assert shown["price"] == "S/ 45.90" and shown["url"] == book.get_absolute_url()
    assert {"store": "Libros Pepito Miraflores", "available": 5, "low": False} in card.payload[
        "stock"
    ]


def test_payment_request_needs_a_cart_with_books(rosa, book):
    conversation = assignment.start_conversation(name="Luis")
    assignment.take(user=rosa, conversation_id=conversation.pk)
    with pytest.raises(ChatError) as refused:
        selling.send_payment_request(user=rosa, conversation_id=conversation.pk)
    assert refused.value.code == "empty_cart"

    selling.clerk_cart_add(
        user=rosa, conversation_id=conversation.pk, product_id=book.pk, quantity=2
    )
    request = selling.send_payment_request(user=rosa, conversation_id=conversation.pk)

    # Stored with plain amounts ...
    assert request.payload["subtotal"] == "91.80" and request.payload["pay_url"] == "/chat/pagar/"
    assert request.payload["lines"] == [
        {"title": "Los ríos profundos", "quantity": 2, "total": "91.80", "available": True}
    ]
    # ... and the frame the browser gets is the same as ever.
    frame = frames.message_frame(request)["message"]
    assert frame["text"] == "Tu pedido está listo para pagar: S/ 91.80"
    assert frame["payload"] == {
        "lines": [
            {"title": "Los ríos profundos", "quantity": 2, "total": "S/ 91.80", "available": True}
        ],
        "subtotal": "S/ 91.80",
        "count": 2,
        "pay_url": "/chat/pagar/",
    }


def test_the_address_answer_is_validated_and_saved_to_the_profile(rosa):
    conversation = assignment.start_conversation(name="Luis")
    assignment.take(user=rosa, conversation_id=conversation.pk)
    selling.send_address_request(user=rosa, conversation_id=conversation.pk)
    good = {
        "street": "Av. Larco 345, dpto. 501",
        "district": "miraflores",
        "reference": "Frente al parque",
        "phone": "987 654 321",
        "email": "luis@example.pe",
    }
    for field, bad in [("phone", "12345"), ("district", "Narnia"), ("street", ""), ("email", "x@")]:
        with pytest.raises(ChatError):
            selling.answer_address(conversation_id=conversation.pk, data={**good, field: bad})
    assert not Address.objects.exists()

    selling.answer_address(conversation_id=conversation.pk, data=good)

    conversation.refresh_from_db()
    address = conversation.customer.addresses.get()
    assert (address.district, address.phone) == ("Miraflores", "+51987654321")
    assert conversation.customer.email == "luis@example.pe"
    assert conversation.customer.phone == "+51987654321"  # crm.customers.set_phone


def test_an_anonymous_chat_never_writes_into_an_account(rosa):
    owner = UserFactory(email="duena@example.pe")
    conversation = assignment.start_conversation(name="Intruso")
    with pytest.raises(ChatError) as refused:
        selling.answer_address(
            conversation_id=conversation.pk,
            data={
                "street": "Jr. Falso 123",
                "district": "Lince",
                "phone": "987654321",
                "email": "duena@example.pe",
            },
        )
    assert refused.value.code == "login_required"
    assert not owner.customer.addresses.exists()


def test_leaving_a_message_makes_a_follow_up():
    conversation = assignment.start_conversation(name="Luis")
    with pytest.raises(ChatError, match="correo o un teléfono"):
        followups.leave_message(conversation_id=conversation.pk, name="Luis", text="¿Tienen X?")

    followups.leave_message(
        conversation_id=conversation.pk, name="Luis", phone="987654321", text="¿Tienen X?"
    )

    follow_up = FollowUp.objects.get()
    assert follow_up.phone == "+51987654321" and not follow_up.handled


def test_canned_answers_fill_their_placeholders(rosa):
    from chat.models import CannedAnswer

    canned = CannedAnswer.objects.create(
        title="Saludo", text="Hola {nombre}, soy {librero} de {tienda}."
    )
    conversation = assignment.start_conversation(name="Luis")
    assignment.take(user=rosa, conversation_id=conversation.pk)

    message = messaging.send_canned(user=rosa, conversation_id=conversation.pk, canned_id=canned.pk)

    assert message.text == "Hola Luis, soy Rosa de Libros Pepito Miraflores."


def test_the_helper_answers_price_stock_and_order_status_and_never_with_a_clerk(rosa, book):
    conversation = assignment.start_conversation(name="Luis")
    greeting = followups.use_helper(conversation_id=conversation.pk)
    assert greeting.sender == "bot" and "no soy una persona" in greeting.text

    messaging.customer_send(conversation_id=conversation.pk, text="los rios profundos")
    reply = conversation.messages.filter(sender="bot").last()
    assert "S/ 45.90" in reply.text and "Libros Pepito Miraflores (5)" in reply.text
    assert (
        reply.payload["actions"] == ["human"] and reply.payload["label"] == "Asistente automático"
    )

    messaging.customer_send(conversation_id=conversation.pk, text="mi pedido LP-2026-000999")
    assert "correo" in conversation.messages.filter(sender="bot").last().text

    online(rosa)
    followups.ask_for_human(conversation_id=conversation.pk)
    conversation.refresh_from_db()
    assert conversation.assigned_clerk == rosa and not conversation.helper_enabled
    bots = conversation.messages.filter(sender="bot").count()
    messaging.customer_send(conversation_id=conversation.pk, text="los rios profundos")
    assert conversation.messages.filter(sender="bot").count() == bots
    with pytest.raises(ChatError):
        followups.use_helper(conversation_id=conversation.pk)


def test_the_helper_does_not_find_an_order_with_a_wrong_email():
    conversation = assignment.start_conversation(name="Luis")
    followups.use_helper(conversation_id=conversation.pk)

    messaging.customer_send(conversation_id=conversation.pk, text="LP-2026-000001 luis@example.pe")

    assert "No encontré un pedido" in conversation.messages.filter(sender="bot").last().text


def test_text_is_checked_before_anything_is_stored():
    conversation = assignment.start_conversation(name="Luis")
    before = Message.objects.count()
    for bad in ("", "   ", "x" * 10_000, None, 42, ["hola"]):
        with pytest.raises(ChatError):
            messaging.customer_send(conversation_id=conversation.pk, text=bad)
    assert Message.objects.count() == before
    assert (
        messaging.customer_send(conversation_id=conversation.pk, text="x" * 2000).text == "x" * 2000
    )


@override_settings(CHAT_RATE_LIMIT=5)
def test_a_flood_is_cut_after_the_limit():
    conversation = assignment.start_conversation(name="Luis")
    refused = 0
    for n in range(100):
        try:
            messaging.customer_send(conversation_id=conversation.pk, text=f"m{n}")
        except ChatError as error:
            assert error.code == "rate_limited"
            refused += 1
    assert refused == 95
    assert conversation.messages.filter(sender="customer").count() == 5


def test_messages_since_gives_what_was_missed_in_order(rosa):
    conversation = assignment.start_conversation(name="Luis")
    assignment.take(user=rosa, conversation_id=conversation.pk)
    first = messaging.clerk_send(user=rosa, conversation_id=conversation.pk, text="uno")
    messaging.clerk_send(user=rosa, conversation_id=conversation.pk, text="dos")
    messaging.clerk_send(user=rosa, conversation_id=conversation.pk, text="tres")

    caught_up = frames.messages_since(conversation_id=conversation.pk, after=first.pk)

    assert [f["message"]["text"] for f in caught_up] == ["dos", "tres"]


def test_clerk_roles_are_the_ones_routed(rosa, miraflores):
    manager = UserFactory(first_name="Marta", role=Role.STORE_MANAGER, store=miraflores)
    online(manager)
    conversation = assignment.start_conversation(name="Luis")
    conversation.refresh_from_db()
    assert conversation.assigned_clerk == manager


def test_the_clerk_cannot_add_a_book_sold_out_everywhere(rosa):
    from tests.factories.catalog import ProductFactory

    sold_out = ProductFactory(title="Rayuela")
    conversation = assignment.start_conversation(name="Luis")
    assignment.take(user=rosa, conversation_id=conversation.pk)

    with pytest.raises(ChatError) as refused:
        selling.clerk_cart_add(user=rosa, conversation_id=conversation.pk, product_id=sold_out.pk)

    assert refused.value.code == "cart"
    assert refused.value.message == "«Rayuela» está agotado en todas nuestras tiendas."
    assert selling.cart_summary(Conversation.objects.get(pk=conversation.pk))["count"] == 0


def test_messages_stored_with_formatted_amounts_show_as_they_were(rosa):
    """Cards sent before amounts were kept plain still reach the browser unchanged."""
    conversation = assignment.start_conversation(name="Luis")
    old = Message.objects.create(
        conversation=conversation,
        sender=Message.Sender.CLERK,
        kind=Message.Kind.PRODUCT_CARD,
        text="Rayuela",
        payload={"title": "Rayuela", "price": "S/ 39.00"},
    )

    assert frames.message_frame(old)["message"]["payload"]["price"] == "S/ 39.00"
