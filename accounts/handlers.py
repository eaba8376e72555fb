"""accounts' reactions to facts on the event spine (subscribed in AccountsConfig.ready).

Low stock is told to the store's managers, and who they are is accounts' knowledge: so the
alert that inventory publishes (`stock.low`) is turned into e-mails here.
"""

import logging

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from accounts.roles import Role
from catalog.models import Product
from inventory.models import Store
from outbox.models import Notification
from outbox.notifications import enqueue_notification

logger = logging.getLogger(__name__)


def store_managers(store_id: int) -> list[User]:
    """The active managers of a store who have an e-mail, in a stable order."""
    return list(
        User.objects.filter(
            store_id=store_id, is_active=True, groups__name=Role.STORE_MANAGER.value
        )
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def on_stock_low(event) -> None:
    """One e-mail per manager of the store for a product that fell to its reorder point.

    The dedupe key carries the episode and the manager, so a second delivery queues nothing
    and a new episode (after stock recovered) alerts again.
    """
    payload = event.payload
    managers = store_managers(payload["store_id"])
    if not managers:
        return
    store = Store.objects.filter(pk=payload["store_id"]).first()
    product = Product.objects.filter(pk=payload["product_id"]).first()
    if store is None or product is None:
        logger.info("stock.low %s: its store or product is gone", event.id)
        return
    subject = _("Bajo stock en %(store)s: %(title)s") % {
        "store": store.short_name,
        "title": product.title,
    }
    body = ngettext(
        "Queda %(available)s disponible de «%(title)s» (ISBN %(isbn)s) en %(store)s; "
        "el punto de reposición es %(point)s.\n\n"
        "Pide una transferencia o un reabastecimiento desde la página de stock:\n%(url)s\n",
        "Quedan %(available)s disponibles de «%(title)s» (ISBN %(isbn)s) en %(store)s; "
        "el punto de reposición es %(point)s.\n\n"
        "Pide una transferencia o un reabastecimiento desde la página de stock:\n%(url)s\n",
        payload["available"],
    ) % {
        "available": payload["available"],
        "title": product.title,
        "isbn": product.isbn or "-",
        "store": store.name,
        "point": payload["reorder_point"],
        "url": f"{settings.SITE_URL}/tienda/stock/?bajo=1",
    }
    for manager in managers:
        enqueue_notification(
            channel=Notification.Channel.EMAIL,
            to=manager.email,
            subject=subject,
            body=body,
            dedupe_key=f"low-stock:{payload['stock_item_id']}:{payload['episode']}:{manager.pk}",
        )
