"""The facts orders publishes on the event spine (outbox/facts.py lists their fields).

Every order fact carries the same identifying fields, built here once so they cannot drift
between services: `order_fields` and `order_lines`. A service calls `publish_order_fact`
inside its own transaction, after its writes, so a rolled-back change publishes nothing.
"""

from orders.models import Order
from outbox.spine import publish


def money(amount) -> str:
    """An amount as payloads carry it: "45.90" (a handler turns it back into a Decimal)."""
    return str(amount)


def order_fields(order: Order) -> dict:
    """What every order fact carries: ids and plain values, never the instance."""
    return {
        "order_id": order.pk,
        "number": order.number,
        "customer_id": order.customer_id,
        "channel": order.channel,
        "fulfilment": order.fulfilment,
        "store_id": order.store_id,
    }


def order_lines(order: Order) -> list[dict]:
    """[{"product_id", "quantity", "unit_price"}], in the order's line order."""
    return [
        {"product_id": product_id, "quantity": quantity, "unit_price": str(unit_price)}
        for product_id, quantity, unit_price in order.lines.order_by("pk").values_list(
            "product_id", "quantity", "unit_price"
        )
    ]


def publish_order_fact(name: str, order: Order, **more):
    """Publish the order fact `name` with the common fields and `more` (call in the transaction)."""
    return publish(name, **order_fields(order), **more)
