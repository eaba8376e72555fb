"""The staff order board and order page: filters, search, htmx moves, store isolation,
constant query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.roles import Role
from inventory.models import Reservation
from orders.models import Order, OrderEvent
from outbox.models import Notification
from tests.factories import CustomerFactory, UserFactory
from tests.orders.staff_helpers import make_order, place_pickup, today_slot

pytestmark = pytest.mark.django_db

S = Order.Status
BOARD = "/tienda/pedidos/"


def test_board_is_for_store_staff_only(client, user):
    assert client.get(BOARD).status_code == 302  # to the login
    client.force_login(user)  # a customer
    assert client.get(BOARD).status_code == 403
    assert client.get("/tienda/pedidos/recojo/").status_code == 403
    assert client.get("/tienda/pedidos/nuevo/").status_code == 403


def test_console_links_to_the_order_tools(clerk_client):
    html = clerk_client.get("/tienda/").content.decode()
    assert 'href="/tienda/pedidos/"' in html
    assert 'href="/tienda/pedidos/recojo/"' in html
    assert 'href="/tienda/pedidos/nuevo/"' in html


def test_clerk_sees_only_open_orders_of_their_store(clerk_client, miraflores, arequipa):
    mine = make_order(miraflores, contact_name="Ana Torres")
    packed = make_order(miraflores, status=S.PACKED)
    done = make_order(miraflores, status=S.DELIVERED)
    theirs = make_order(arequipa, contact_name="Pedro Arequipeño")

    html = clerk_client.get(BOARD).content.decode()
    assert mine.number in html and packed.number in html
    assert done.number not in html  # closed orders live under "Cerrados"
    assert theirs.number not in html and "Pedro Arequipeño" not in html

    html = clerk_client.get(BOARD, {"estado": "embalado"}).content.decode()
    assert packed.number in html and mine.number not in html
    html = clerk_client.get(BOARD, {"estado": "cerrados"}).content.decode()
    assert done.number in html and mine.number not in html
    # Junk in the filter falls back to the open orders, never a 500.
    assert clerk_client.get(BOARD, {"estado": "<script>"}).status_code == 200


def test_board_search_by_number_serial_name_phone_and_dni(clerk_client, miraflores, arequipa):
    dni_customer = CustomerFactory(name="Carmen Huamán", dni="45871236", phone="+51912345678")
    by_dni = make_order(miraflores, customer=dni_customer)
    by_phone = make_order(miraflores, contact_phone="+51987654321", contact_name="Luis Ramírez")
    other = make_order(miraflores, contact_name="Zoila Paredes")
    elsewhere = make_order(arequipa, contact_phone="+51987654321")

    def found(q):
        html = clerk_client.get(BOARD, {"buscar": q, "estado": "todos"}).content.decode()
        return {o.number for o in (by_dni, by_phone, other, elsewhere) if o.number in html}

    assert found(by_phone.number) == {by_phone.number}
    assert found(by_phone.number.lower()) == {by_phone.number}
    assert found(by_phone.number.rsplit("-", 1)[1].lstrip("0")) == {by_phone.number}
    assert found("987 654 321") == {by_phone.number}
    assert found("+51 987654321") == {by_phone.number}
    assert found("45871236") == {by_dni.number}
    assert found("huamán") == {by_dni.number}
    assert found("ramírez") == {by_phone.number}
    assert found("nadie así") == set()
    assert clerk_client.get(BOARD, {"buscar": "x" * 5000}).status_code == 200


def test_todays_deliveries_are_grouped_by_window(clerk_client, miraflores):
    morning = make_order(miraflores, fulfilment="delivery", slot=today_slot())
    evening = make_order(
        miraflores,
        fulfilment="delivery",
        status=S.PACKED,
        slot=today_slot("18:00–21:00", "18:00", "21:00"),
    )
    pickup = make_order(miraflores)

    html = clerk_client.get(BOARD, {"estado": "hoy"}).content.decode()
    assert "9:00–13:00" in html and "18:00–21:00" in html
    assert html.index("9:00–13:00") < html.index(morning.number) < html.index("18:00–21:00")
    assert html.index("18:00–21:00") < html.index(evening.number)
    assert pickup.number not in html


def test_the_card_button_moves_the_order_one_step_with_htmx(
    clerk_client, clerk, miraflores, customer_cart
):
    order = place_pickup(customer_cart, miraflores)
    assert order.status == S.PROCESSING
    notifications = Notification.objects.count()

    response = clerk_client.post(
        f"/tienda/pedidos/{order.number}/avanzar/", {"to": "embalado"}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="order-{order.pk}"' in html and "Embalado" in html
    assert 'value="listo_recoger"' in html  # the next button is ready
    order.refresh_from_db()
    assert order.status == S.PACKED
    event = order.events.last()
    assert event.status == S.PACKED and event.actor == clerk
    assert Notification.objects.count() > notifications  # the customer is told

    clerk_client.post(
        f"/tienda/pedidos/{order.number}/avanzar/", {"to": "listo_recoger"}, HTTP_HX_REQUEST="true"
    )
    order.refresh_from_db()
    assert order.status == S.READY


def test_an_illegal_or_stale_move_is_refused_with_a_message(clerk_client, miraflores):
    order = make_order(miraflores)  # en proceso: only "embalado" is offered
    url = f"/tienda/pedidos/{order.number}/avanzar/"
    events = OrderEvent.objects.count()

    for wanted in ("listo_recoger", "entregado", "despachado", "anulado", "nada", ""):
        response = clerk_client.post(url, {"to": wanted}, HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        assert 'role="alert"' in response.content.decode()

    response = clerk_client.post(url, {"to": "listo_recoger"}, HTTP_HX_REQUEST="true")
    assert "No se puede pasar el pedido" in response.content.decode()
    order.refresh_from_db()
    assert order.status == S.PROCESSING and OrderEvent.objects.count() == events

    # Without htmx: back to the board with the message.
    response = clerk_client.post(url, {"to": "despachado"}, follow=True)
    assert response.status_code == 200
    assert "No se puede pasar el pedido" in response.content.decode()


def test_a_ready_pickup_order_cannot_be_delivered_from_the_board(clerk_client, miraflores):
    order = make_order(miraflores, status=S.READY, payment_status="paid")
    response = clerk_client.post(
        f"/tienda/pedidos/{order.number}/avanzar/", {"to": "entregado"}, HTTP_HX_REQUEST="true"
    )
    assert "mostrador de recojo" in response.content.decode()
    order.refresh_from_db()
    assert order.status == S.READY


def test_delivery_orders_go_out_and_arrive_from_the_board(clerk_client, miraflores):
    order = make_order(miraflores, status=S.PACKED, fulfilment="delivery", payment_status="paid")
    url = f"/tienda/pedidos/{order.number}/avanzar/"
    clerk_client.post(url, {"to": "despachado"}, HTTP_HX_REQUEST="true")
    order.refresh_from_db()
    assert order.status == S.DISPATCHED
    clerk_client.post(url, {"to": "entregado"}, HTTP_HX_REQUEST="true")
    order.refresh_from_db()
    assert order.status == S.DELIVERED


def test_clerks_cannot_see_or_touch_another_stores_orders(
    client, arequipa_clerk, miraflores, arequipa
):
    order = make_order(miraflores)
    client.force_login(arequipa_clerk)
    number = order.number

    assert client.get(f"/tienda/pedidos/{number}/").status_code == 404
    assert client.post(f"/tienda/pedidos/{number}/avanzar/", {"to": "embalado"}).status_code == 404
    assert client.post(f"/tienda/pedidos/{number}/anular/", {"reason": "x"}).status_code == 404
    assert (
        client.post(f"/tienda/pedidos/recojo/{number}/cobrar/", {"means": "efectivo"}).status_code
        == 404
    )
    assert (
        client.post(f"/tienda/pedidos/recojo/{number}/entregar/", {"code": "X"}).status_code == 404
    )
    # Asking for the other store explicitly is refused too.
    assert client.get(BOARD, {"tienda": "miraflores"}).status_code == 403
    assert (
        client.post(
            f"/tienda/pedidos/{number}/avanzar/", {"to": "embalado", "tienda": "miraflores"}
        ).status_code
        == 403
    )
    assert client.get("/tienda/pedidos/LP-2026-999999/").status_code == 404
    order.refresh_from_db()
    assert order.status == S.PROCESSING and order.events.count() == 1


def test_a_clerk_without_a_store_is_told_to_ask_for_one(client, db):
    client.force_login(UserFactory(role=Role.CLERK))
    response = client.get(BOARD)
    assert response.status_code == 403


def test_admin_can_open_any_stores_board_and_orders(client, superuser, miraflores, arequipa):
    order = make_order(arequipa)
    client.force_login(superuser)
    assert order.number in client.get(BOARD, {"tienda": "arequipa"}).content.decode()
    assert client.get(f"/tienda/pedidos/{order.number}/").status_code == 200


def test_order_page_shows_lines_contact_window_and_timeline(clerk_client, miraflores):
    order = make_order(miraflores, fulfilment="delivery", status=S.PACKED, slot=today_slot())
    html = clerk_client.get(f"/tienda/pedidos/{order.number}/").content.decode()
    line = order.lines.get()
    assert line.title in html and order.contact_name in html and order.contact_phone in html
    assert "Calle Berlín 345" in html and "9:00–13:00" in html
    assert "Pedido recibido" in html  # the timeline
    assert "Despachar" in html and "Anular el pedido" in html


def test_cancel_needs_a_reason_and_gives_the_stock_back(
    clerk_client, clerk, miraflores, customer_cart
):
    order = place_pickup(customer_cart, miraflores)
    url = f"/tienda/pedidos/{order.number}/anular/"

    response = clerk_client.post(url, {"reason": "   "}, follow=True)
    assert "Escribe por qué se anula" in response.content.decode() or "obligatorio" in (
        response.content.decode()
    )
    order.refresh_from_db()
    assert order.status == S.PROCESSING

    response = clerk_client.post(url, {"reason": "El cliente ya no lo quiere"}, follow=True)
    assert "Anulaste el pedido" in response.content.decode()
    order.refresh_from_db()
    assert order.status == S.CANCELLED
    assert order.events.last().note == "El cliente ya no lo quiere"
    assert not Reservation.objects.filter(order=order, state=Reservation.State.ACTIVE).exists()

    # Cancelling twice: a message, not a 500.
    response = clerk_client.post(url, {"reason": "otra vez"}, follow=True)
    assert response.status_code == 200 and "No se puede pasar" in response.content.decode()


def _count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("tab", ["", "hoy", "todos"])
def test_board_queries_do_not_grow_with_the_orders(clerk_client, miraflores, tab):
    slot = today_slot()

    def add(n):
        for i in range(n):
            make_order(
                miraflores,
                fulfilment="delivery" if i % 2 else "pickup",
                slot=slot if i % 2 else None,
                status=[S.PROCESSING, S.PACKED, S.READY][i % 3] if i % 2 == 0 else S.PACKED,
            )

    add(10)
    few = _count_queries(clerk_client, BOARD, {"estado": tab})
    add(40)
    many = _count_queries(clerk_client, BOARD, {"estado": tab})
    assert few == many


def test_order_page_queries_do_not_grow_with_lines_and_events(clerk_client, miraflores):
    from tests.factories import OrderLineFactory

    order = make_order(miraflores)
    few = _count_queries(clerk_client, f"/tienda/pedidos/{order.number}/")
    for _ in range(10):
        OrderLineFactory(order=order)
        OrderEvent.objects.create(order=order, status=S.PROCESSING, note="nota", actor=None)
    assert _count_queries(clerk_client, f"/tienda/pedidos/{order.number}/") == few


def test_tomorrows_deliveries_are_one_tap_away(clerk_client, miraflores):
    from datetime import timedelta

    from django.utils import timezone

    from orders.models import DeliverySlot

    slot = today_slot()
    tomorrow = timezone.localdate() + timedelta(days=1)
    later = DeliverySlot.objects.create(window=slot.window, date=tomorrow)
    order = make_order(miraflores, fulfilment="delivery", status=S.PACKED, slot=later)

    assert order.number not in clerk_client.get(BOARD, {"estado": "hoy"}).content.decode()
    html = clerk_client.get(BOARD, {"estado": "hoy", "dia": tomorrow.isoformat()}).content.decode()
    assert order.number in html
    for junk in ("mañana", "2026-13-45", "1999-01-01", "x" * 300):
        assert clerk_client.get(BOARD, {"estado": "hoy", "dia": junk}).status_code == 200
