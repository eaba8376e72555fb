"""Reads for the Club Pepito's pages: the customer's /cuenta/puntos/ and card, the header badge,
the programme's terms, the clerk's chat box and the managers' /tienda/puntos/.

Each function makes a fixed number of queries, whatever the number of rows it returns (the
pages assert it); the writes are in loyalty.services.
"""

import contextlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from core.validators import normalize_dni, normalize_phone
from loyalty.models import CreditEntry, LoyaltyAccount, PendingEarn, PointsEntry, PointsLot, Tier
from loyalty.services import points_value

HISTORY_PAGE_SIZE = 20
CREDIT_HISTORY_SIZE = 50
STAFF_HISTORY_PAGE_SIZE = 50
SEARCH_LIMIT = 20
MAX_QUERY = 100

Kind = PointsEntry.Kind
# The programme's figures: what "issued", "redeemed" and "expired" add up (the other kinds are
# listed one by one in the table of movements).
ISSUED_KINDS = (Kind.EARN, Kind.BONUS)
REDEEMED_KINDS = (Kind.REDEEM, Kind.REDEEM_RELEASE)
EXPIRED_KINDS = (Kind.EXPIRE,)


@dataclass(frozen=True)
class Badge:
    points: int


def member_badge(user) -> Badge | None:
    """The header badge: the points balance of a logged-in member, None for anyone else.

    One query, made only when the page draws the badge (the context processor is lazy)."""
    if not getattr(user, "is_authenticated", False):
        return None
    points = (
        LoyaltyAccount.objects.filter(customer__user_id=user.pk, merged_into__isnull=True)
        .values_list("points_balance", flat=True)
        .first()
    )
    return None if points is None else Badge(points=points)


def account_for_customer(customer) -> LoyaltyAccount | None:
    """The customer's account with its tier (one query), None when they have not joined."""
    if customer is None or customer.pk is None:
        return None
    return (
        LoyaltyAccount.objects.select_related("tier")
        .filter(customer_id=customer.pk, merged_into__isnull=True)
        .first()
    )


def tiers() -> list[Tier]:
    return list(Tier.objects.order_by("min_spend_12m", "position"))


@dataclass(frozen=True)
class TierProgress:
    current: Tier | None
    next: Tier | None
    spend_12m: Decimal
    missing: Decimal  # soles still to spend to reach `next` (0 at the top)

    @property
    def percent(self) -> int:
        """How far from the current tier's floor to the next one's, 0-100 (a <progress>)."""
        if self.next is None:
            return 100
        floor = self.current.min_spend_12m if self.current else Decimal("0")
        span = self.next.min_spend_12m - floor
        if span <= 0:
            return 100
        done = max(self.spend_12m - floor, Decimal("0"))
        return max(0, min(100, int(done * 100 / span)))


def tier_progress(account: LoyaltyAccount, all_tiers: list[Tier]) -> TierProgress:
    """The account's tier (set nightly; before the first night, the one its spend reaches) and
    what is missing for the next one."""
    spend = account.spend_12m or Decimal("0")
    current = account.tier
    if current is None:
        reached = [tier for tier in all_tiers if tier.min_spend_12m <= spend]
        current = reached[-1] if reached else None
    following = next(
        (
            tier
            for tier in all_tiers
            if current is None or (tier.min_spend_12m > current.min_spend_12m)
        ),
        None,
    )
    missing = max(following.min_spend_12m - spend, Decimal("0")) if following else Decimal("0")
    return TierProgress(current=current, next=following, spend_12m=spend, missing=missing)


def pending_points(account: LoyaltyAccount) -> int:
    """Points "por confirmar": what the customer's open orders will earn."""
    total = PendingEarn.objects.filter(account=account).aggregate(total=Sum("points"))["total"]
    return total or 0


def history_page(account: LoyaltyAccount, number, *, size: int = HISTORY_PAGE_SIZE) -> Page:
    """One page of the account's movements, newest first (a count and a page: two queries)."""
    entries = PointsEntry.objects.filter(account=account).order_by("-created_at", "-pk")
    return Paginator(entries, size).get_page(number)


def expiry_calendar(account: LoyaltyAccount) -> list[dict]:
    """[{"month": aware datetime of the month, "points": int}], soonest first: what is left of
    each lot of points, by the month it expires in (one query)."""
    return list(
        PointsLot.objects.filter(account=account, remaining__gt=0, expires_at__isnull=False)
        .annotate(month=TruncMonth("expires_at"))
        .values("month")
        .annotate(points=Sum("remaining"))
        .order_by("month")
    )


def credit_history(account: LoyaltyAccount, *, size: int = CREDIT_HISTORY_SIZE) -> list:
    return list(CreditEntry.objects.filter(account=account).order_by("-created_at", "-pk")[:size])


def points_page(customer, *, page_number) -> dict:
    """Everything /cuenta/puntos/ shows, in a fixed number of queries."""
    account = account_for_customer(customer)
    context: dict = {"account": account, "tiers": tiers()}
    if account is None:
        return context
    context.update(
        progress=tier_progress(account, context["tiers"]),
        pending=pending_points(account),
        history=history_page(account, page_number),
        calendar=expiry_calendar(account),
        credit_entries=credit_history(account),
        points_value=points_value(account.points_balance),
    )
    return context


def customer_box(customer) -> LoyaltyAccount | None:
    """The clerk's chat box: balance and tier (one query)."""
    return account_for_customer(customer)


# The managers' page (/tienda/puntos/)
# ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgramFigures:
    start: date
    end: date
    members: int
    active_members: int
    points_balance: int
    credit_balance: Decimal
    issued: int
    redeemed: int
    expired: int
    by_kind: list[tuple[str, int, int]]  # (label, movements, points), every kind that moved

    @property
    def liability(self) -> Decimal:
        """What the programme owes in soles: the points at their value, plus store credit."""
        return points_value(self.points_balance) + self.credit_balance


def _day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=zone),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone),
    )


def program_figures(*, start: date, end: date) -> ProgramFigures:
    """Members, members active in the last 12 months, points issued / redeemed / expired
    between `start` and `end` (both included, local dates), and the liability (three queries)."""
    accounts = LoyaltyAccount.objects.filter(merged_into__isnull=True).aggregate(
        members=Count("pk"),
        points=Sum("points_balance"),
        credit=Sum("credit_balance"),
    )
    year_ago = timezone.now() - timedelta(days=365)
    active = (
        PointsEntry.objects.filter(created_at__gte=year_ago, kind__in=[Kind.EARN, Kind.REDEEM])
        .values("account_id")
        .distinct()
        .count()
    )
    since, until = _day_bounds(start, end)
    rows = (
        PointsEntry.objects.filter(created_at__gte=since, created_at__lt=until)
        .values("kind")
        .annotate(movements=Count("pk"), points=Sum("points"))
        .order_by("kind")
    )
    by_kind: dict[str, tuple[int, int]] = {
        row["kind"]: (row["movements"], row["points"] or 0) for row in rows
    }

    def total(kinds) -> int:
        return sum(by_kind.get(kind, (0, 0))[1] for kind in kinds)

    labels = dict(Kind.choices)
    return ProgramFigures(
        start=start,
        end=end,
        members=accounts["members"] or 0,
        active_members=active,
        points_balance=accounts["points"] or 0,
        credit_balance=accounts["credit"] or Decimal("0"),
        issued=total(ISSUED_KINDS),
        redeemed=-total(REDEEMED_KINDS),
        expired=-total(EXPIRED_KINDS),
        by_kind=[(str(labels[kind]), *by_kind[kind]) for kind in labels if kind in by_kind],
    )


def find_accounts(q: str, *, limit: int = SEARCH_LIMIT) -> list[LoyaltyAccount]:
    """Accounts by card number, DNI, phone or e-mail (exact matches: one query)."""
    q = " ".join((q or "").split())[:MAX_QUERY]
    if len(q) < 2:
        return []
    condition = Q(number__iexact=q)
    if "@" in q:
        condition |= Q(customer__email__iexact=q) | Q(customer__user__email__iexact=q)
    else:
        compact = q.replace(" ", "").replace("-", "")
        with contextlib.suppress(ValidationError):
            condition |= Q(customer__phone=normalize_phone(q))
        if compact.isdigit() and len(compact) == 8:
            with contextlib.suppress(ValidationError):
                condition |= Q(customer__dni=normalize_dni(compact))
        if compact.isdigit() and not q.upper().startswith("CP"):
            # The digits of a card number typed without its prefix ("1234" for CP-00001234).
            condition |= Q(number__iendswith=compact.zfill(8))
    return list(
        LoyaltyAccount.objects.select_related("customer", "tier")
        .filter(condition, merged_into__isnull=True)
        .order_by("number")[:limit]
    )


def staff_account(number: str) -> LoyaltyAccount | None:
    """One account by its card number, with its customer and tier (one query)."""
    return (
        LoyaltyAccount.objects.select_related("customer", "tier", "merged_into")
        .filter(number=(number or "")[:20])
        .first()
    )


def staff_history_page(account: LoyaltyAccount, number) -> Page:
    """The account's whole history for the manager, with who made each adjustment."""
    entries = (
        PointsEntry.objects.filter(account=account)
        .select_related("actor")
        .order_by("-created_at", "-pk")
    )
    return Paginator(entries, STAFF_HISTORY_PAGE_SIZE).get_page(number)


def staff_credit_history(account: LoyaltyAccount) -> list:
    return list(
        CreditEntry.objects.filter(account=account)
        .select_related("actor")
        .order_by("-created_at", "-pk")[:CREDIT_HISTORY_SIZE]
    )
