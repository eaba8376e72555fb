"""Demo delivery zones and windows, and orders in every status, channel and fulfilment over the
last 90 days (so the board and, later, the dashboards have something to show).

Orders are made through the real services (cart, place_order, mark_paid, advance, cancel), then
their dates are moved back in time. Idempotent: nothing is done when demo orders exist.
"""

import random
from datetime import timedelta
from decimal import Decimal

from django.db.models import Q
from django.test.utils import override_settings
from django.utils import timezone

from accounts.models import User
from catalog.models import Product
from crm.models import Customer
from inventory.selectors import availability_many
from orders import cart as carts
from orders import checkout, courier, pickup, status
from orders.models import (
    Channel,
    DeliveryDistrict,
    DeliveryWindow,
    DeliveryZone,
    Order,
    OrderEvent,
)
from outbox.models import Notification

ZONES = {
    "Lima Moderna": (
        "10.00",
        1,
        [
            "Miraflores",
            "San Isidro",
            "Barranco",
            "Santiago de Surco",
            "San Borja",
            "Lince",
            "Jesús María",
            "Magdalena del Mar",
            "Pueblo Libre",
            "Surquillo",
        ],
    ),
    "Lima Centro y Norte": (
        "12.00",
        1,
        [
            "Lima",
            "Breña",
            "Rímac",
            "La Victoria",
            "San Miguel",
            "Los Olivos",
            "San Martín de Porres",
            "Independencia",
            "Comas",
            "San Luis",
        ],
    ),
    "Lima Este": (
        "14.00",
        2,
        ["Ate", "La Molina", "Santa Anita", "San Juan de Lurigancho", "El Agustino"],
    ),
    "Lima Sur": (
        "14.00",
        2,
        ["Chorrillos", "San Juan de Miraflores", "Villa María del Triunfo", "Villa El Salvador"],
    ),
}
WINDOWS = [("9:00–13:00", "09:00", "13:00", 8), ("14:00–18:00", "14:00", "18:00", 8),
           ("18:00–21:00", "18:00", "21:00", 5)]  # fmt: skip

# (status path, fulfilment, payment, channel) for each demo order, cycled.
PLANS = [
    ([], "pickup", "at_pickup", Channel.WEB),
    (["embalado"], "pickup", "at_pickup", Channel.PHONE),
    (["embalado", "listo_recoger"], "pickup", "at_pickup", Channel.WEB),
    (["embalado", "listo_recoger", "entregado"], "pickup", "at_pickup", Channel.CHAT),
    (["pay", "embalado", "despachado"], "delivery", "card", Channel.WEB),
    (["pay", "embalado", "despachado", "entregado"], "delivery", "card", Channel.WEB),
    (["pay", "embalado", "despachado", "recibido"], "delivery", "card", Channel.WHOLESALE),
    (["pay"], "delivery", "card", Channel.PHONE),
    ([], "delivery", "card", Channel.WEB),  # pendiente de pago
    (["anulado"], "pickup", "at_pickup", Channel.WEB),
    (["pay", "embalado", "listo_recoger", "entregado"], "pickup", "card", Channel.WEB),
    (["embalado", "listo_recoger", "entregado"], "pickup", "at_pickup", Channel.STORE),
    # Pago contra entrega (Lima): on the courier's route, delivered and collected today, and
    # one the courier could not deliver (back at the warehouse, to reschedule or annul).
    (["embalado", "despachado"], "delivery", "cod", Channel.WEB),
    (["embalado", "despachado", "cobrado"], "delivery", "cod", Channel.WEB),
    (["embalado", "despachado", "no_entregado"], "delivery", "cod", Channel.WEB),
]
ORDERS = 36
FINAL = {"entregado", "recibido", "anulado"}


def seed(out) -> None:
    _zones()
    if Order.objects.filter(checkout_token__startswith="demo-").exists():
        out.write("Pedidos: ya estaban.")
    else:
        made = _orders()
        out.write(f"Zonas de reparto: {len(ZONES)}, horarios: {len(WINDOWS)}, pedidos: {made}.")
    _demo_customer_orders(out)


def _zones() -> None:
    for name, (fee, lead, districts) in ZONES.items():
        zone, _ = DeliveryZone.objects.get_or_create(
            name=name, defaults={"fee": Decimal(fee), "lead_days": lead}
        )
        for district in districts:
            DeliveryDistrict.objects.get_or_create(name=district, defaults={"zone": zone})
    for label, starts, ends, capacity in WINDOWS:
        DeliveryWindow.objects.get_or_create(
            label=label, defaults={"starts_at": starts, "ends_at": ends, "capacity": capacity}
        )


@override_settings(STRIPE_ENABLED=True)  # historical card orders are recorded, not charged
def _orders() -> int:
    rng = random.Random(2026)
    customers = list(Customer.objects.exclude(Q(email="") | Q(phone="")).order_by("pk"))
    clerks = {user.store_id: user for user in User.objects.filter(groups__name="vendedor")}
    rider = User.objects.filter(groups__name="repartidor").order_by("pk").first()
    products = list(Product.objects.filter(is_active=True, kind="book").order_by("pk")[:150])
    stock = availability_many(products)
    now = timezone.now()
    made = 0
    for n in range(ORDERS):
        if not customers or not products:
            break
        path, fulfilment, payment, channel = PLANS[n % len(PLANS)]
        customer = customers[n % len(customers)]
        store_stock = _pick_books(rng, products, stock, fulfilment)
        if store_stock is None:
            continue
        store, books = store_stock
        cart = carts.cart_for_customer(customer)
        for line in list(cart.lines.all()):
            line.delete()
        for book in books:
            carts.add_to_cart(cart=cart, product=book, quantity=1)
        clerk = clerks.get(store.pk)
        actor = clerk if channel in (Channel.PHONE, Channel.CHAT, Channel.STORE) else None
        order = checkout.place_order(
            cart=cart,
            contact=checkout.Contact(customer.name, customer.email, customer.phone),
            fulfilment=fulfilment,
            payment_method=payment,
            channel=channel,
            checkout_token=f"demo-{n}",
            expected_subtotal=None,
            store=store if fulfilment == "pickup" else None,
            address=checkout.Address(
                street="Av. Arequipa 2450", reference="Frente al parque", district="Lince",
                province="Lima", region="Lima",
            ) if fulfilment == "delivery" else None,
            slot=_slot(n) if fulfilment == "delivery" else "",
            customer=customer,
            actor=actor,
        )  # fmt: skip
        for step in path:
            if step == "pay":
                status.mark_paid(
                    order=order, amount=order.total, currency="PEN", method="card",
                    reference=f"demo-pi-{n}",
                )  # fmt: skip
            elif step in ("cobrado", "no_entregado") and rider is None:
                break  # no demo courier: the order stays on the route
            elif step == "cobrado":
                courier.deliver(order=order, courier=rider, means=rng.choice(["efectivo", "yape"]),
                                operation=f"{rng.randint(10**7, 10**8 - 1)}")  # fmt: skip
            elif step == "no_entregado":
                courier.report_failed(order=order, courier=rider, reason="no_contesta")
            elif step == "anulado":
                status.cancel(order=order, actor=clerk, reason="El cliente ya no lo necesita")
            elif step == "entregado" and fulfilment == "pickup":
                if order.payment_status != "paid":
                    pickup.take_payment(order=order, means="efectivo", actor=clerk)
                pickup.hand_over(order=order, code=order.pickup_code, actor=clerk)
            else:
                status.advance(order=order, to=step, actor=clerk)
            order.refresh_from_db()
        if "cobrado" in path:
            # Collected at the door today: the courier's cash-up of today adds it up.
            _backdate(order, now - timedelta(hours=rng.randint(1, 3)), deadline=False)
        elif order.status in FINAL:
            _backdate(order, now - timedelta(days=rng.randint(1, 89), hours=rng.randint(0, 10)))
        elif order.status == Order.Status.PENDING_PAYMENT:
            # Still within its payment hold: the schedule (make run) annuls unpaid orders
            # whose hold ran out, and the demo should keep one to pay.
            _backdate(order, now - timedelta(minutes=rng.randint(2, 10)), deadline=False)
        else:  # open orders are recent, so their pickup deadline and holds still stand
            _backdate(order, now - timedelta(hours=rng.randint(1, 30)), deadline=False)
        made += 1
    # These notices belong to orders of the past: record them as sent instead of printing
    # some two hundred e-mails and SMS on the console of `make run`.
    Notification.objects.filter(
        dedupe_key__startswith="order:", status=Notification.Status.PENDING
    ).update(status=Notification.Status.SENT, sent_at=now)
    return made


DEMO_CUSTOMER_EMAIL = "luis@example.pe"


def _demo_customer_orders(out) -> None:
    """Two open pickups of the demo customer to try on `make run`: one "en proceso" (he may
    annul it himself) and one "listo para recoger" (its QR; too late to annul it himself)."""
    customer = Customer.objects.filter(email=DEMO_CUSTOMER_EMAIL).first()
    if customer is None:
        return
    tokens = ("demo-cliente-en-proceso", "demo-cliente-listo")
    orders = list(Order.objects.filter(checkout_token__in=tokens).order_by("checkout_token"))
    if not orders:
        rng = random.Random(11)
        products = list(Product.objects.filter(is_active=True, kind="book").order_by("pk")[:150])
        stock = availability_many(products)
        for token in tokens:
            picked = _pick_books(rng, products, stock, "pickup")
            if picked is None:
                return
            store, books = picked
            cart = carts.cart_for_customer(customer)
            for line in list(cart.lines.all()):
                line.delete()
            for book in books:
                carts.add_to_cart(cart=cart, product=book, quantity=1)
            order = checkout.place_order(
                cart=cart,
                contact=checkout.Contact(customer.name, customer.email, customer.phone),
                fulfilment="pickup", payment_method="at_pickup", channel=Channel.WEB,
                checkout_token=token, expected_subtotal=None, store=store, customer=customer,
            )  # fmt: skip
            if token == "demo-cliente-listo":
                status.advance(order=order, to=Order.Status.PACKED)
                status.advance(order=order, to=Order.Status.READY)
            orders.append(order)
        Notification.objects.filter(
            dedupe_key__startswith="order:", status=Notification.Status.PENDING
        ).update(status=Notification.Status.SENT, sent_at=timezone.now())
    numbers = {order.checkout_token: order.number for order in orders}
    out.write(
        f"{DEMO_CUSTOMER_EMAIL}: {numbers.get('demo-cliente-en-proceso', '—')} en proceso "
        f"(puede anularlo en /pedidos/), {numbers.get('demo-cliente-listo', '—')} listo para "
        "recoger (con su QR)."
    )


TENDER_TOKEN = "demo-cliente-puntos"


def seed_tender_order(out) -> None:
    """An open pickup of the demo customer paid in part with his Club Pepito points (a
    tender: the order page lists them; he pays the rest at the store). Run after the loyalty
    demo (seed_demo), which gives him points to spend; idempotent."""
    from loyalty import services as loyalty

    customer = Customer.objects.filter(email=DEMO_CUSTOMER_EMAIL).first()
    if customer is None or Order.objects.filter(checkout_token=TENDER_TOKEN).exists():
        return
    account = loyalty.account_for(customer, create=False)
    rng = random.Random(13)
    products = list(Product.objects.filter(is_active=True, kind="book").order_by("pk")[:150])
    picked = _pick_books(rng, products, availability_many(products), "pickup")
    if account is None or picked is None:
        return
    store, books = picked
    cart = carts.cart_for_customer(customer)
    for line in list(cart.lines.all()):
        line.delete()
    for book in books:
        carts.add_to_cart(cart=cart, product=book, quantity=1)
    total = sum((book.price for book in books), Decimal("0.00"))
    limits = loyalty.redeemable(customer, payable=total)
    points = min(limits.max_points, 200)
    if points < limits.min_points:
        cart.lines.all().delete()
        return
    order = checkout.place_order(
        cart=cart,
        contact=checkout.Contact(customer.name, customer.email, customer.phone),
        fulfilment="pickup", payment_method="at_pickup", channel=Channel.WEB,
        checkout_token=TENDER_TOKEN, expected_subtotal=None, store=store, customer=customer,
        points=points,
    )  # fmt: skip
    Notification.objects.filter(
        dedupe_key__startswith="order:", status=Notification.Status.PENDING
    ).update(status=Notification.Status.SENT, sent_at=timezone.now())
    out.write(
        f"{DEMO_CUSTOMER_EMAIL}: {order.number} pagado en parte con {order.points_used} puntos "
        f"(S/ {order.points_value}); paga S/ {order.amount_due} al recoger."
    )


def _pick_books(rng, products, stock, fulfilment):
    """A store and one to three books it has (the warehouse or a Lima store for delivery)."""
    for _attempt in range(20):
        books = rng.sample(products, k=min(len(products), rng.randint(1, 3)))
        entries = [stock.get(book.pk, []) for book in books]
        stores = {}
        for book_entries in entries:
            for entry in book_entries:
                if entry.available >= 2:
                    stores.setdefault(entry.store.pk, [entry.store, 0])
                    stores[entry.store.pk][1] += 1
        complete = [store for store, hits in stores.values() if hits == len(books)]
        if fulfilment == "delivery":
            complete = [store for store in complete if store.region == "Lima"]
        if complete:
            return complete[0], books
    return None


def _slot(n: int) -> str:
    """A different free window for each demo delivery."""
    from orders.delivery import slot_options, zone_for_district

    options = slot_options(zone_for_district("Lince"), days=14)
    return options[n % len(options)].value


def _backdate(order: Order, when, *, deadline: bool = True) -> None:
    """Move the order and its events back to `when`, keeping their spacing."""
    shift = order.created_at - when
    Order.objects.filter(pk=order.pk).update(created_at=when, updated_at=when)
    for event in OrderEvent.objects.filter(order=order):
        OrderEvent.objects.filter(pk=event.pk).update(created_at=event.created_at - shift)
    if deadline and order.pickup_deadline:
        Order.objects.filter(pk=order.pk).update(pickup_deadline=order.pickup_deadline - shift)
