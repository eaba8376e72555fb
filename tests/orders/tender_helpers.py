"""Club Pepito balances for the tender tests, given through loyalty's own services."""

import uuid
from decimal import Decimal

from loyalty import services as loyalty
from tests.loyalty.helpers import give_points


def fund(customer, *, points: int = 0, credit: Decimal | str = "0"):
    """Give the customer `points` (an earn lot) and `credit` soles of store credit; returns
    their account, fresh."""
    loyalty.account_for(customer)
    if points:
        give_points(customer, points, source=f"test:earn:{uuid.uuid4().hex}")
    if Decimal(credit):
        loyalty.issue_credit(
            customer_id=customer.pk,
            amount=Decimal(credit),
            source=f"test:credit:{uuid.uuid4().hex}",
            reason="Vale de prueba",
        )
    return balances(customer)


def balances(customer):
    return loyalty.account_for(customer, create=False)
