"""Earning and taking back points, from the order facts' payloads alone (loyalty is below orders).

    earn_for_order(payload)      order.handed_over / order.delivered
    pend_for_order(payload)      order.placed: the points "por confirmar"
    cancel_order(payload)        order.cancelled: release the redemption, reverse the earn
    return_lines(payload)        order.returned: reverse the lines' earn, give back their points
    merge_accounts(kept_customer_id=, merged_customer_id=)   customer.merged

Each runs in one transaction under the account's row lock, and every movement has a unique
source ("earn:order:42:line:7" is order 42's product 7), so a replayed event posts nothing.
A payload field that is missing counts as 0 / empty, so events published before the loyalty
fields existed still work.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Product, ProductAuthor
from loyalty import rules, services
from loyalty.models import (
    BonusRule,
    CreditEntry,
    LoyaltyAccount,
    PendingEarn,
    PointsEntry,
    Redemption,
    Reversal,
    Tier,
)

ZERO = Decimal("0.00")


# --- the arithmetic of one order ------------------------------------------------------------


def _active_rules(today, kinds) -> list[BonusRule]:
    return list(
        BonusRule.objects.filter(kind__in=kinds, active=True)
        .exclude(starts_on__gt=today)
        .exclude(ends_on__lt=today)
    )


def line_multipliers(product_ids, *, today=None) -> dict[int, tuple[Decimal, str]]:
    """{product_id: (best campaign multiplier, campaign name)} for the products in a genre or
    author campaign running `today` (at most three queries, whatever the lines)."""
    today = today or timezone.localdate()
    product_ids = [pid for pid in product_ids if pid]
    campaigns = _active_rules(today, [BonusRule.Kind.GENRE, BonusRule.Kind.AUTHOR])
    if not campaigns or not product_ids:
        return {}
    by_genre: dict[int | None, list[BonusRule]] = defaultdict(list)
    by_author: dict[int | None, list[BonusRule]] = defaultdict(list)
    for rule in campaigns:
        (by_genre if rule.kind == BonusRule.Kind.GENRE else by_author)[
            rule.genre_id or rule.author_id
        ].append(rule)
    matches: dict[int, list[BonusRule]] = defaultdict(list)
    if by_genre:
        links = Product.genres.through.objects.filter(
            product_id__in=product_ids, genre_id__in=list(by_genre)
        ).values_list("product_id", "genre_id")
        for product_id, genre_id in links:
            matches[product_id] += by_genre[genre_id]
    if by_author:
        author_links = ProductAuthor.objects.filter(
            product_id__in=product_ids, author_id__in=list(by_author)
        ).values_list("product_id", "author_id")
        for product_id, author_id in author_links:
            matches[product_id] += by_author[author_id]
    best = {}
    for product_id, found in matches.items():
        rule = max(found, key=lambda r: (r.multiplier, -r.pk))
        best[product_id] = (rule.multiplier, rule.name)
    return best


def _paid_lines(payload: dict) -> list[rules.PaidLine]:
    return rules.paid_lines(
        payload.get("lines") or [],
        points_value=rules.money(payload.get("points_value")),
        credit_used=rules.money(payload.get("credit_used")),
    )


def _tier_multiplier(account: LoyaltyAccount) -> Decimal:
    tier = Tier.objects.filter(pk=account.tier_id).first() if account.tier_id else None
    return tier.earn_multiplier if tier is not None else Decimal("1")


def order_points(payload: dict, account: LoyaltyAccount) -> list[tuple[rules.PaidLine, int, str]]:
    """[(line, points, campaign name)] the order earns for `account` today."""
    lines = _paid_lines(payload)
    tier_multiplier = _tier_multiplier(account)
    campaigns = line_multipliers([line.product_id for line in lines])
    result = []
    for line in lines:
        multiplier, campaign = campaigns.get(line.product_id or 0, (Decimal("1"), ""))
        points = rules.points_for(line.paid, multiplier=tier_multiplier * multiplier)
        result.append((line, points, campaign))
    return result


def _account(payload: dict) -> LoyaltyAccount | None:
    account = services.account_for_customer_id(payload.get("customer_id"))
    return services.lock(account.pk) if account is not None else None


def _lines_total(payload: dict) -> Decimal:
    return sum((line.line_total for line in _paid_lines(payload)), ZERO)


def _remember_lines_total(payload: dict) -> None:
    """Returns spread the order's tenders over its line totals: keep the sum on the redemption."""
    total = _lines_total(payload)
    if total > 0:
        Redemption.objects.filter(order_id=payload["order_id"], lines_total__isnull=True).update(
            lines_total=total
        )


def _cancel_marker(order_id: int) -> str:
    return f"cancel:order:{order_id}"


def _was_cancelled(order_id: int) -> bool:
    return Reversal.objects.filter(source=_cancel_marker(order_id)).exists()


# --- order.placed ---------------------------------------------------------------------------


def pend_for_order(payload: dict) -> PendingEarn | None:
    """The points the open order will earn, shown "por confirmar" (replaced by the earn)."""
    with transaction.atomic():
        account = _account(payload)
        if account is None:
            return None
        order_id = payload["order_id"]
        _remember_lines_total(payload)
        if (
            _was_cancelled(order_id)
            or PointsEntry.objects.filter(order_id=order_id, kind=PointsEntry.Kind.EARN).exists()
        ):
            return None
        points = sum(points for _line, points, _campaign in order_points(payload, account))
        if points <= 0:
            return None
        pending, _created = PendingEarn.objects.get_or_create(
            order_id=order_id,
            defaults={
                "account": account,
                "order_number": payload.get("number") or "",
                "points": points,
            },
        )
        return pending


# --- order.handed_over / order.delivered ---------------------------------------------------


def earn_for_order(payload: dict) -> list[PointsEntry]:
    """Post the points the order earned, one entry per product line; the pending clawback is
    taken first from them. Returns the entries posted now (none on a replay)."""
    with transaction.atomic():
        account = _account(payload)
        if account is None:
            return []
        order_id = payload["order_id"]
        PendingEarn.objects.filter(order_id=order_id).delete()
        _remember_lines_total(payload)
        if _was_cancelled(order_id):
            return []
        now = timezone.now()
        common = {
            "order_id": order_id,
            "order_number": payload.get("number") or "",
            "channel": payload.get("channel") or "",
        }
        posted, spend = [], ZERO
        for line, points, campaign in order_points(payload, account):
            if points <= 0:
                continue
            entry = services._credit(
                account,
                points,
                kind=PointsEntry.Kind.EARN,
                source=f"earn:order:{order_id}:line:{line.product_id}",
                expires_at=services.expiry_from(now),
                product_id=line.product_id,
                line_total=line.line_total,
                amount=line.paid,
                reason=campaign,
                **common,
            )
            if entry is not None:
                posted.append(entry)
                spend += line.paid
        if not posted:
            return []
        _take_clawback(account, posted, **common)
        LoyaltyAccount.objects.filter(pk=account.pk).update(spend_12m=F("spend_12m") + spend)
        account.refresh_from_db(fields=["spend_12m", "tier"])
        _upgrade_tier(account)
        return posted


def _take_clawback(account: LoyaltyAccount, posted: list[PointsEntry], **common) -> None:
    owed = LoyaltyAccount.objects.values_list("clawback_points", flat=True).get(pk=account.pk)
    earned = sum(entry.points for entry in posted)
    taken = min(owed, earned, account.points_balance)
    if taken <= 0:
        return
    services._debit(
        account,
        taken,
        kind=PointsEntry.Kind.CLAWBACK,
        source=f"clawback:{posted[0].source}",
        prefer_entry_ids=[entry.pk for entry in posted],
        reason=_("Descuento de puntos pendientes de una anulación o devolución"),
        **common,
    )
    LoyaltyAccount.objects.filter(pk=account.pk).update(
        clawback_points=F("clawback_points") - taken
    )


def tier_for_spend(spend: Decimal, tiers: list[Tier] | None = None) -> Tier | None:
    tiers = tiers if tiers is not None else list(Tier.objects.order_by("min_spend_12m"))
    chosen = None
    for tier in sorted(tiers, key=lambda t: t.min_spend_12m):
        if spend >= tier.min_spend_12m:
            chosen = tier
    return chosen


def _upgrade_tier(account: LoyaltyAccount) -> None:
    """A purchase that reaches the next tier moves the customer up at once (down only nightly)."""
    best = tier_for_spend(account.spend_12m)
    if best is None or best.pk == account.tier_id:
        return
    current = Tier.objects.filter(pk=account.tier_id).first() if account.tier_id else None
    if current is None or best.min_spend_12m > current.min_spend_12m:
        LoyaltyAccount.objects.filter(pk=account.pk).update(tier=best)
        account.tier = best


# --- reversals: order.cancelled, order.returned --------------------------------------------


def _reverse(
    account: LoyaltyAccount,
    earn: PointsEntry,
    *,
    due: int,
    amount: Decimal,
    source: str,
    reason: str,
) -> Reversal | None:
    """Take back `due` points of the line's earn: what the balance holds now, the rest kept as
    a pending clawback (the ledger records only what moved). Idempotent by `source`."""
    if due <= 0 or Reversal.objects.filter(source=source).exists():
        return None
    account.refresh_from_db(fields=["points_balance"])
    taken = min(due, account.points_balance)
    common = {
        "order_id": earn.order_id,
        "order_number": earn.order_number,
        "channel": earn.channel,
        "product_id": earn.product_id,
        "reason": reason,
    }
    if taken:
        services._debit(
            account,
            taken,
            kind=PointsEntry.Kind.REVERSE,
            source=source,
            prefer_entry_ids=[earn.pk],
            **common,
        )
    shortfall = due - taken
    amount = min(amount, earn.amount)
    LoyaltyAccount.objects.filter(pk=account.pk).update(
        clawback_points=F("clawback_points") + shortfall,
        spend_12m=F("spend_12m") - amount,
    )
    LoyaltyAccount.objects.filter(pk=account.pk, spend_12m__lt=0).update(spend_12m=ZERO)
    return Reversal.objects.create(
        source=source,
        account=account,
        order_id=earn.order_id or 0,
        product_id=earn.product_id,
        points_due=due,
        points_taken=taken,
        clawback=shortfall,
        amount=amount,
    )


def _reversed_so_far(order_id: int) -> dict[int | None, int]:
    return {
        row["product_id"]: row["due"]
        for row in Reversal.objects.filter(order_id=order_id)
        .values("product_id")
        .annotate(due=Sum("points_due"))
    }


def _earns(order_id: int) -> list[PointsEntry]:
    return list(
        PointsEntry.objects.filter(order_id=order_id, kind=PointsEntry.Kind.EARN).order_by("pk")
    )


def cancel_order(payload: dict) -> None:
    """The order was annulled: its points and credit go back, what it earned is taken back
    (all of it), and its pending points disappear."""
    order_id = payload["order_id"]
    with transaction.atomic():
        PendingEarn.objects.filter(order_id=order_id).delete()
        services.release(order_id=order_id, reason=_("Pedido anulado"))
        earns = _earns(order_id)
        account = (
            services.lock(services._final(earns[0].account).pk) if earns else _account(payload)
        )
        if account is None:
            return
        # Remembered even when nothing was earned: a late delivery of it earns nothing.
        Reversal.objects.get_or_create(
            source=_cancel_marker(order_id),
            defaults={
                "account": account,
                "order_id": order_id,
                "points_due": 0,
                "points_taken": 0,
                "clawback": 0,
            },
        )
        done = _reversed_so_far(order_id)
        for earn in earns:
            due = earn.points - done.get(earn.product_id, 0)
            _reverse(
                account,
                earn,
                due=due,
                amount=earn.amount,
                source=f"reverse:order:{order_id}:line:{earn.product_id}:cancel",
                reason=_("Pedido anulado"),
            )


def return_lines(payload: dict) -> None:
    """Lines of the order came back: give back the points spent on them (proportionally, with
    their expiry, at least 30 days left) and take back what they earned (proportionally)."""
    order_id = payload["order_id"]
    return_id = payload["return_id"]
    refunded: dict[int | None, Decimal] = defaultdict(lambda: ZERO)
    for line in payload.get("lines") or []:
        refunded[line.get("product_id")] += rules.money(line.get("line_total"))
    refunded_total = sum(refunded.values(), ZERO)
    with transaction.atomic():
        redemption = Redemption.objects.filter(order_id=order_id).first()
        if redemption is not None and redemption.points:
            whole = redemption.lines_total or redemption.payable
            services.give_back_points(
                order_id=order_id,
                points=rules.proportional(redemption.points, refunded_total, whole),
                source=f"give_back:return:{return_id}",
                reason=_("Devolución"),
            )
        earns = {earn.product_id: earn for earn in _earns(order_id)}
        if not earns:
            return
        account = services.lock(services._final(next(iter(earns.values())).account).pk)
        done = _reversed_so_far(order_id)
        for product_id, amount in refunded.items():
            earn = earns.get(product_id)
            if earn is None or not earn.line_total:
                continue
            due = min(
                rules.proportional(earn.points, amount, earn.line_total),
                earn.points - done.get(product_id, 0),
            )
            paid_share = (earn.amount * min(amount, earn.line_total) / earn.line_total).quantize(
                rules.CENT
            )
            _reverse(
                account,
                earn,
                due=due,
                amount=paid_share,
                source=f"reverse:return:{return_id}:line:{product_id}",
                reason=_("Devolución"),
            )


# --- customer.merged ----------------------------------------------------------------------


def merge_accounts(*, kept_customer_id: int, merged_customer_id: int) -> LoyaltyAccount | None:
    """Move the merged customer's points (with their expiry), credit, pending clawback and
    open orders' rows to the kept customer's account (ledger merge_out / merge_in). The merged
    account stays, pointing at the kept one, with its history."""
    if kept_customer_id == merged_customer_id:
        return None
    with transaction.atomic():
        source_account = LoyaltyAccount.objects.filter(customer_id=merged_customer_id).first()
        if source_account is None:
            return None
        target = services.account_for_customer_id(kept_customer_id)
        if target.pk == source_account.pk:
            return None
        first, second = sorted([source_account.pk, target.pk])
        locked = {first: services.lock(first), second: services.lock(second)}
        old, new = locked[source_account.pk], locked[target.pk]
        if old.merged_into_id:
            return new
        reason = _("Fusión de clientes duplicados")
        out = (
            services._debit(
                old,
                old.points_balance,
                kind=PointsEntry.Kind.MERGE_OUT,
                source=f"merge_out:{old.pk}",
                reason=reason,
            )
            if old.points_balance
            else None
        )
        if out is not None:
            # The points keep their expiry: one lot in the kept account per lot they left.
            lots = [(use.points, use.lot.expires_at) for use in out.lot_uses.select_related("lot")]
            services._credit(
                new,
                -out.points,
                kind=PointsEntry.Kind.MERGE_IN,
                source=f"merge_in:{old.pk}",
                lots=lots,
                reason=reason,
            )
        if old.credit_balance:
            amount = old.credit_balance
            services._post_credit(
                old,
                -amount,
                kind=CreditEntry.Kind.MERGE_OUT,
                source=f"merge_out:{old.pk}",
                reason=reason,
            )
            services._post_credit(
                new,
                amount,
                kind=CreditEntry.Kind.MERGE_IN,
                source=f"merge_in:{old.pk}",
                reason=reason,
            )
        Redemption.objects.filter(account=old).update(account=new)
        PendingEarn.objects.filter(account=old).update(account=new)
        LoyaltyAccount.objects.filter(pk=new.pk).update(
            clawback_points=F("clawback_points") + old.clawback_points,
            spend_12m=F("spend_12m") + old.spend_12m,
            terms_accepted_at=new.terms_accepted_at or old.terms_accepted_at,
        )
        LoyaltyAccount.objects.filter(pk=old.pk).update(
            merged_into=new, clawback_points=0, spend_12m=ZERO
        )
        new.refresh_from_db()
        _upgrade_tier(new)
        return new
