"""The facts orders publishes on the event spine (outbox/facts.py lists their fields).

Every order fact carries the same identifying fields, built here once so they cannot drift
between services: `order_fields` and `order_lines`. A service calls `publish_order_fact`
inside its own transaction, after its writes, so a rolled-back change publishes nothing.
"""

from decimal import Decimal

from orders.models import Order
from outbox.spine import publish


def money(amount) -> str:
    """An amount as payloads carry it: "45.90" (a handler turns it back into a Decimal)."""
    return str(amount)


def cents(amount) -> str:
    """Like `money`, always with its two decimals (a field's default 0 is "0.00")."""
    return str(Decimal(amount).quantize(Decimal("0.01")))


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
    """[{"product_id", "quantity", "unit_price", "line_total"}], in the order's line order."""
    rows = order.lines.order_by("pk").values_list(
        "product_id", "quantity", "unit_price", "line_total"
    )
    return [
        {
            "product_id": product_id,
            "quantity": quantity,
            "unit_price": str(unit_price),
            "line_total": str(line_total),
        }
        for product_id, quantity, unit_price, line_total in rows
    ]


def order_tenders(order: Order) -> dict:
    """The delivery fee and the tenders, which order.placed / handed_over / delivered /
    cancelled carry: loyalty earns on sum(line_total) - points_value - credit_used."""
    return {
        "delivery_fee": cents(order.delivery_fee),
        "points_used": order.points_used,
        "points_value": cents(order.points_value),
        "credit_used": cents(order.credit_used),
    }


def publish_order_fact(name: str, order: Order, **more):
    """Publish the order fact `name` with the common fields and `more` (call in the transaction)."""
    return publish(name, **order_fields(order), **more)
