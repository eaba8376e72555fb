"""How the shop reacts to facts (registered in ShopConfig.ready()).

An order's books change each other's "comprados juntos" lists (and, for a first co-purchase,
replace the same-genre fallback). The handler recomputes those lists from the database, so a
second delivery of the same event writes nothing.
"""

from orders.selectors import order_product_ids
from outbox.spine import EventData
from shop import recommendations


def refresh_recommendations(event: EventData) -> None:
    """order.paid / order.handed_over / order.delivered / order.cancelled."""
    if "lines" in event.payload:
        product_ids = {int(line["product_id"]) for line in event["lines"]}
    else:  # order.paid carries no lines: shop sits above orders and may read them
        product_ids = set(order_product_ids(event["order_id"]))
    recommendations.refresh(product_ids)


def lists_for_new_book(event: EventData) -> None:
    """product.changed: a book just added gets its same-author / same-genre lists now, so its
    page does not wait for the nightly rebuild (a saved book keeps the lists it has)."""
    if event["created"]:
        recommendations.refresh({int(event["product_id"])})
