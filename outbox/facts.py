"""Every domain event's name and payload, in one place.

Publishing or subscribing to a name not listed here fails, and so does publishing a payload
that lacks a required field or carries one not listed. Payloads carry ids and plain values
(strings, numbers, booleans, lists and dicts of them; Decimals travel as strings): never a
model instance nor a formatted text. A handler may sit below the publisher in the layers and
then cannot read the publisher's tables, so a payload carries what its handlers need.

`key` names the aggregate an event belongs to: events of one key reach every handler in the
order they were published (an "earn" is never handled after the "reverse" that followed it).

Adding a fact: add an entry below, publish it from the owner's service inside its
transaction, and subscribe to it in the reacting app's `AppConfig.ready()`.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Fact:
    name: str
    doc: str
    required: frozenset[str]
    optional: frozenset[str] = field(default_factory=frozenset)
    # The aggregate: "order" + payload["order_id"] -> key "order:42".
    aggregate: str = ""
    aggregate_field: str = ""

    def key(self, payload: dict) -> str:
        return f"{self.aggregate}:{payload[self.aggregate_field]}"


# Lines as they travel in order facts: [{"product_id": 1, "quantity": 2, "unit_price": "45.90",
# "line_total": "91.80"}]
_ORDER = frozenset({"order_id", "number", "customer_id", "channel", "fulfilment", "store_id"})
# The tenders and the fee (Club Pepito, issue #13): optional so older publishers keep working;
# loyalty reads a missing one as 0. Money travels as strings, points as an int.
_TENDERS = ("delivery_fee", "points_used", "points_value", "credit_used")


def _order_fact(name, doc, *more, optional=()):
    return Fact(
        name=name,
        doc=doc,
        required=_ORDER | frozenset(more),
        optional=frozenset(optional),
        aggregate="order",
        aggregate_field="order_id",
    )


FACTS: dict[str, Fact] = {
    fact.name: fact
    for fact in [
        _order_fact(
            "order.placed",
            "An order was created (any channel), its stock held.",
            "status",
            "payment_method",
            "total",
            "lines",
            optional=("conversation_id", *_TENDERS),
        ),
        _order_fact(
            "order.paid",
            "A payment completed the order's total (card, at pickup, at the counter).",
            "amount",
            "method",
        ),
        _order_fact(
            "order.status_changed",
            "The order moved to a new status (every move, with the one before).",
            "status",
            "previous",
            optional=("actor_id", "note"),
        ),
        _order_fact(
            "order.handed_over",
            "The customer took the books: picked up at a store or sold at a counter.",
            "total",
            "lines",
            optional=_TENDERS,
        ),
        _order_fact(
            "order.delivered",
            "Delivered by courier, or marked received by a wholesale customer.",
            "total",
            "lines",
            optional=_TENDERS,
        ),
        _order_fact(
            "order.delivery_failed",
            "The courier could not deliver (a reason from the list); the order is back at the "
            "store for a second attempt or annulment.",
            "reason",
            "attempt",
        ),
        _order_fact(
            "order.rescheduled",
            "A delivery that failed got a new day and window (the copies stay held).",
            "date",
            "window_id",
        ),
        _order_fact(
            "order.returned",
            "Lines of an order came back (a return accepted): what each refunded line was "
            "worth. lines: [{product_id, quantity, line_total}] of the refunded lines only.",
            "return_id",
            "lines",
            optional=_TENDERS,
        ),
        Fact(
            name="courier.day_closed",
            doc="A manager closed a courier's day: collected per means against what was counted.",
            required=frozenset({"close_id", "courier_id", "store_id", "date", "difference"}),
            aggregate="courier_day",
            aggregate_field="close_id",
        ),
        _order_fact(
            "order.cancelled",
            "Annulled before dispatch; its stock and window were freed.",
            "reason",
            "lines",
            "was_fulfilled",
            optional=_TENDERS,
        ),
        _order_fact(
            "order.refunded",
            "Money went back to the customer (a Stripe refund or a refund at a store).",
            "amount",
        ),
        Fact(
            name="cart.changed",
            doc="A cart's lines changed (any channel).",
            required=frozenset({"cart_id", "customer_id", "item_count"}),
            aggregate="cart",
            aggregate_field="cart_id",
        ),
        Fact(
            name="customer.created",
            doc="A customer record was created (sign-up, guest checkout, phone, chat).",
            required=frozenset({"customer_id", "user_id", "source"}),
            aggregate="customer",
            aggregate_field="customer_id",
        ),
        Fact(
            name="customer.merged",
            doc="Two customer records were one person: the merged one's history now belongs "
            "to the kept one (crm.customers.merge_customers).",
            required=frozenset({"customer_id", "kept_customer_id", "merged_customer_id"}),
            aggregate="customer",
            aggregate_field="customer_id",
        ),
        Fact(
            name="customer.erased",
            doc="A customer was forgotten (CRM erasure): their personal values must go.",
            required=frozenset({"customer_id"}),
            aggregate="customer",
            aggregate_field="customer_id",
        ),
        Fact(
            name="chat.closed",
            doc="A chat conversation was closed.",
            required=frozenset({"conversation_id", "customer_id", "clerk_id", "store_id"}),
            aggregate="conversation",
            aggregate_field="conversation_id",
        ),
        Fact(
            name="chat.rated",
            doc="A customer rated a closed conversation (1 to 5).",
            required=frozenset({"conversation_id", "customer_id", "clerk_id", "rating"}),
            optional=frozenset({"comment"}),
            aggregate="conversation",
            aggregate_field="conversation_id",
        ),
        Fact(
            name="stock.low",
            doc="A product fell to its reorder point at a store (one per episode).",
            required=frozenset(
                {"stock_item_id", "store_id", "product_id", "available", "reorder_point", "episode"}
            ),
            aggregate="stock",
            aggregate_field="stock_item_id",
        ),
        Fact(
            name="stock.back_in_stock",
            doc="Copies arrived at a store for products that had none available.",
            required=frozenset({"store_id", "product_ids"}),
            aggregate="store",
            aggregate_field="store_id",
        ),
        Fact(
            name="stock.band_changed",
            doc="The stock band (in stock / low / out) of products at a store changed.",
            required=frozenset({"store_id", "product_ids"}),
            aggregate="store",
            aggregate_field="store_id",
        ),
        Fact(
            name="product.changed",
            doc="A product was added or saved (price, title, authors, cover, active, details).",
            required=frozenset({"product_id", "created"}),
            aggregate="product",
            aggregate_field="product_id",
        ),
        Fact(
            name="products.relabelled",
            doc="An author, publisher or genre these products show was edited ('author:7').",
            required=frozenset({"label", "product_ids"}),
            aggregate="label",
            aggregate_field="label",
        ),
        Fact(
            name="account.created",
            doc="A user account was created (sign-up, admin, createsuperuser, create_user).",
            required=frozenset({"user_id", "email"}),
            aggregate="user",
            aggregate_field="user_id",
        ),
    ]
}


class UnknownFact(LookupError):
    """A name not in FACTS was published or subscribed to."""


class BadPayload(ValueError):
    """A payload misses a required field or carries one the fact does not list."""


def fact(name: str) -> Fact:
    try:
        return FACTS[name]
    except KeyError:
        raise UnknownFact(f"{name!r} is not a fact in outbox/facts.py") from None


def check_payload(name: str, payload: dict) -> Fact:
    spec = fact(name)
    missing = spec.required - payload.keys()
    extra = payload.keys() - spec.required - spec.optional
    if missing or extra:
        raise BadPayload(f"{name}: missing {sorted(missing)}, not in the registry {sorted(extra)}")
    return spec
