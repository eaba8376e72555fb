from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chat import access, assignment, selling
from chat.models import Conversation
from orders import prefill
from orders.models import Order
from tests.chat.conftest import logged_in, online, visitor
from tests.factories import CustomerFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_every_page_has_the_chat_widget_and_its_script(client):
    page = client.get("/").content.decode()
    assert "data-chat-customer" in page and "js/chat.js" in page
    assert "¿Cómo te llamas?" in page and '"Miraflores"' in page


def test_starting_needs_a_name_and_binds_the_conversation_to_the_session(client):
    refused = client.post(reverse("chat:start"), {"name": "   "})
    assert refused.status_code == 400 and "nombre" in refused.json()["error"]

    response = client.post(reverse("chat:start"), {"name": "Luis <script>"})

    conversation = Conversation.objects.get(pk=response.json()["conversation"])
    assert client.session[access.SESSION_KEY] == conversation.visitor_token
    assert conversation.cart_id == client.session["cart_id"]
    # Starting again returns the same open conversation.
    assert client.post(reverse("chat:start"), {"name": "Luis"}).json()["conversation"] == (
        conversation.pk
    )


def test_after_login_the_conversation_moves_to_the_account(client):
    client.post(reverse("chat:start"), {"name": "Luis"})
    user = UserFactory()
    client.force_login(user)  # the session (and its chat token) survives the login

    conversation = access.customer_conversation(session=client.session, user=user)

    assert conversation.customer == user.customer


def test_the_inbox_shows_waiting_mine_and_closed_with_a_constant_number_of_queries(
    rosa, miraflores
):
    clerk = logged_in(rosa)
    for n in range(2):
        assignment.start_conversation(name=f"Espera {n}")
    url = reverse("staff:chat_inbox")
    clerk.get(url)
    with CaptureQueriesContext(connection) as few:
        clerk.get(url)
    for n in range(6):
        assignment.start_conversation(name=f"Otra {n}")
    with CaptureQueriesContext(connection) as many:
        page = clerk.get(url)
    assert len(many) == len(few)
    html = page.content.decode()
    assert "Espera 0" in html and "Otra 5" in html and "data-chat-clerk" in html


def test_only_staff_reach_the_inbox_and_only_their_stores_customers(rosa, jorge, miraflores):
    assert logged_in(UserFactory()).get(reverse("staff:chat_inbox")).status_code == 403
    customer = CustomerFactory(preferred_store=miraflores, notes="Le gusta Vargas Llosa")
    conversation = assignment.start_conversation(name="Luis", customer=customer)
    url = reverse("staff:chat_customer", args=[conversation.pk])

    assert logged_in(jorge).get(url).status_code == 403
    panel = logged_in(rosa).get(url).content.decode()
    assert "Le gusta Vargas Llosa" in panel

    logged_in(rosa).post(
        reverse("staff:chat_notes", args=[conversation.pk]), {"notes": "Prefiere recojo"}
    )
    customer.refresh_from_db()
    assert customer.notes == "Prefiere recojo"


def test_the_clerk_searches_the_catalog_with_live_stock(rosa, book):
    conversation = assignment.start_conversation(name="Luis")
    page = logged_in(rosa).get(
        reverse("staff:chat_products", args=[conversation.pk]), {"q": "rios profundos"}
    )
    html = page.content.decode()
    assert "Los ríos profundos" in html and "Libros Pepito Miraflores: 5" in html
    assert f'data-product="{book.pk}"' in html


def test_pay_from_the_chat_makes_a_chat_order_that_shows_in_the_conversation(
    rosa, book, miraflores, django_capture_on_commit_callbacks
):
    online(rosa)
    browser, conversation_id = visitor("Luis")
    selling.clerk_cart_add(user=rosa, conversation_id=conversation_id, product_id=book.pk)
    selling.send_payment_request(user=rosa, conversation_id=conversation_id)

    response = browser.get(reverse("chat:pay"))
    assert response.status_code == 302 and response["Location"] == reverse("orders:checkout")
    form = browser.get(reverse("orders:checkout")).context["form"]
    # The chat hears of the order after the commit (order.placed, chat.handlers).
    with django_capture_on_commit_callbacks(execute=True):
        browser.post(
            reverse("orders:checkout"),
            {
                "name": "Luis Ramírez",
                "email": "luis@example.pe",
                "phone": "987 654 321",
                "fulfilment": "pickup",
                "store": miraflores.pk,
                "payment_method": "at_pickup",
                "checkout_token": form.initial["checkout_token"],
                "expected_subtotal": str(form.initial["expected_subtotal"]),
                "region": "Lima",
            },
        )

    order = Order.objects.get()
    assert order.channel == "chat" and order.total == book.price
    status = Conversation.objects.get(pk=conversation_id).messages.get(kind="order_status")
    assert status.payload["number"] == order.number and status.payload["url"] == (
        order.get_absolute_url()
    )
    assert prefill.SESSION_KEY not in browser.session

    # The helper finds it by number and e-mail.
    from chat import helper

    reply, _ = helper.answer(f"{order.number.lower()} luis@example.pe")
    assert order.number in reply


def test_a_web_order_stays_web(client, book, miraflores):
    client.post(reverse("orders:cart_add", args=[book.pk]))
    form = client.get(reverse("orders:checkout")).context["form"]
    client.post(
        reverse("orders:checkout"),
        {
            "name": "Ana",
            "email": "ana@example.pe",
            "phone": "987 654 321",
            "fulfilment": "pickup",
            "store": miraflores.pk,
            "payment_method": "at_pickup",
            "checkout_token": form.initial["checkout_token"],
            "expected_subtotal": str(form.initial["expected_subtotal"]),
            "region": "Lima",
        },
    )
    assert Order.objects.get().channel == "web"


def test_later_status_changes_of_a_chat_order_show_in_its_conversation(
    rosa, book, miraflores, django_capture_on_commit_callbacks
):
    from orders import status as order_status

    online(rosa)
    browser, conversation_id = visitor("Luis")
    selling.clerk_cart_add(user=rosa, conversation_id=conversation_id, product_id=book.pk)
    selling.send_payment_request(user=rosa, conversation_id=conversation_id)
    browser.get(reverse("chat:pay"))
    form = browser.get(reverse("orders:checkout")).context["form"]
    with django_capture_on_commit_callbacks(execute=True):
        browser.post(
            reverse("orders:checkout"),
            {
                "name": "Luis Ramírez",
                "email": "luis@example.pe",
                "phone": "987 654 321",
                "fulfilment": "pickup",
                "store": miraflores.pk,
                "payment_method": "at_pickup",
                "checkout_token": form.initial["checkout_token"],
                "expected_subtotal": str(form.initial["expected_subtotal"]),
                "region": "Lima",
            },
        )
    order = Order.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        order_status.advance(order=order, to="embalado", actor=rosa)
    with django_capture_on_commit_callbacks(execute=True):
        order_status.advance(order=order, to="listo_recoger", actor=rosa)

    statuses = [
        m.payload["status"]
        for m in Conversation.objects.get(pk=conversation_id).messages.filter(kind="order_status")
    ]
    assert statuses[-2:] == ["embalado", "listo_recoger"]


# Paying from the chat with the address given there
# ------------------------------------------------------------------------------

ADDRESS = {
    "street": "Av. Larco 345, dpto. 501",
    "district": "miraflores",
    "reference": "Frente al parque",
    "phone": "987 654 321",
    "email": "luis@example.pe",
}


@pytest.fixture
def lima_delivery(db, settings):
    """Miraflores delivered in a morning window; delivery is paid by card, so Stripe is on
    (placing the order never calls Stripe: the payment page does)."""
    from decimal import Decimal

    from orders.models import DeliveryDistrict, DeliveryWindow, DeliveryZone

    settings.STRIPE_ENABLED = True
    zone = DeliveryZone.objects.create(name="Lima Moderna", fee=Decimal("10.00"), lead_days=1)
    DeliveryDistrict.objects.create(name="Miraflores", zone=zone)
    DeliveryWindow.objects.create(
        label="9:00–13:00", starts_at="09:00", ends_at="13:00", capacity=5
    )
    return zone


def chat_to_checkout(rosa, book, browser=None, *, address=ADDRESS):
    """A chat where the customer gave an address, the clerk asked for payment and the
    customer tapped "Pagar": the checkout page. `browser` logged in, or a new visitor."""
    if browser is None:
        browser, conversation_id = visitor("Luis")
    else:
        conversation_id = browser.post(reverse("chat:start"), {"name": "Luis"}).json()[
            "conversation"
        ]
    selling.send_address_request(user=rosa, conversation_id=conversation_id)
    answer = selling.answer_address(conversation_id=conversation_id, data=address)
    selling.clerk_cart_add(user=rosa, conversation_id=conversation_id, product_id=book.pk)
    selling.send_payment_request(user=rosa, conversation_id=conversation_id)
    browser.get(reverse("chat:pay"))
    return browser, conversation_id, answer.payload["address_id"]


def delivery_post(page, **overrides) -> dict:
    from orders import delivery

    form = page.context["form"]
    slot = delivery.slot_options(delivery.zone_for_district("Miraflores"), days=3)[0]
    data = {
        "name": form["name"].value(),
        "email": form["email"].value(),
        "phone": form["phone"].value(),
        "fulfilment": form["fulfilment"].value(),
        "saved_address": form["saved_address"].value(),
        "slot": slot.value,
        "payment_method": "card",
        "checkout_token": form.initial["checkout_token"],
        "expected_subtotal": str(form.initial["expected_subtotal"]),
        "region": "Lima",
    }
    data.update(overrides)
    return data


def test_a_visitor_pays_from_the_chat_with_the_address_and_phone_given_there(
    rosa, book, lima_delivery, django_capture_on_commit_callbacks
):
    from crm.models import Address

    online(rosa)
    browser, conversation_id, address_id = chat_to_checkout(rosa, book)

    page = browser.get(reverse("orders:checkout"))

    form = page.context["form"]
    assert form["fulfilment"].value() == "delivery"
    assert form["saved_address"].value() == str(address_id)
    assert (form["name"].value(), form["email"].value(), form["phone"].value()) == (
        "Luis",
        "luis@example.pe",
        "987 654 321",
    )
    html = page.content.decode()
    assert "Av. Larco 345, dpto. 501, Miraflores" in html and "la que nos diste en el chat" in html
    # The windows of that district are there without typing it again.
    assert "Zona Lima Moderna" in html and "9:00–13:00" in html

    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(reverse("orders:checkout"), delivery_post(page))

    order = Order.objects.get()
    assert response.status_code == 302 and response["Location"].endswith("/pagar/")
    assert (order.channel, order.fulfilment) == ("chat", "delivery")
    assert (order.address_street, order.address_reference, order.address_district) == (
        "Av. Larco 345, dpto. 501",
        "Frente al parque",
        "Miraflores",
    )
    assert (order.contact_name, order.contact_email, order.contact_phone) == (
        "Luis",
        "luis@example.pe",
        "+51987654321",
    )
    assert order.delivery_fee == Decimal("10.00") and order.delivery_slot is not None
    assert order.customer == Address.objects.get(pk=address_id).customer
    status = Conversation.objects.get(pk=conversation_id).messages.get(kind="order_status")
    assert status.payload["number"] == order.number
    assert prefill.SESSION_KEY not in browser.session


def test_a_logged_in_customer_from_the_chat_has_the_chat_address_chosen(rosa, book, lima_delivery):
    from tests.factories.crm import AddressFactory

    online(rosa)
    user = UserFactory()
    home = AddressFactory(customer=user.customer, street="Jr. Cusco 120", is_default=True)
    browser, _, address_id = chat_to_checkout(rosa, book, logged_in(user))

    page = browser.get(reverse("orders:checkout"))

    form = page.context["form"]
    assert form["saved_address"].value() == str(address_id)
    assert form["phone"].value() == "987 654 321"
    assert {a.pk for a in page.context["addresses"]} == {home.pk, address_id}
    browser.post(reverse("orders:checkout"), delivery_post(page))
    order = Order.objects.get()
    assert (order.channel, order.address_street) == ("chat", "Av. Larco 345, dpto. 501")


def test_the_chat_address_is_offered_only_to_the_browser_of_that_conversation(
    rosa, book, lima_delivery
):
    online(rosa)
    _, luis_conversation, luis_address = chat_to_checkout(rosa, book)
    # Same phone as Luis: the chat files Ana's address under Luis's customer record, yet her
    # checkout shows only what she typed, never Luis's e-mail.
    ana, _, ana_address = chat_to_checkout(
        rosa, book, address={**ADDRESS, "street": "Calle Ana 9", "email": "ana@example.pe"}
    )
    page = ana.get(reverse("orders:checkout"))
    assert [a.pk for a in page.context["addresses"]] == [ana_address]
    assert page.context["form"]["email"].value() == "ana@example.pe"
    assert "luis@example.pe" not in page.content.decode()

    # Ana's session pointing at Luis's conversation, with what "Pagar" left for Luis (it
    # cannot: the session lives on the server; this is the last line of defence: it was left
    # for Luis's cart, not the one Ana pays) offers no address at all.
    session = ana.session
    session[prefill.SESSION_KEY] = {
        **session[prefill.SESSION_KEY],
        "conversation_id": luis_conversation,
        "address_id": luis_address,
        "cart_id": Conversation.objects.get(pk=luis_conversation).cart_id,
    }
    session.save()
    page = ana.get(reverse("orders:checkout"))
    assert page.context["addresses"] == []
    assert "dpto. 501" not in page.content.decode()
    assert page.context["form"]["fulfilment"].value() == "pickup"

    # Without "Pagar" there is nothing from the chat either.
    session = ana.session
    session.pop(prefill.SESSION_KEY)
    session.save()
    assert ana.get(reverse("orders:checkout")).context["addresses"] == []


def test_a_tampered_address_id_is_refused_and_nothing_is_written(
    rosa, book, lima_delivery, django_capture_on_commit_callbacks
):
    from tests.factories.crm import AddressFactory

    online(rosa)
    stranger = AddressFactory(street="Calle Secreta 1")
    browser, conversation_id, _ = chat_to_checkout(rosa, book)
    page = browser.get(reverse("orders:checkout"))

    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(
            reverse("orders:checkout"), delivery_post(page, saved_address=str(stranger.pk))
        )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Esa dirección no está entre las tuyas" in html and "Calle Secreta" not in html
    assert not Order.objects.exists()
    assert (
        not Conversation.objects.get(pk=conversation_id)
        .messages.filter(kind="order_status")
        .exists()
    )
    assert browser.session[prefill.SESSION_KEY]["conversation_id"] == conversation_id


def test_an_address_whose_customer_became_someone_elses_account_is_not_offered(
    rosa, book, lima_delivery
):
    from crm.models import Address

    online(rosa)
    browser, _, address_id = chat_to_checkout(rosa, book)
    # Whoever owns that e-mail signs up and takes over the customer record (and its addresses).
    owner = UserFactory(email="luis@example.pe")
    assert Address.objects.get(pk=address_id).customer.user == owner

    assert browser.get(reverse("orders:checkout")).context["addresses"] == []


def test_the_checkout_from_the_chat_makes_a_constant_number_of_queries(
    rosa, miraflores, lima_delivery
):
    from tests.factories.catalog import ProductFactory
    from tests.factories.inventory import stock_up

    online(rosa)
    books = [ProductFactory() for _ in range(8)]
    for product in books:
        stock_up(miraflores, product, 3)
    browser, conversation_id, _ = chat_to_checkout(rosa, books[0])

    def count():
        browser.get(reverse("orders:checkout"))
        with CaptureQueriesContext(connection) as queries:
            assert browser.get(reverse("orders:checkout")).status_code == 200
        return len(queries)

    few = count()
    for product in books[1:]:
        selling.clerk_cart_add(user=rosa, conversation_id=conversation_id, product_id=product.pk)
    assert count() == few


def test_agregar_al_carrito_in_a_card_fills_the_chat_cart_and_answers_the_badge_count(rosa, book):
    online(rosa)
    browser, conversation_id = visitor("Luis")
    card = selling.send_product_card(user=rosa, conversation_id=conversation_id, product_id=book.pk)

    response = browser.post(
        card.payload["add_url"], {"cantidad": "1"}, headers={"Accept": "application/json"}
    )

    assert response.status_code == 200 and response.json()["count"] == 1
    # The clerk's view of the customer's cart is the same cart.
    conversation = Conversation.objects.get(pk=conversation_id)
    assert selling.cart_summary(conversation)["count"] == 1
    assert 'id="cart-count" class="count">1<' in browser.get("/").content.decode()


def test_cards_ask_for_todays_stock_of_active_books_only(
    client, miraflores, django_assert_num_queries
):
    from inventory.stock import adjust
    from tests.factories.catalog import ProductFactory
    from tests.factories.inventory import stock_up

    book, other = ProductFactory(), ProductFactory()
    stock_up(miraflores, book, 5)
    withdrawn = ProductFactory(is_active=False)
    adjust(miraflores, book, -2, "Venta en mostrador")
    url = reverse("chat:stock")

    with django_assert_num_queries(3):  # the books, the stores, the stock rows
        rows = client.get(url, {"ids": f"{book.pk},{other.pk},{withdrawn.pk}"}).json()["stock"]

    assert rows[str(book.pk)] == [
        {"store": "Libros Pepito Miraflores", "available": 3, "low": False}
    ]
    assert rows[str(other.pk)][0]["available"] == 0
    assert str(withdrawn.pk) not in rows


@pytest.mark.parametrize("ids", ["", "abc", "-3", "1,,x", "9" * 30])
def test_live_stock_refuses_malformed_ids_with_a_spanish_400(client, ids):
    response = client.get(reverse("chat:stock"), {"ids": ids})

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_id"
