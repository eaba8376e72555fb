"""Low-stock and back-in-stock alerts, queued in the notification outbox (orders app).

Called by inventory.stock inside the stock change's transaction: the notifications are
written with it and sent after commit, so an alert exists exactly when the change does.
"""

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from inventory.models import BackInStockRequest, Store
from outbox.models import Notification
from outbox.notifications import enqueue_notification


def _store_managers(store: Store):
    from accounts.models import User
    from accounts.roles import Role

    return list(
        User.objects.filter(store=store, is_active=True, groups__name=Role.STORE_MANAGER.value)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def alert_low_stock(*, store: Store, items) -> None:
    """One e-mail per manager of `store` for each item that just fell to its reorder point.

    The caller sets `low_stock_alerted_at`; the key includes it, so a new episode (after stock
    recovered) alerts again and a retry of the same one never does.
    """
    from catalog.models import Product

    managers = _store_managers(store)
    if not managers:
        return
    products = Product.objects.in_bulk([item.product_id for item in items])
    stock_url = f"{settings.SITE_URL}/tienda/stock/?bajo=1"
    for item in items:
        product = products[item.product_id]
        subject = _("Bajo stock en %(store)s: %(title)s") % {
            "store": store.short_name,
            "title": product.title,
        }
        body = _(
            "Quedan %(available)s disponibles de «%(title)s» (ISBN %(isbn)s) en %(store)s; "
            "el punto de reposición es %(point)s.\n\n"
            "Pide una transferencia o un reabastecimiento desde la página de stock:\n%(url)s\n"
        ) % {
            "available": item.available,
            "title": product.title,
            "isbn": product.isbn or "-",
            "store": store.name,
            "point": item.reorder_point,
            "url": stock_url,
        }
        episode = item.low_stock_alerted_at.strftime("%Y%m%d%H%M%S%f")
        for manager in managers:
            enqueue_notification(
                channel=Notification.Channel.EMAIL,
                to=manager.email,
                subject=subject,
                body=body,
                dedupe_key=f"low-stock:{item.pk}:{episode}:{manager.pk}",
            )


def notify_back_in_stock(*, store: Store, product_ids) -> int:
    """Tell everyone waiting for these products that copies arrived at `store`.

    Requests for any store, or for this one, are marked notified and get one e-mail (and one
    SMS when they left a phone). Stock arriving at the warehouse tells nobody yet: customers
    can only see and pick up stock in the shops. Returns how many requests were notified.
    """
    if store.kind != Store.Kind.STORE or not store.is_active:
        return 0
    from catalog.models import Product

    pending = list(
        BackInStockRequest.objects.select_for_update(of=("self",))
        .filter(product_id__in=list(product_ids), notified_at__isnull=True)
        .filter(Q(store__isnull=True) | Q(store=store))
        .order_by("pk")
    )
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
