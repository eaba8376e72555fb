"""Low-stock and back-in-stock alerts, as facts on the event spine.

inventory.stock publishes them inside the stock change's transaction (`publish_low_stock`,
`publish_back_in_stock`, `publish_band_changed`), so a fact exists exactly when the change
does; they are handled after commit: back in stock here (`inventory.handlers`, which calls
`notify_back_in_stock`), low stock by accounts, which knows who manages a store
(`accounts.handlers`), a changed band by the catalog (a new product version, so cached cards
show it).
"""

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from inventory.models import BackInStockRequest, Store
from outbox.models import Notification
from outbox.notifications import enqueue_notification
from outbox.spine import publish


def episode_of(item) -> str:
    """The low-stock episode of a StockItem: when it last fell to its reorder point."""
    return item.low_stock_alerted_at.strftime("%Y%m%d%H%M%S%f")


def publish_low_stock(*, store: Store, items) -> None:
    """`stock.low` for each item that just fell to its reorder point (the caller has set
    `low_stock_alerted_at`: a new episode after stock recovered alerts again, a retry of the
    same one never does)."""
    for item in items:
        publish(
            "stock.low",
            stock_item_id=item.pk,
            store_id=store.pk,
            product_id=item.product_id,
            available=item.available,
            reorder_point=item.reorder_point,
            episode=episode_of(item),
        )


def band(available: int, reorder_point: int) -> str:
    """What a customer sees of one product at one store: "in" stock, "low" (its last copies,
    at or under the reorder point) or "out" (as inventory.selectors.StoreStock shows it)."""
    if available <= 0:
        return "out"
    return "low" if available <= reorder_point else "in"


def publish_band_changed(*, store: Store, product_ids) -> None:
    """`stock.band_changed` for products whose band at `store` changed in this transaction
    (the catalog bumps their versions: their cards and pages show the new band)."""
    product_ids = sorted(set(product_ids))
    if product_ids:
        publish("stock.band_changed", store_id=store.pk, product_ids=product_ids)


def _waiting(store: Store, product_ids):
    return BackInStockRequest.objects.filter(
        product_id__in=list(product_ids), notified_at__isnull=True
    ).filter(Q(store__isnull=True) | Q(store=store))


def publish_back_in_stock(*, store: Store, product_ids) -> None:
    """`stock.back_in_stock` when copies arrived at a shop that someone is waiting for.

    Stock arriving at the warehouse tells nobody yet (customers only see and pick up stock in
    the shops), and an arrival nobody waits for publishes nothing (no event per receipt).
    """
    if store.kind != Store.Kind.STORE or not store.is_active:
        return
    product_ids = sorted(set(product_ids))
    if not _waiting(store, product_ids).exists():
        return
    publish("stock.back_in_stock", store_id=store.pk, product_ids=product_ids)


def notify_back_in_stock(*, store: Store, product_ids) -> int:
    """Tell everyone waiting for these products that copies arrived at `store` (run by the
    `stock.back_in_stock` handler, after the arrival committed).

    Requests for any store, or for this one, are marked notified and get one e-mail (and one
    SMS when they left a phone). Stock arriving at the warehouse tells nobody yet: customers
    can only see and pick up stock in the shops. Returns how many requests were notified.
    """
    if store.kind != Store.Kind.STORE or not store.is_active:
        return 0
    from catalog.models import Product

    pending = list(_waiting(store, product_ids).select_for_update(of=("self",)).order_by("pk"))
    if not pending:
        return 0
    now = timezone.now()
    products = Product.objects.in_bulk({request.product_id for request in pending})
    for request in pending:
        request.notified_at = now
        product = products[request.product_id]
        url = f"{settings.SITE_URL}{product.get_absolute_url()}"
        enqueue_notification(
            channel=Notification.Channel.EMAIL,
            to=request.email,
            subject=_("Ya llegó «%(title)s» a %(store)s")
            % {"title": product.title, "store": store.short_name},
            body=_(
                "¡Hola! Nos pediste que te avisáramos: «%(title)s» ya está disponible en "
                "%(store)s (%(address)s).\n\n"
                "Míralo y sepáralo antes de que se agote:\n%(url)s\n\n"
                "Libros Pepito"
            )
            % {"title": product.title, "store": store.name, "address": store.address, "url": url},
            dedupe_key=f"back-in-stock:{request.pk}:email",
        )
        if request.phone:
            enqueue_notification(
                channel=Notification.Channel.SMS,
                to=request.phone,
                body=_("Libros Pepito: ya llegó «%(title)s» a %(store)s. %(url)s")
                % {"title": product.title[:60], "store": store.short_name, "url": url},
                dedupe_key=f"back-in-stock:{request.pk}:sms",
            )
    BackInStockRequest.objects.bulk_update(pending, ["notified_at"])
    return len(pending)


def request_back_in_stock(
    *, product, email: str, phone: str = "", store: Store | None = None, customer=None
) -> BackInStockRequest:
    """Record "Avísame cuando llegue" (idempotent: one pending request per e-mail and product;
    asking again updates its phone and store)."""
    from django.db import IntegrityError, transaction

    email = email.strip().lower()
    fields = {"phone": phone, "store": store, "customer": customer}
    try:
        with transaction.atomic():
            request, created = BackInStockRequest.objects.get_or_create(
                product=product, email=email, notified_at__isnull=True, defaults=fields
            )
    except IntegrityError:  # the same request sent twice at once
        request = BackInStockRequest.objects.get(
            product=product, email=email, notified_at__isnull=True
        )
        created = False
    if not created:
        for name, value in fields.items():
            if value or name == "store":
                setattr(request, name, value)
        request.save(update_fields=["phone", "store", "customer"])
    return request
