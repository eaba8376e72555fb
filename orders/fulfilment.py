"""How an order reaches the customer, as checkout and phone orders offer it: the pickup stores
that hold the cart (complete ones first), the store a delivery leaves from, a district's
delivery fee and windows, and which payments each way of receiving the order takes."""

from dataclasses import dataclass, replace
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from catalog.text import normalize
from crm.peru import canonical_district
from inventory.models import StockItem, Store
from inventory.selectors import availability_many, with_available
from orders import delivery
from orders.exceptions import OrderError
from orders.models import Cart, Order
from orders.pricing import quote

# Which payments each fulfilment takes (the checkout says it before the form, the service checks
# it): pickup pays at the store or by card; a Lima delivery on delivery or by card; the rest of
# Peru by card only. Card only while a card processor is configured (settings.STRIPE_ENABLED).
PAYMENTS_BY_FULFILMENT = {
    Order.Fulfilment.PICKUP: (Order.PaymentMethod.AT_PICKUP, Order.PaymentMethod.CARD),
    "lima": (Order.PaymentMethod.ON_DELIVERY, Order.PaymentMethod.CARD),
    "provincias": (Order.PaymentMethod.CARD,),
}


def payments_for(kind: str) -> list[str]:
    """The payment methods that can complete an order of this kind now ("pickup", "lima",
    "provincias"): card only with Stripe configured."""
    return [
        method
        for method in PAYMENTS_BY_FULFILMENT[kind]
        if method != Order.PaymentMethod.CARD or settings.STRIPE_ENABLED
    ]


def payment_summary() -> list[tuple[str, str]]:
    """What the checkout says before the form: [(way of receiving, the payments it takes)],
    only what can be completed now (without a card processor the rest of Peru is not offered)."""
    card = settings.STRIPE_ENABLED
    return [
        (
            str(_("Recojo en tienda")),
            str(
                _("pagas al recoger, en efectivo o con tarjeta, o en línea con tarjeta.")
                if card
                else _("pagas al recoger, en efectivo o con tarjeta.")
            ),
        ),
        (
            str(_("Delivery en Lima")),
            str(
                _("pago contra entrega (efectivo, tarjeta, Yape o Plin) o en línea con tarjeta.")
                if card
                else _("pago contra entrega: efectivo, tarjeta, Yape o Plin al recibir.")
            ),
        ),
        (
            str(_("Envío al resto del Perú")),
            str(
                _("en línea con tarjeta.")
                if card
                else _("por ahora no disponible (necesita pago en línea con tarjeta).")
            ),
        ),
    ]


def delivery_options(
    cart, *, district, province="Lima", region="Lima", slot="", free_lima: bool = False
) -> dict:
    """The fee and the windows (or courier date) of a district, and the total with that fee:
    the context of orders/partials/delivery_options.html and the phone order's twin.
    `free_lima`: the customer's loyalty tier delivers free in Lima (orders.tenders)."""
    context = {"district": district, "selected_slot": slot}
    try:
        found = delivery.quote_delivery(district=district, province=province, region=region)
    except OrderError as error:
        context["error"] = error.message
    else:
        if free_lima and found.zone is not None:
            found = replace(found, fee=Decimal("0.00"))
            context["free_delivery"] = True
        context["quote"] = found
        payments = payments_for("provincias" if found.by_courier else "lima")
        context["payments"] = [Order.PaymentMethod(method).label for method in payments]
        if not payments:
            context["error"] = _(
                "Fuera de Lima solo enviamos con pago en línea con tarjeta, que no está "
                "disponible ahora. Elige recojo en tienda."
            )
        if found.zone is not None:
            context["slots"] = delivery.slot_options(found.zone, days=settings.DELIVERY_DAYS_AHEAD)
        if cart is not None:
            context["total"] = quote(cart, delivery_fee=found.fee).total
    return context


@dataclass(frozen=True)
class PickupOption:
    store: Store
    missing: list  # titles this store lacks (empty: it can serve the whole cart)

    @property
    def complete(self) -> bool:
        return not self.missing


def pickup_options(
    cart: Cart,
    *,
    lines=None,
    preferred_store_id: int | None = None,
    district: str = "",
    province: str = "",
    region: str = "",
) -> list[PickupOption]:
    """Every pickup store, with the lines it cannot serve: the complete ones first and, among
    them, the customer's preferred store, then those in their district, then in their province
    or region, then the rest (by name).

    `lines` are the quote's lines when the caller already has them; `district`, `province` and
    `region` are the customer's (their main address), as they wrote them ("Surco")."""
    lines = quote(cart).lines if lines is None else lines
    stock_by_product = availability_many([line.product for line in lines])
    stores: dict = {}
    for line in lines:
        for entry in stock_by_product.get(line.product.pk, []):
            stores.setdefault(entry.store.pk, {"store": entry.store, "missing": []})
            if entry.available < line.quantity:
                stores[entry.store.pk]["missing"].append(line.product.title)
    options = [
        PickupOption(store=data["store"], missing=data["missing"])
        for data in stores.values()
        if data["store"].pickup_enabled
    ]
    near_district = normalize(canonical_district(district))
    near_places = {normalize(province), normalize(region)} - {""}

    def nearness(store: Store) -> int:
        if preferred_store_id and store.pk == preferred_store_id:
            return 0
        if near_district and normalize(canonical_district(store.district)) == near_district:
            return 1
        if near_places & {normalize(store.city), normalize(store.region)}:
            return 2
        return 3

    options.sort(
        key=lambda option: (bool(option.missing), nearness(option.store), option.store.name)
    )
    return options


def delivery_store(cart: Cart, *, region: str = "Lima") -> Store | None:
    """Where a delivery leaves from: the warehouse if it holds every line, else the nearest
    store that does (same region first), else None."""
    lines = quote(cart).lines
    if not lines:
        return None
    wanted = {line.product.pk: line.quantity for line in lines}
    rows = with_available(
        StockItem.objects.filter(product_id__in=wanted, store__is_active=True).select_related(
            "store"
        )
    )
    covered: dict[int, set[int]] = {}
    stores: dict[int, Store] = {}
    for item in rows:
        if item.live_available >= wanted[item.product_id]:
            covered.setdefault(item.store_id, set()).add(item.product_id)
            stores[item.store_id] = item.store
    complete = [stores[pk] for pk, products in covered.items() if products == set(wanted)]
    if not complete:
        return None
    region_key = normalize(region)
    complete.sort(
        key=lambda store: (
            store.kind != Store.Kind.WAREHOUSE,
            normalize(store.region) != region_key,
            store.name,
        )
    )
    return complete[0]
