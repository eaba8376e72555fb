import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chat import services
from chat.models import Conversation
from orders.models import Order
from tests.chat.conftest import logged_in, online, visitor
from tests.factories import CustomerFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_every_page_has_the_chat_widget_and_its_script(client):
    page = client.get("/").content.decode()
    assert "data-chat-customer" in page and "js/chat.js" in page
    assert "¿Cómo te llamas?" in page and "Miraflores|" in page


def test_starting_needs_a_name_and_binds_the_conversation_to_the_session(client):
    refused = client.post(reverse("chat:start"), {"name": "   "})
    assert refused.status_code == 400 and "nombre" in refused.json()["error"]

    response = client.post(reverse("chat:start"), {"name": "Luis <script>"})

    conversation = Conversation.objects.get(pk=response.json()["conversation"])
    assert client.session[services.SESSION_KEY] == conversation.visitor_token
    assert conversation.cart_id == client.session["cart_id"]
    # Starting again returns the same open conversation.
    assert client.post(reverse("chat:start"), {"name": "Luis"}).json()["conversation"] == (
        conversation.pk
    )


def test_after_login_the_conversation_moves_to_the_account(client):
    client.post(reverse("chat:start"), {"name": "Luis"})
    user = UserFactory()
    client.force_login(user)  # the session (and its chat token) survives the login

    conversation = services.customer_conversation(session=client.session, user=user)

    assert conversation.customer == user.customer


def test_the_inbox_shows_waiting_mine_and_closed_with_a_constant_number_of_queries(
    rosa, miraflores
):
    clerk = logged_in(rosa)
    for n in range(2):
        services.start_conversation(name=f"Espera {n}")
    url = reverse("staff_chat:inbox")
    clerk.get(url)
    with CaptureQueriesContext(connection) as few:
        clerk.get(url)
    for n in range(6):
        services.start_conversation(name=f"Otra {n}")
    with CaptureQueriesContext(connection) as many:
        page = clerk.get(url)
    assert len(many) == len(few)
    html = page.content.decode()
    assert "Espera 0" in html and "Otra 5" in html and "data-chat-clerk" in html


def test_only_staff_reach_the_inbox_and_only_their_stores_customers(rosa, jorge, miraflores):
    assert logged_in(UserFactory()).get(reverse("staff_chat:inbox")).status_code == 403
    customer = CustomerFactory(preferred_store=miraflores, notes="Le gusta Vargas Llosa")
    conversation = services.start_conversation(name="Luis", customer=customer)
    url = reverse("staff_chat:customer", args=[conversation.pk])

    assert logged_in(jorge).get(url).status_code == 403
    panel = logged_in(rosa).get(url).content.decode()
    assert "Le gusta Vargas Llosa" in panel

    logged_in(rosa).post(
        reverse("staff_chat:notes", args=[conversation.pk]), {"notes": "Prefiere recojo"}
    )
    customer.refresh_from_db()
    assert customer.notes == "Prefiere recojo"


def test_the_clerk_searches_the_catalog_with_live_stock(rosa, book):
    conversation = services.start_conversation(name="Luis")
    page = logged_in(rosa).get(
        reverse("staff_chat:products", args=[conversation.pk]), {"q": "rios profundos"}
    )
    html = page.content.decode()
    assert "Los ríos profundos" in html and "Libros Pepito Miraflores: 5" in html
    assert f'data-product="{book.pk}"' in html


def test_pay_from_the_chat_makes_a_chat_order_that_shows_in_the_conversation(
    rosa, book, miraflores
):
    online(rosa)
    browser, conversation_id = visitor("Luis")
    services.clerk_cart_add(user=rosa, conversation_id=conversation_id, product_id=book.pk)
    services.send_payment_request(user=rosa, conversation_id=conversation_id)

    response = browser.get(reverse("chat:pay"))
    assert response.status_code == 302 and response["Location"] == reverse("orders:checkout")
    form = browser.get(reverse("orders:checkout")).context["form"]
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
    assert services.CHECKOUT_SESSION_KEY not in browser.session

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


def test_later_status_changes_of_a_chat_order_show_in_its_conversation(rosa, book, miraflores):
    from orders import status as order_status

    online(rosa)
    browser, conversation_id = visitor("Luis")
    services.clerk_cart_add(user=rosa, conversation_id=conversation_id, product_id=book.pk)
    services.send_payment_request(user=rosa, conversation_id=conversation_id)
    browser.get(reverse("chat:pay"))
    form = browser.get(reverse("orders:checkout")).context["form"]
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

    order_status.advance(order=order, to="embalado", actor=rosa)
    order_status.advance(order=order, to="listo_recoger", actor=rosa)

    statuses = [
        m.payload["status"]
        for m in Conversation.objects.get(pk=conversation_id).messages.filter(kind="order_status")
    ]
    assert statuses[-2:] == ["embalado", "listo_recoger"]
