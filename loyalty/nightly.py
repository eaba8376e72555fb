"""Club Pepito's nightly jobs (Celery beat, loyalty.tasks): expiry and its warning e-mail, the
tiers by 12-month spend, the birthday bonus. Each is safe to run twice: an expired lot has
nothing left, a warning has its dedupe key, a birthday bonus its yearly source."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import F, Max, Q, Sum
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.models import Customer
from loyalty import earning, services
from loyalty.models import (
    BonusRule,
    LotUse,
    LoyaltyAccount,
    PointsEntry,
    PointsLot,
    Reversal,
    Tier,
)
from outbox.notifications import enqueue_notification

ZERO = Decimal("0.00")


# --- expiry ---------------------------------------------------------------------------------


def expire_points(*, now=None) -> int:
    """Expire what is left of every lot past its date (oldest first). Returns points expired."""
    now = now or timezone.now()
    account_ids = list(
        PointsLot.objects.filter(remaining__gt=0, expires_at__lte=now)
        .order_by()
        .values_list("account_id", flat=True)
        .distinct()
    )
    return sum(expire_account(account_id=account_id, now=now) for account_id in account_ids)


def expire_account(*, account_id: int, now=None) -> int:
    now = now or timezone.now()
    expired = 0
    with transaction.atomic():
        account = services.lock(account_id)
        lots = list(
            PointsLot.objects.filter(account=account, remaining__gt=0, expires_at__lte=now)
            .select_related("entry")
            .order_by("expires_at", "pk")
        )
        for lot in lots:
            source = f"expire:lot:{lot.pk}"
            if PointsEntry.objects.filter(source=source).exists():
                continue
            entry = PointsEntry.objects.create(
                account=account,
                kind=PointsEntry.Kind.EXPIRE,
                points=-lot.remaining,
                source=source,
                order_id=lot.entry.order_id,
                order_number=lot.entry.order_number,
                expires_at=lot.expires_at,
                reason=_("Puntos vencidos"),
            )
            LotUse.objects.create(lot=lot, entry=entry, points=lot.remaining)
            expired += lot.remaining
            lot.remaining = 0
            lot.save(update_fields=["remaining"])
        if expired:
            LoyaltyAccount.objects.filter(pk=account.pk).update(
                points_balance=F("points_balance") - expired
            )
    return expired


def warn_expiring(*, now=None) -> int:
    """E-mail the customers whose points expire in the next LOYALTY_EXPIRY_WARNING_DAYS days
    (once per lot). Returns how many e-mails were queued."""
    now = now or timezone.now()
    until = now + timedelta(days=settings.LOYALTY_EXPIRY_WARNING_DAYS)
    lots = PointsLot.objects.filter(
        remaining__gt=0, expires_at__gt=now, expires_at__lte=until, warned_at__isnull=True
    )
    by_account = defaultdict(list)
    for lot in lots.order_by("expires_at", "pk"):
        by_account[lot.account_id].append(lot)
    if not by_account:
        return 0
    accounts = LoyaltyAccount.objects.select_related("customer").in_bulk(list(by_account))
    sent = 0
    for account_id, account_lots in by_account.items():
        account = accounts[account_id]
        with transaction.atomic():
            email = account.customer.email
            if email and not account.merged_into_id:
                points = sum(lot.remaining for lot in account_lots)
                first = min(lot.expires_at for lot in account_lots if lot.expires_at)
                body = render_to_string(
                    "loyalty/email/expiring.txt",
                    {
                        "customer": account.customer,
                        "account": account,
                        "points": points,
                        "value": services.rules.points_value(points),
                        "expires_on": timezone.localtime(first).date(),
                        "url": f"{settings.SITE_URL}/cuenta/puntos/",
                    },
                )
                enqueue_notification(
                    channel="email",
                    to=email,
                    subject=_("Libros Pepito · Tienes %(points)s puntos por vencer")
                    % {"points": points},
                    body=body,
                    dedupe_key=f"loyalty:expiring:{account_id}:{account_lots[0].pk}",
                )
                sent += 1
            PointsLot.objects.filter(pk__in=[lot.pk for lot in account_lots]).update(warned_at=now)
    return sent


# --- tiers ----------------------------------------------------------------------------------


def spend_12m_by_account(*, now=None, entry_mark=None, reversal_mark=None) -> dict[int, Decimal]:
    """Money paid in the last 12 months per account (earns minus reversals), an account
    merged into another counted in the other; only rows up to the marks (pks) when given."""
    since = services.rules.add_months(now or timezone.now(), -12)
    spend: dict[int, Decimal] = defaultdict(lambda: ZERO)
    target = dict(
        LoyaltyAccount.objects.filter(merged_into__isnull=False).values_list("pk", "merged_into")
    )
    earns = PointsEntry.objects.filter(kind=PointsEntry.Kind.EARN, created_at__gte=since)
    reversals = Reversal.objects.filter(created_at__gte=since)
    if entry_mark is not None:
        earns = earns.filter(pk__lte=entry_mark)
        reversals = reversals.filter(pk__lte=reversal_mark)
    for queryset, sign in ((earns, 1), (reversals, -1)):
        rows = queryset.order_by().values("account_id").annotate(total=Sum("amount"))
        for row in rows:
            account_id = target.get(row["account_id"], row["account_id"])
            spend[account_id] += sign * (row["total"] or ZERO)
    return {pk: rules_money(amount) for pk, amount in spend.items()}


def rules_money(amount) -> Decimal:
    return Decimal(amount).quantize(services.rules.CENT)


def recalculate_tiers(*, now=None) -> int:
    """Every account's 12-month spend and tier from the ledger. Returns how many changed tier.

    The sums are read once for all accounts, up to a mark (the last entry and reversal);
    an account whose figures change is then updated under its row lock, adding what was
    posted for it after the mark (an earn that committed meanwhile is neither lost nor
    counted twice)."""
    now = now or timezone.now()
    since = services.rules.add_months(now, -12)
    entry_mark = PointsEntry.objects.aggregate(mark=Max("pk"))["mark"] or 0
    reversal_mark = Reversal.objects.aggregate(mark=Max("pk"))["mark"] or 0
    spend = spend_12m_by_account(now=now, entry_mark=entry_mark, reversal_mark=reversal_mark)
    tiers = list(Tier.objects.order_by("min_spend_12m"))
    changed = 0
    rows = LoyaltyAccount.objects.filter(merged_into__isnull=True).values_list(
        "pk", "tier_id", "spend_12m"
    )
    for pk, tier_id, current_spend in list(rows):
        amount = max(spend.get(pk, ZERO), ZERO)
        tier = earning.tier_for_spend(amount, tiers)
        if (tier.pk if tier else None) == tier_id and amount == rules_money(current_spend):
            continue
        with transaction.atomic():
            account = services.lock(pk)
            later = _spend_after(
                pk, since=since, entry_mark=entry_mark, reversal_mark=reversal_mark
            )
            amount = max(spend.get(pk, ZERO) + later, ZERO)
            tier = earning.tier_for_spend(amount, tiers)
            new_tier_id = tier.pk if tier is not None else None
            LoyaltyAccount.objects.filter(pk=pk).update(spend_12m=amount, tier_id=new_tier_id)
            changed += new_tier_id != account.tier_id
    return changed


def _spend_after(account_id: int, *, since, entry_mark: int, reversal_mark: int) -> Decimal:
    earned = (
        PointsEntry.objects.filter(
            account_id=account_id,
            kind=PointsEntry.Kind.EARN,
            created_at__gte=since,
            pk__gt=entry_mark,
        ).aggregate(total=Sum("amount"))["total"]
        or ZERO
    )
    taken = (
        Reversal.objects.filter(
            account_id=account_id, created_at__gte=since, pk__gt=reversal_mark
        ).aggregate(total=Sum("amount"))["total"]
        or ZERO
    )
    return rules_money(earned - taken)


# --- birthdays ------------------------------------------------------------------------------


def birthday_bonuses(*, today=None) -> int:
    """The birthday bonus to every member born on this day (29 February: on the 28th in other
    years), once a year. Returns how many were given."""
    today = today or timezone.localdate()
    rule = (
        BonusRule.objects.filter(kind=BonusRule.Kind.BIRTHDAY, active=True)
        .exclude(starts_on__gt=today)
        .exclude(ends_on__lt=today)
        .order_by("-points")
        .first()
    )
    points = (rule.points if rule is not None and rule.points else 0) or (
        settings.LOYALTY_BIRTHDAY_BONUS
    )
    if points <= 0:
        return 0
    born_today = Q(birth_date__month=today.month, birth_date__day=today.day)
    if (today.month, today.day) == (2, 28) and not _is_leap(today.year):
        born_today |= Q(birth_date__month=2, birth_date__day=29)
    customer_ids = Customer.objects.filter(born_today, merged_into__isnull=True).values("pk")
    account_ids = list(
        LoyaltyAccount.objects.filter(
            customer_id__in=customer_ids, merged_into__isnull=True
        ).values_list("pk", flat=True)
    )
    given = 0
    for account_id in account_ids:
        with transaction.atomic():
            account = services.lock(account_id)
            entry = services._credit(
                account,
                points,
                kind=PointsEntry.Kind.BONUS,
                source=f"birthday:{account_id}:{today.year}",
                reason=_("¡Feliz cumpleaños! Bono del Club Pepito"),
            )
            given += entry is not None
    return given


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
