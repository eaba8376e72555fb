"""The pickup desk: hand_over and take_payment (services) and the desk pages."""

from datetime import timedelta

import pytest
from django.utils import timezone

from inventory.models import Reservation, StockItem, StockMovement
from orders import pickup, status
from orders.models import Order, OrderEvent, Payment
from orders.pickup import PickupRefused
from tests.orders.staff_helpers import place_pickup

pytestmark = pytest.mark.django_db

S = Order.Status
DESK = "/tienda/pedidos/recojo/"


@pytest.fixture
def ready_order(customer_cart, miraflores, clerk):
    """A pay-at-pickup order for 2 + 1 books, prepared and waiting at the counter."""
    order = place_pickup(customer_cart, miraflores)
    status.advance(order=order, to=S.PACKED, actor=clerk)
    return status.advance(order=order, to=S.READY, actor=clerk)


def _on_hand(store, product):
    return StockItem.objects.get(store=store, product=product).on_hand


def _snapshot(order):
    return (
        Order.objects.get(pk=order.pk).status,
        Order.objects.get(pk=order.pk).payment_status,
        OrderEvent.objects.filter(order=order).count(),
        Payment.objects.filter(order=order).count(),
        StockMovement.objects.count(),
        sorted(Reservation.objects.filter(order=order).values_list("state", flat=True)),
    )


def test_pay_at_the_counter_then_hand_over_sells_the_held_copies(
    ready_order, clerk, miraflores, books
):
    rios, ciudad = books
    assert _on_hand(miraflores, rios) == 5

    order = pickup.take_payment(order=ready_order, means="efectivo", actor=clerk)
    assert order.payment_status == Order.PaymentStatus.PAID
    payment = Payment.objects.get(order=order)
    assert payment.method == "at_pickup" and payment.amount == order.total
    assert payment.received_by == clerk and payment.reference.endswith("efectivo")
    assert _on_hand(miraflores, rios) == 5  # still held, not sold yet

    order = pickup.hand_over(order=order, code=order.pickup_code, actor=clerk)

    assert order.status == S.DELIVERED
    event = order.events.last()
    assert event.note == "Recogido en tienda" and event.actor == clerk
    holds = Reservation.objects.filter(order=order)
    assert {h.state for h in holds} == {Reservation.State.CONSUMED}
    assert _on_hand(miraflores, rios) == 3 and _on_hand(miraflores, ciudad) == 4
    item = StockItem.objects.get(store=miraflores, product=rios)
    assert item.reserved == 0
    assert StockMovement.objects.filter(kind="sale", store=miraflores).count() == 2


def test_a_second_click_changes_nothing(ready_order, clerk):
    pickup.take_payment(order=ready_order, means="tarjeta", actor=clerk)
    pickup.take_payment(order=ready_order, means="tarjeta", actor=clerk)  # twice: one payment
    order = pickup.hand_over(order=ready_order, code=ready_order.pickup_code, actor=clerk)
    before = _snapshot(order)

    again = pickup.hand_over(order=order, code=order.pickup_code, actor=clerk)

    assert again.status == S.DELIVERED and _snapshot(order) == before
    assert Payment.objects.filter(order=order).count() == 1


def test_a_wrong_code_hands_over_nothing(ready_order, clerk):
    pickup.take_payment(order=ready_order, means="efectivo", actor=clerk)
    before = _snapshot(ready_order)
    for code in ("ZZZZZZ", "", "   ", ready_order.pickup_code[:5], "x" * 500):
        with pytest.raises(PickupRefused) as refused:
            pickup.hand_over(order=ready_order, code=code, actor=clerk)
        assert refused.value.message
    assert _snapshot(ready_order) == before


def test_the_code_may_be_typed_in_lowercase_with_spaces_or_scanned_from_the_qr(ready_order, clerk):
    pickup.take_payment(order=ready_order, means="efectivo", actor=clerk)
    code = ready_order.pickup_code
    assert pickup.normalize_code(f" {code[:3].lower()} {code[3:]} ") == code
    scanned = f"{ready_order.number}|{code}"
    order = pickup.hand_over(order=ready_order, code=scanned, actor=clerk)
    assert order.status == S.DELIVERED


def test_another_stores_clerk_cannot_hand_over_or_charge(ready_order, arequipa_clerk):
    before = _snapshot(ready_order)
    with pytest.raises(PickupRefused, match="no se recoge en esta tienda"):
        pickup.take_payment(order=ready_order, means="efectivo", actor=arequipa_clerk)
    with pytest.raises(PickupRefused, match="no se recoge en esta tienda"):
        pickup.hand_over(order=ready_order, code=ready_order.pickup_code, actor=arequipa_clerk)
    assert _snapshot(ready_order) == before


def test_an_unpaid_order_is_not_handed_over(ready_order, clerk):
    before = _snapshot(ready_order)
    with pytest.raises(PickupRefused, match="Falta cobrar"):
        pickup.hand_over(order=ready_order, code=ready_order.pickup_code, actor=clerk)
    assert _snapshot(ready_order) == before


def test_an_order_not_ready_yet_is_not_handed_over(customer_cart, miraflores, clerk):
    order = place_pickup(customer_cart, miraflores)  # en proceso
    pickup.take_payment(order=order, means="efectivo", actor=clerk)
    with pytest.raises(PickupRefused, match="todavía no está listo"):
        pickup.hand_over(order=order, code=order.pickup_code, actor=clerk)
    status.cancel(order=order, actor=clerk, reason="prueba")
    with pytest.raises(PickupRefused, match="anulado"):
        pickup.hand_over(order=order, code=order.pickup_code, actor=clerk)


def test_a_card_paid_order_is_handed_over_without_selling_twice(
    settings, customer_cart, miraflores, clerk, books
):
    settings.STRIPE_ENABLED = True
    rios, _ciudad = books
    order = place_pickup(customer_cart, miraflores, payment_method="card")
    status.mark_paid(
        order=order, amount=order.total, currency="PEN", method="card", reference="pi_test_1"
    )
    assert _on_hand(miraflores, rios) == 3  # sold at payment
    status.advance(order=order, to=S.PACKED, actor=clerk)
    status.advance(order=order, to=S.READY, actor=clerk)
    sales = StockMovement.objects.filter(kind="sale").count()

    pickup.take_payment(order=order, means="efectivo", actor=clerk)  # already paid: no-op
    assert Payment.objects.filter(order=order).count() == 1
    order = pickup.hand_over(order=order, code=order.pickup_code, actor=clerk)

    assert order.status == S.DELIVERED
    assert StockMovement.objects.filter(kind="sale").count() == sales
    assert _on_hand(miraflores, rios) == 3


def test_a_card_order_still_unpaid_cannot_be_charged_at_the_counter(
    settings, customer_cart, miraflores, clerk
):
    settings.STRIPE_ENABLED = True
    order = place_pickup(customer_cart, miraflores, payment_method="card")
    with pytest.raises(PickupRefused, match="enlace"):
        pickup.take_payment(order=order, means="efectivo", actor=clerk)
    with pytest.raises(PickupRefused):
        pickup.take_payment(order=order, means="bitcoin", actor=clerk)


def test_a_hold_that_ran_out_is_taken_again_from_the_shelf(ready_order, clerk, miraflores, books):
    pickup.take_payment(order=ready_order, means="efectivo", actor=clerk)
    Reservation.objects.filter(order=ready_order).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    order = pickup.hand_over(order=ready_order, code=ready_order.pickup_code, actor=clerk)
    assert order.status == S.DELIVERED
    assert _on_hand(miraflores, books[0]) == 3 and _on_hand(miraflores, books[1]) == 4


def test_a_hold_that_ran_out_with_the_copies_gone_refuses_the_handover(
    ready_order, clerk, miraflores, books
):
    from inventory import stock

    pickup.take_payment(order=ready_order, means="efectivo", actor=clerk)
    Reservation.objects.filter(order=ready_order).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    stock.adjust(miraflores, books[0], -5, "libros dañados", clerk)
    with pytest.raises(PickupRefused, match="No se puede entregar"):
        pickup.hand_over(order=ready_order, code=ready_order.pickup_code, actor=clerk)
    assert Order.objects.get(pk=ready_order.pk).status == S.READY


# The desk pages
# ------------------------------------------------------------------------------


def test_desk_finds_the_order_by_code_number_phone_and_dni(clerk_client, ready_order, customer):
    customer.dni = "45871236"
    customer.save()
    for q in (
        ready_order.pickup_code,
        ready_order.pickup_code.lower(),
        f"{ready_order.number}|{ready_order.pickup_code}",
        ready_order.number,
        "987654321",
        "45871236",
    ):
        html = clerk_client.get(DESK, {"buscar": q}).content.decode()
        assert f'data-number="{ready_order.number}"' in html, q
        assert "Cobrar" in html and "Entregar" in html
    html = clerk_client.get(DESK, {"buscar": "QQQQQQ"}).content.decode()
    assert "No encontramos un pedido" in html


def test_desk_says_where_another_stores_order_is_collected(client, arequipa_clerk, ready_order):
    client.force_login(arequipa_clerk)
    html = client.get(DESK, {"buscar": ready_order.pickup_code}).content.decode()
    assert ready_order.number not in html
    assert "se recoge en Libros Pepito Miraflores" in html


def test_desk_charges_and_hands_over_with_htmx(clerk_client, ready_order):
    number = ready_order.number
    response = clerk_client.post(
        f"{DESK}{number}/cobrar/", {"means": "efectivo"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and "Cobraste" in response.content.decode()

    response = clerk_client.post(
        f"{DESK}{number}/entregar/", {"code": "AAAAAA"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200 and "no corresponde al pedido" in html
    assert Order.objects.get(pk=ready_order.pk).status == S.READY

    response = clerk_client.post(
        f"{DESK}{number}/entregar/", {"code": ready_order.pickup_code}, HTTP_HX_REQUEST="true"
    )
    assert "Entregaste el pedido" in response.content.decode()
    assert Order.objects.get(pk=ready_order.pk).status == S.DELIVERED

    response = clerk_client.post(
        f"{DESK}{number}/entregar/", {"code": ready_order.pickup_code}, HTTP_HX_REQUEST="true"
    )
    assert "ya se había entregado" in response.content.decode()


def test_desk_without_htmx_shows_errors_with_a_400_and_redirects_on_success(
    clerk_client, ready_order
):
    number = ready_order.number
    response = clerk_client.post(f"{DESK}{number}/entregar/", {"code": ready_order.pickup_code})
    assert response.status_code == 400 and "Falta cobrar" in response.content.decode()
    response = clerk_client.post(f"{DESK}{number}/cobrar/", {"means": "cheque"})
    assert response.status_code == 400
    response = clerk_client.post(f"{DESK}{number}/cobrar/", {"means": "tarjeta"})
    assert response.status_code == 302
    response = clerk_client.post(f"{DESK}{number}/entregar/", {}, follow=False)
    assert response.status_code == 400
    response = clerk_client.post(
        f"{DESK}{number}/entregar/", {"code": ready_order.pickup_code}, follow=True
    )
    assert "Entregaste el pedido" in response.content.decode()
    assert clerk_client.post(f"{DESK}LP-0000-000000/entregar/", {"code": "X"}).status_code == 404


def test_desk_queries_do_not_grow_with_the_matches(clerk_client, miraflores):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import CustomerFactory
    from tests.orders.staff_helpers import make_order

    regular = CustomerFactory(phone="+51944555666")

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = clerk_client.get(DESK, {"buscar": "944 555 666"})
        assert response.status_code == 200
        return len(queries)

    for _ in range(2):
        make_order(miraflores, customer=regular, contact_phone=regular.phone)
    few = count()
    for _ in range(10):
        make_order(miraflores, customer=regular, contact_phone=regular.phone)
    assert count() == few
