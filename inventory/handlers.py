"""inventory's reactions to facts on the event spine (subscribed in InventoryConfig.ready)."""

import logging

from inventory.alerts import notify_back_in_stock
from inventory.models import Store

logger = logging.getLogger(__name__)


def on_back_in_stock(event) -> None:
    """Copies arrived at a shop: mark the waiting requests notified and queue their e-mail and
    SMS. Safe to run twice: a notified request is no longer pending, and the dedupe keys hold."""
    store = Store.objects.filter(pk=event["store_id"]).first()
    if store is None:
        logger.info("stock.back_in_stock %s: store %s is gone", event.id, event["store_id"])
        return
    notify_back_in_stock(store=store, product_ids=event["product_ids"])
