"""loyalty's reactions to facts on the event spine (subscribed in LoyaltyConfig.ready).

loyalty sits below orders and crm's pipeline: each handler works from the event's payload
alone, and is idempotent (the spine may deliver twice; every movement's source is unique)."""

from loyalty import earning


def on_order_placed(event) -> None:
    earning.pend_for_order(event.payload)


def on_order_fulfilled(event) -> None:
    """order.handed_over and order.delivered: the points are earned (once per order line)."""
    earning.earn_for_order(event.payload)


def on_order_cancelled(event) -> None:
    earning.cancel_order(event.payload)


def on_order_returned(event) -> None:
    earning.return_lines(event.payload)


def on_customer_merged(event) -> None:
    earning.merge_accounts(
        kept_customer_id=event["kept_customer_id"],
        merged_customer_id=event["merged_customer_id"],
    )
