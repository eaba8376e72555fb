"""How the catalog reacts to facts published above it (registered in CatalogConfig.ready()).

The catalog sits below orders: it works from the payload alone, never from orders' tables.
"""

import logging
from collections import Counter

from django.db.models import F

from catalog import versions
from catalog.models import Product, SoldOrder
from outbox.spine import EventData

logger = logging.getLogger(__name__)


def count_sold_copies(event: EventData) -> None:
    """order.handed_over / order.delivered: the order's copies count as sold ("más vendidos").

    Once per order. The spine already runs this once per event (the delivery is marked done in
    the same transaction as these updates). Across facts, an order reaches the customer one
    way: picked up or sold at a counter (handed_over) or delivered (delivered); the status
    rules never let one order do both. But a delivered order may later be marked "recibido"
    by a wholesale customer, which is a delivery too: the SoldOrder row (unique per order,
    written in this same transaction) makes any second fact of the same order add nothing.
    """
    order_id = event["order_id"]
    _sold, first_time = SoldOrder.objects.get_or_create(order_id=order_id)
    if not first_time:
        logger.info(
            "Order %s: copies already counted as sold; %s adds nothing", order_id, event.name
        )
        return
    copies: Counter[int] = Counter()
    for line in event["lines"]:
        copies[int(line["product_id"])] += int(line["quantity"])
    for product_id, quantity in sorted(copies.items()):  # same lock order in every handler
        if quantity <= 0:
            continue
        updated = Product.objects.filter(pk=product_id).update(
            sold_count=F("sold_count") + quantity
        )
        if not updated:
            logger.info("Order %s: product %s no longer exists; not counted", order_id, product_id)


def bump_changed_product(event: EventData) -> None:
    """product.changed: the product's cards and page are rendered again (a new version)."""
    versions.bump([event["product_id"]])


def bump_products(event: EventData) -> None:
    """products.relabelled / stock.band_changed (published by inventory, above us: the
    payload carries the ids): those products get a new version.

    Harmless if delivered twice (the spine runs it once per event anyway): a second bump
    only makes the next page render those cards once more."""
    versions.bump(event["product_ids"])
