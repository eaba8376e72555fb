import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from catalog.models import Product
from inventory.exceptions import OutOfStock
from inventory.models import Reservation, StockItem
from orders import delivery
from orders.exceptions import NotDeliverable, OrderError, PricesChanged, SlotFull
from orders.models import DeliverySlot, Order, OrderEvent
from outbox.models import Notification
from tests.orders.conftest import place

pytestmark = pytest.mark.django_db


def tomorrow_slot(window):
    return f"{(timezone.localdate() + timedelta(days=1)).isoformat()}|{window.pk}"


def test_pickup_order_reserves_stock_numbers_and_notifies(customer_cart, miraflores, books):
    order = place(customer_cart, store=miraflores)

    assert order.number.startswith(f"LP-{timezone.localdate().year}-")
    assert order.status == Order.Status.PROCESSING
    assert order.subtotal == Decimal("150.80") == order.total  # 2 × 45.90 + 59.00
    assert order.tax_total == Decimal("0.00")  # books are exonerated from IGV
    assert order.pickup_code and order.pickup_deadline > timezone.now() + timedelta(hours=47)
    assert [(r.product_id, r.quantity) for r in Reservation.objects.order_by("product_id")] == [
        (books[0].pk, 2),
        (books[1].pk, 1),
    ]
    assert StockItem.objects.get(store=miraflores, product=books[0]).reserved == 2
    assert OrderEvent.objects.filter(order=order).count() == 1
    assert Notification.objects.filter(to="luis@example.pe").exists()
    assert Notification.objects.filter(to="+51987654321", channel="sms").exists()
    customer_cart.refresh_from_db()
    assert customer_cart.checked_out_at is not None


def test_order_numbers_follow_each_other(customer, books, miraflores):
    from orders import cart as carts

    numbers = []
    for _ in range(2):
        cart = carts.cart_for_customer(customer)
        carts.add_to_cart(cart=cart, product=books[0])
        numbers.append(place(cart, store=miraflores).number)

    assert int(numbers[1][-6:]) == int(numbers[0][-6:]) + 1


def test_double_click_gives_one_order(customer_cart, miraflores):
    token = uuid.uuid4().hex

    first = place(customer_cart, store=miraflores, checkout_token=token)
    second = place(customer_cart, store=miraflores, checkout_token=token)

    assert first.pk == second.pk
    assert Order.objects.count() == 1


def test_short_line_is_named_and_nothing_is_created(customer_cart, miraflores, books):
    from orders import cart as carts

    carts.set_quantity(
        cart=customer_cart, line_id=customer_cart.lines.get(product=books[1]).pk, quantity=6
    )

    with pytest.raises(OutOfStock, match="La ciudad y los perros"):
        place(customer_cart, store=miraflores)

    assert not Order.objects.exists()
    assert not Reservation.objects.exists()
    assert StockItem.objects.get(store=miraflores, product=books[0]).reserved == 0
    customer_cart.refresh_from_db()
    assert customer_cart.checked_out_at is None


def test_changed_price_is_told_before_ordering(customer_cart, miraflores, books):
    Product.objects.filter(pk=books[1].pk).update(price=Decimal("65.00"))

    with pytest.raises(PricesChanged):
        place(customer_cart, store=miraflores, expected_subtotal=Decimal("150.80"))
    assert not Order.objects.exists()

    order = place(customer_cart, store=miraflores, expected_subtotal=Decimal("156.80"))
    assert order.total == Decimal("156.80")


def test_a_deactivated_book_in_the_cart_stops_the_order(customer_cart, miraflores, books):
    Product.objects.filter(pk=books[0].pk).update(is_active=False)

    with pytest.raises(PricesChanged):
        place(customer_cart, store=miraflores, expected_subtotal=Decimal("59.00"))


def test_pay_at_pickup_needs_pickup(customer_cart, zone, window):
    from orders.checkout import Address

    with pytest.raises(OrderError, match="solo es posible si recoges"):
        place(
            customer_cart,
            fulfilment="delivery",
            address=Address("Calle Berlín 345", "", "Miraflores", "Lima", "Lima"),
            slot=tomorrow_slot(window),
        )


def test_card_is_refused_without_stripe(customer_cart, miraflores, settings):
    settings.STRIPE_ENABLED = False

    with pytest.raises(OrderError, match="tarjeta no está disponible"):
        place(customer_cart, store=miraflores, payment_method="card")


def test_lima_delivery_adds_the_zone_fee_books_the_window_and_ships_from_the_warehouse(
    customer_cart, zone, window, warehouse, settings
):
    from orders.checkout import Address

    settings.STRIPE_ENABLED = True
    order = place(
        customer_cart,
        fulfilment="delivery",
        payment_method="card",
        address=Address("Calle Berlín 345", "Parque Kennedy", "miraflores", "Lima", "Lima"),
        slot=tomorrow_slot(window),
    )

    assert order.delivery_fee == Decimal("10.00")
    assert order.total == Decimal("160.80")
    assert order.tax_total == Decimal("1.53")  # the IGV inside the delivery fee
    assert order.store == warehouse
    assert order.status == Order.Status.PENDING_PAYMENT
    assert DeliverySlot.objects.get().booked == 1


def test_provinces_get_a_courier_date_instead_of_a_window(customer_cart, warehouse, settings):
    from orders.checkout import Address

    settings.STRIPE_ENABLED = True
    order = place(
        customer_cart,
        fulfilment="delivery",
        payment_method="card",
        address=Address("Calle Mercaderes 212", "", "Cercado", "Arequipa", "Arequipa"),
    )

    assert order.delivery_slot is None
    assert order.courier_eta > timezone.localdate()
    assert order.delivery_fee == delivery.COURIER_FEE


def test_a_lima_district_without_zone_is_refused_clearly(zone):
    with pytest.raises(NotDeliverable, match="Todavía no repartimos en Pucusana"):
        delivery.quote_delivery(district="Pucusana", province="Lima", region="Lima")


def test_window_capacity_is_never_exceeded(zone, window):
    day = timezone.localdate() + timedelta(days=1)
    for _ in range(window.capacity):
        delivery.book_slot(zone=zone, day=day, window_id=window.pk)

    with pytest.raises(SlotFull):
        delivery.book_slot(zone=zone, day=day, window_id=window.pk)
    assert DeliverySlot.objects.get().booked == 5
    assert delivery.slot_options(zone, days=1) == []


def test_past_dates_and_unknown_windows_are_refused(zone, window):
    with pytest.raises(NotDeliverable):
        delivery.book_slot(zone=zone, day=timezone.localdate(), window_id=window.pk)
    with pytest.raises(NotDeliverable):
        delivery.book_slot(zone=zone, day=timezone.localdate() + timedelta(days=2), window_id=999)
    with pytest.raises(NotDeliverable):
        delivery.parse_slot("mañana|temprano")


def test_tampered_store_without_the_stock_is_refused(customer_cart, books):
    from tests.factories import StoreFactory

    empty = StoreFactory(slug="cusco")

    with pytest.raises(OutOfStock):
        place(customer_cart, store=empty)
    assert not Order.objects.exists()
