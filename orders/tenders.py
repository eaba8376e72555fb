"""Points and store credit as tenders: a means of payment at checkout, in a phone order and in
the chat's payment request (the loyalty program, issue #13).

Prices, IGV and the order's total stay as they are; the tenders pay part of it. The loyalty app
owns the balances (loyalty.services: reserve at checkout, commit when paid, release when
annulled); this module reads what a customer may use, parses what a form sends, and turns a
LoyaltyError into the order flow's TenderRefused (a Spanish message, nothing written).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from core.parsing import MAX_DB_INT, parse_decimal, parse_int
from loyalty import services as loyalty
from loyalty.exceptions import LoyaltyError
from orders.exceptions import TenderRefused

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class TenderOptions:
    """What a customer may pay with on an order of `payable` soles (before tenders)."""

    account: object  # loyalty.models.LoyaltyAccount
    payable: Decimal
    points_balance: int
    min_points: int
    max_points: int
    point_value: Decimal
    credit_balance: Decimal
    max_credit: Decimal
    earn: int  # what paying the rest earns ("Este pedido te da N puntos")
    tier_name: str = ""

    @property
    def can_use_points(self) -> bool:
        return self.max_points >= self.min_points and self.max_points > 0

    @property
    def can_use_credit(self) -> bool:
        return self.max_credit > 0

    @property
    def offers_anything(self) -> bool:
        return self.can_use_points or self.can_use_credit


def tender_options(customer, *, payable: Decimal) -> TenderOptions | None:
    """The customer's balances and limits for this order, or None (a guest, no account)."""
    if customer is None:
        return None
    account = loyalty.account_for(customer, create=False)
    if account is None:
        return None
    limits = loyalty.redeemable(customer, payable=payable)
    return TenderOptions(
        account=account,
        payable=payable,
        points_balance=limits.points_balance,
        min_points=limits.min_points,
        max_points=limits.max_points,
        point_value=limits.point_value,
        credit_balance=limits.credit_balance,
        max_credit=limits.max_credit,
        earn=loyalty.earn_preview(customer, amount_paid=payable),
        tier_name=account.tier.name if account.tier_id else "",
    )


def earn_preview(customer, *, amount_paid: Decimal) -> int:
    """Points this order would give the customer (0 for a guest)."""
    if customer is None or amount_paid <= 0:
        return 0
    return loyalty.earn_preview(customer, amount_paid=amount_paid)


def free_lima_delivery(customer) -> bool:
    """The customer's tier delivers free in Lima (Bibliófilo)."""
    if customer is None:
        return False
    account = loyalty.account_for(customer, create=False)
    tier = getattr(account, "tier", None) if account is not None else None
    return bool(tier is not None and tier.free_lima_delivery)


def parse_points(raw) -> int:
    """Points typed in a form: empty is 0; a whole number >= 0, or TenderRefused."""
    text = "" if raw is None else str(raw).strip()
    if not text:
        return 0
    points = parse_int(text, low=0, high=MAX_DB_INT)
    if points is None:
        raise TenderRefused(
            _("Escribe los puntos que quieres usar como un número entero, sin decimales.")
        )
    return points


def parse_credit(raw) -> Decimal:
    """Store credit typed in a form: empty is 0; soles >= 0 with at most 2 decimals."""
    text = "" if raw is None else str(raw).strip()
    if not text:
        return ZERO
    amount = parse_decimal(text, low=0, places=6)
    if amount is None or amount != amount.quantize(Decimal("0.01")):
        raise TenderRefused(
            _("Escribe el monto del vale en soles, por ejemplo 10.50 (sin montos negativos).")
        )
    return amount.quantize(Decimal("0.01"))


def reserve(*, order, customer, points: int, credit: Decimal):
    """Reserve the tenders for the order just created (inside place_order's transaction):
    loyalty debits the ledger and the order records what they pay. TenderRefused when the
    program refuses (the caller's transaction then rolls back: nothing written)."""
    if customer is None:
        raise TenderRefused(
            _("Para usar tus puntos o tu vale, inicia sesión con tu cuenta Club Pepito.")
        )
    try:
        redemption = loyalty.reserve(
            customer=customer,
            order_id=order.pk,
            order_number=order.number,
            payable=order.total,
            points=points,
            credit=credit,
        )
    except LoyaltyError as error:
        raise TenderRefused(error.message) from error
    order.points_used = redemption.points
    order.points_value = redemption.points_value
    order.credit_used = redemption.credit
    order.save(update_fields=["points_used", "points_value", "credit_used", "updated_at"])
    return redemption
