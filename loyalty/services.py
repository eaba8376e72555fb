"""Writes to Club Pepito: accounts, points and store credit, reserve / commit / release.

Every function opens `with transaction.atomic():` (joining the caller's transaction when there is
one: checkout, phone orders and the counter call these inside theirs) and locks the account row
with `select_for_update` before reading a balance. Lock order: the account first, then its
redemption; never two accounts at once except in `merge_accounts` (lower pk first).
Checks come before writes: a LoyaltyError leaves nothing written.
"""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from loyalty import rules
from loyalty.exceptions import BadAmount, LoyaltyError, NotAllowed, NotEnoughCredit, NotEnoughPoints
from loyalty.models import (
    CreditEntry,
    LotUse,
    LoyaltyAccount,
    PointsEntry,
    PointsLot,
    Redemption,
    Tier,
)

ADJUST_PERMISSION = "loyalty.adjust_points"
REASON_MAX = 300
# No single movement is larger than this (a typo of many zeros in an adjustment).
POINTS_MAX = 10_000_000
CREDIT_MAX = Decimal("100000.00")
# Lots a debit reads in its first query (more only when those do not hold enough).
LOTS_AT_ONCE = 20


@dataclass(frozen=True)
class Redeemable:
    """What a customer may use on a payable amount: points (whole, between min and max) and
    store credit (up to max_credit)."""

    points_balance: int
    min_points: int
    max_points: int
    point_value: Decimal
    credit_balance: Decimal
    max_credit: Decimal

    @property
    def can_redeem_points(self) -> bool:
        return self.max_points >= self.min_points > 0 or (
            self.min_points == 0 and self.max_points > 0
        )

    @property
    def max_points_value(self) -> Decimal:
        return rules.points_value(self.max_points)


# --- accounts ---------------------------------------------------------------------------------


def _base_tier() -> Tier | None:
    return Tier.objects.order_by("min_spend_12m", "position").first()


def _final(account: LoyaltyAccount) -> LoyaltyAccount:
    """An account merged into another stands for the one it was merged into."""
    seen = set()
    while account.merged_into_id and account.pk not in seen:
        seen.add(account.pk)
        account = LoyaltyAccount.objects.select_related("tier").get(pk=account.merged_into_id)
    return account


def account_for(customer, *, create: bool = True) -> LoyaltyAccount | None:
    """The customer's account (created on first use unless `create=False`)."""
    return account_for_customer_id(customer.pk, create=create)


def _account_of(customer) -> LoyaltyAccount:
    account = account_for_customer_id(customer.pk)
    if account is None:
        raise LoyaltyError(_("Ese cliente no existe."))
    return account


def account_for_customer_id(customer_id: int | None, *, create: bool = True):
    if not customer_id:
        return None
    account = LoyaltyAccount.objects.select_related("tier").filter(customer_id=customer_id).first()
    if account is not None:
        return _final(account)
    if not create:
        return None
    try:
        with transaction.atomic():
            account = LoyaltyAccount.objects.create(
                customer_id=customer_id,
                number=f"CP-{customer_id:08d}",
                tier=_base_tier(),
            )
    except IntegrityError:  # created meanwhile by a concurrent request
        account = LoyaltyAccount.objects.get(customer_id=customer_id)
    return _final(account)


def lock(account_id: int) -> LoyaltyAccount:
    """Take the account's row lock and return it fresh (the caller is inside an atomic block)."""
    return LoyaltyAccount.objects.select_for_update().get(pk=account_id)


def join(customer, *, accepted_terms: bool) -> LoyaltyAccount:
    """Sign up to Club Pepito: records the terms' date and gives the sign-up bonus, once."""
    if accepted_terms is not True:
        raise LoyaltyError(_("Para unirte al Club Pepito acepta las condiciones del programa."))
    with transaction.atomic():
        account = lock(_account_of(customer).pk)
        if account.terms_accepted_at is None:
            account.terms_accepted_at = timezone.now()
            account.save(update_fields=["terms_accepted_at"])
        bonus = _signup_bonus_points()
        if bonus > 0:
            _credit(
                account,
                bonus,
                kind=PointsEntry.Kind.BONUS,
                source=f"signup:{account.pk}",
                reason=_("Bono de bienvenida al Club Pepito"),
            )
        return account


def _signup_bonus_points() -> int:
    from loyalty.models import BonusRule

    today = timezone.localdate()
    rule = (
        BonusRule.objects.filter(kind=BonusRule.Kind.SIGNUP, active=True)
        .exclude(starts_on__gt=today)
        .exclude(ends_on__lt=today)
        .order_by("-points")
        .first()
    )
    if rule is not None and rule.points:
        return rule.points
    return settings.LOYALTY_SIGNUP_BONUS


# --- reads used at checkout -------------------------------------------------------------------


def points_value(points: int) -> Decimal:
    """100 -> Decimal("5.00") at the default S/ 0.05 a point."""
    _check_points(points, allow_zero=True)
    return rules.points_value(points)


def earn_preview(customer, *, amount_paid: Decimal) -> int:
    """What paying `amount_paid` (money: no points, no delivery) earns, tier multiplier included."""
    account = account_for(customer, create=False) if customer is not None else None
    tier = account.tier if account is not None and account.tier_id else _base_tier()
    multiplier = tier.earn_multiplier if tier is not None else Decimal("1")
    return rules.points_for(rules.money(amount_paid), multiplier=multiplier)


def redeemable(customer, *, payable: Decimal) -> Redeemable:
    payable = max(rules.money(payable), Decimal("0.00"))
    account = account_for(customer, create=False) if customer is not None else None
    balance = account.points_balance if account is not None else 0
    credit = account.credit_balance if account is not None else Decimal("0.00")
    return Redeemable(
        points_balance=balance,
        min_points=settings.LOYALTY_MIN_REDEEM_POINTS,
        max_points=min(balance, rules.max_points_for(payable)),
        point_value=settings.LOYALTY_POINT_VALUE,
        credit_balance=credit,
        max_credit=min(credit, payable),
    )


# --- validation -------------------------------------------------------------------------------


def _check_points(points, *, allow_zero: bool = False, allow_negative: bool = False) -> int:
    if isinstance(points, bool) or not isinstance(points, int):
        raise BadAmount(_("Los puntos deben ser un número entero, sin decimales."))
    if points < 0 and not allow_negative:
        raise BadAmount(_("Los puntos no pueden ser negativos."))
    if points == 0 and not allow_zero:
        raise BadAmount(_("Indica una cantidad de puntos distinta de cero."))
    if abs(points) > POINTS_MAX:
        raise BadAmount(_("Esa cantidad de puntos es demasiado grande."))
    return points


def _check_money(amount, *, what: str) -> Decimal:
    if isinstance(amount, bool) or not isinstance(amount, (Decimal, int)):
        raise BadAmount(_("El monto de %(what)s no es válido.") % {"what": what})
    amount = Decimal(amount)
    if not amount.is_finite() or amount != amount.quantize(rules.CENT):
        raise BadAmount(_("El monto de %(what)s no es válido.") % {"what": what})
    if amount < 0:
        raise BadAmount(_("El monto de %(what)s no puede ser negativo.") % {"what": what})
    if amount > CREDIT_MAX:
        raise BadAmount(_("El monto de %(what)s es demasiado grande.") % {"what": what})
    return amount.quantize(rules.CENT)


def _check_reason(reason) -> str:
    reason = (reason or "").strip() if isinstance(reason, str) else ""
    if not reason:
        raise LoyaltyError(_("Escribe el motivo del ajuste: queda registrado."))
    if len(reason) > REASON_MAX:
        raise LoyaltyError(
            _("El motivo es demasiado largo (máximo %(max)s caracteres).") % {"max": REASON_MAX}
        )
    return reason


# --- the ledger's two primitives --------------------------------------------------------------


def expiry_from(moment: datetime) -> datetime:
    return rules.add_months(moment, settings.LOYALTY_EXPIRY_MONTHS)


def _credit(
    account: LoyaltyAccount,
    points: int,
    *,
    kind: str,
    source: str,
    expires_at: datetime | None = None,
    lots: list[tuple[int, datetime | None]] | None = None,
    refill: list[tuple[PointsLot, int]] | None = None,
    **fields,
) -> PointsEntry | None:
    """Add points under the caller's lock on `account`: a new lot, or the given `lots`
    [(points, expires_at)] and `refill` [(lot, points)] (points put back in lots they were
    taken from). Returns None when `source` was posted already (a replay)."""
    if PointsEntry.objects.filter(source=source).exists():
        return None
    now = timezone.now()
    dates = [at for _n, at in lots or []] + [lot.expires_at for lot, _n in refill or []]
    entry = PointsEntry.objects.create(
        account=account,
        kind=kind,
        points=points,
        source=source,
        expires_at=expires_at
        or min((at for at in dates if at is not None), default=None)
        or expiry_from(now),
        **fields,
    )
    new_lots = lots or ([] if refill else [(points, entry.expires_at)])
    PointsLot.objects.bulk_create(
        PointsLot(account=account, entry=entry, points=n, remaining=n, expires_at=at)
        for n, at in new_lots
        if n > 0
    )
    for lot, n in refill or []:
        PointsLot.objects.filter(pk=lot.pk).update(remaining=F("remaining") + n)
    LoyaltyAccount.objects.filter(pk=account.pk).update(points_balance=F("points_balance") + points)
    account.points_balance += points
    return entry


def _debit(
    account: LoyaltyAccount,
    points: int,
    *,
    kind: str,
    source: str,
    prefer_entry_ids: list[int] | None = None,
    **fields,
) -> PointsEntry | None:
    """Take `points` (> 0, <= balance) from the account's lots, the ones from `prefer_entry_ids`
    first and then oldest expiry first. The caller holds the account's lock and checked the
    balance. Returns None when `source` was posted already."""
    if PointsEntry.objects.filter(source=source).exists():
        return None
    if points > account.points_balance:
        raise NotEnoughPoints(account.points_balance)
    entry = PointsEntry.objects.create(
        account=account, kind=kind, points=-points, source=source, **fields
    )
    _take_from_lots(account, entry, points, prefer_entry_ids=prefer_entry_ids)
    LoyaltyAccount.objects.filter(pk=account.pk).update(points_balance=F("points_balance") - points)
    account.points_balance -= points
    return entry


def _take_from_lots(account, entry, points: int, *, prefer_entry_ids=None) -> None:
    open_lots = PointsLot.objects.filter(account=account, remaining__gt=0)
    preferred = []
    if prefer_entry_ids:
        preferred = list(open_lots.filter(entry_id__in=prefer_entry_ids).order_by("pk"))
    rest = open_lots.exclude(pk__in=[lot.pk for lot in preferred]).order_by(
        F("expires_at").asc(nulls_last=True), "pk"
    )
    left, uses, changed = points, [], []
    # Oldest first, the first few lots in one query: a debit usually needs one or two of many.
    needed = points - sum(lot.remaining for lot in preferred)
    first = list(rest[:LOTS_AT_ONCE]) if needed > 0 else []
    more = rest[LOTS_AT_ONCE:] if sum(lot.remaining for lot in first) < needed else []
    for lot in itertools.chain(preferred, first, more):
        if left == 0:
            break
        taken = min(lot.remaining, left)
        lot.remaining -= taken
        left -= taken
        uses.append(LotUse(lot=lot, entry=entry, points=taken))
        changed.append(lot)
    if left:
        # The cached balance says there are points the lots do not hold: refuse rather than
        # drift (the reconciler reports such an account).
        raise LoyaltyError(_("El saldo de puntos no cuadra; inténtalo más tarde."))
    PointsLot.objects.bulk_update(changed, ["remaining"])
    LotUse.objects.bulk_create(uses)


def _restore(
    account: LoyaltyAccount,
    from_entry: PointsEntry,
    points: int,
    *,
    skip: int,
    kind: str,
    source: str,
    min_days: int,
    **fields,
) -> PointsEntry | None:
    """Give back `points` a debit (`from_entry`) took, after the first `skip` already given back:
    they keep the original expiry of the points, with at least `min_days` left. Points go back
    into their own lot while it has not expired (no crumbs of lots); else into a new lot."""
    now = timezone.now()
    floor = now + timedelta(days=min_days)
    lots, refill, to_skip, left = [], [], skip, points
    for use in from_entry.lot_uses.select_related("lot").order_by("pk"):
        available = use.points
        if to_skip:
            skipped = min(to_skip, available)
            available -= skipped
            to_skip -= skipped
        if not available or not left:
            continue
        n = min(available, left)
        left -= n
        lot = use.lot
        original = lot.expires_at
        wanted = max(original, floor) if original and min_days else original
        if (
            lot.account_id == account.pk
            and wanted == original
            and (original is None or original > now)
        ):
            refill.append((lot, n))
        else:
            lots.append((n, wanted))
    if left:  # a debit without lot records (should not happen): a fresh lot
        lots.append((left, floor if min_days else expiry_from(now)))
    return _credit(account, points, kind=kind, source=source, lots=lots, refill=refill, **fields)


# --- redemptions (tenders at checkout, phone orders, chat payment, the counter) ---------------


def reserve(
    *,
    customer,
    order_id: int,
    order_number: str,
    payable: Decimal,
    points: int = 0,
    credit: Decimal = Decimal("0"),
) -> Redemption:
    """Take `points` and `credit` from the customer's balances for the order (a Redemption in
    state reserved). `payable` is the order's total before tenders. Raises LoyaltyError and
    writes nothing when a rule is broken."""
    _check_points(points, allow_zero=True)
    credit = _check_money(credit, what=_("saldo a favor"))
    payable = _check_money(payable, what=_("el pedido"))
    if points == 0 and credit == 0:
        raise BadAmount(_("Indica cuántos puntos o cuánto saldo a favor quieres usar."))
    if 0 < points < settings.LOYALTY_MIN_REDEEM_POINTS:
        raise BadAmount(
            _("Puedes canjear desde %(min)s puntos.") % {"min": settings.LOYALTY_MIN_REDEEM_POINTS}
        )
    if points > rules.max_points_for(payable):
        raise BadAmount(
            _(
                "Con puntos puedes pagar hasta el %(share)s%% del pedido: como máximo "
                "%(max)s puntos."
            )
            % {
                "share": int(settings.LOYALTY_MAX_REDEEM_SHARE * 100),
                "max": rules.max_points_for(payable),
            }
        )
    value = rules.points_value(points)
    if value + credit > payable:
        raise BadAmount(_("Los puntos y el saldo a favor no pueden superar el total del pedido."))
    with transaction.atomic():
        account = lock(_account_of(customer).pk)
        existing = Redemption.objects.select_for_update().filter(order_id=order_id).first()
        if existing is not None:
            if (
                existing.account_id == account.pk
                and existing.state != Redemption.State.RELEASED
                and (existing.points, existing.credit) == (points, credit)
            ):
                return existing  # the same call again
            raise LoyaltyError(_("Este pedido ya tiene puntos o saldo a favor aplicados."))
        if points > account.points_balance:
            raise NotEnoughPoints(account.points_balance)
        if credit > account.credit_balance:
            raise NotEnoughCredit(
                _("No tienes tanto saldo a favor: tienes S/ %(credit)s.")
                % {"credit": account.credit_balance}
            )
        source = f"redeem:order:{order_id}"
        number = order_number or ""
        if points:
            _debit(
                account,
                points,
                kind=PointsEntry.Kind.REDEEM,
                source=source,
                order_id=order_id,
                order_number=number,
            )
        if credit:
            _post_credit(
                account,
                -credit,
                kind=CreditEntry.Kind.REDEEM,
                source=source,
                order_id=order_id,
                order_number=number,
            )
        return Redemption.objects.create(
            account=account,
            points=points,
            points_value=value,
            credit=credit,
            payable=payable,
            order_id=order_id,
            order_number=number,
        )


def commit(*, order_id: int) -> None:
    """The order was paid: its reservation becomes spent (idempotent; nothing if none)."""
    with transaction.atomic():
        Redemption.objects.filter(order_id=order_id, state=Redemption.State.RESERVED).update(
            state=Redemption.State.COMMITTED, updated_at=timezone.now()
        )


def release(*, order_id: int, reason: str = "") -> Redemption | None:
    """Give back what the order reserved or spent (cancelled, abandoned): ledger redeem_release
    for points and credit, Redemption -> released. Idempotent."""
    found = Redemption.objects.filter(order_id=order_id).values_list("account_id", "state").first()
    if found is None or found[1] == Redemption.State.RELEASED:
        return None
    with transaction.atomic():
        account = lock(found[0])
        redemption = Redemption.objects.select_for_update().get(order_id=order_id)
        if redemption.state == Redemption.State.RELEASED:
            return redemption
        source = f"redeem_release:order:{order_id}"
        common = {
            "order_id": order_id,
            "order_number": redemption.order_number,
            "reason": (reason or "")[:REASON_MAX],
        }
        left = redemption.points - redemption.points_given_back
        if left > 0:
            redeem = PointsEntry.objects.get(source=f"redeem:order:{order_id}")
            _restore(
                account,
                redeem,
                left,
                skip=redemption.points_given_back,
                kind=PointsEntry.Kind.REDEEM_RELEASE,
                source=source,
                min_days=0,
                **common,
            )
        if redemption.credit > 0:
            _post_credit(
                account,
                redemption.credit,
                kind=CreditEntry.Kind.REDEEM_RELEASE,
                source=source,
                **common,
            )
        redemption.state = Redemption.State.RELEASED
        redemption.save(update_fields=["state", "updated_at"])
        return redemption


def give_back_points(
    *, order_id: int, points: int, source: str, reason: str = ""
) -> PointsEntry | None:
    """Give back `points` the order spent (a return of some of its lines): they keep their
    original expiry, with at least LOYALTY_GIVE_BACK_MIN_DAYS left. Idempotent by `source`;
    never more than the order spent and has not had back yet."""
    _check_points(points, allow_zero=True)
    if points == 0:
        return None
    found = (
        Redemption.objects.filter(order_id=order_id).values_list("account_id", flat=True).first()
    )
    if found is None:
        return None
    with transaction.atomic():
        account = lock(found)
        redemption = Redemption.objects.select_for_update().get(order_id=order_id)
        if redemption.state == Redemption.State.RELEASED:
            return None
        if PointsEntry.objects.filter(source=source).exists():
            return None
        points = min(points, redemption.points - redemption.points_given_back)
        if points <= 0:
            return None
        redeem = PointsEntry.objects.get(source=f"redeem:order:{order_id}")
        entry = _restore(
            account,
            redeem,
            points,
            skip=redemption.points_given_back,
            kind=PointsEntry.Kind.GIVE_BACK,
            source=source,
            min_days=settings.LOYALTY_GIVE_BACK_MIN_DAYS,
            order_id=order_id,
            order_number=redemption.order_number,
            reason=(reason or "")[:REASON_MAX],
        )
        redemption.points_given_back += points
        redemption.save(update_fields=["points_given_back", "updated_at"])
        return entry


# --- store credit -----------------------------------------------------------------------------


def _post_credit(account, amount: Decimal, *, kind: str, source: str, **fields) -> CreditEntry:
    entry = CreditEntry.objects.create(
        account=account, kind=kind, amount=amount, source=source, **fields
    )
    LoyaltyAccount.objects.filter(pk=account.pk).update(credit_balance=F("credit_balance") + amount)
    account.credit_balance += amount
    return entry


def issue_credit(
    *, customer_id: int, amount: Decimal, source: str, reason: str, actor=None
) -> CreditEntry:
    """Give the customer store credit (a return refunded as credit). Idempotent by `source`:
    the same source returns the entry already posted."""
    amount = _check_money(amount, what=_("saldo a favor"))
    if amount == 0:
        raise BadAmount(_("El saldo a favor debe ser mayor que cero."))
    if not isinstance(source, str) or not source.strip() or len(source) > 120:
        raise LoyaltyError(_("Falta el origen del saldo a favor."))
    reason = _check_reason(reason)
    with transaction.atomic():
        account = account_for_customer_id(customer_id)
        if account is None:
            raise LoyaltyError(_("Ese cliente no existe."))
        account = lock(account.pk)
        existing = CreditEntry.objects.filter(source=source).first()
        if existing is not None:
            return existing
        return _post_credit(
            account,
            amount,
            kind=CreditEntry.Kind.ISSUE,
            source=source,
            reason=reason,
            actor=actor if getattr(actor, "pk", None) else None,
        )


# --- adjustments ------------------------------------------------------------------------------


def can_adjust(user) -> bool:
    return bool(user is not None and getattr(user, "is_active", False)) and user.has_perm(
        ADJUST_PERMISSION
    )


def adjust_points(*, account: LoyaltyAccount, points: int, reason: str, actor) -> PointsEntry:
    """A manager's correction of a balance (positive or negative), with its reason (audited:
    the entry keeps who and why). Raises LoyaltyError for a clerk, no reason, or more than the
    balance."""
    if not can_adjust(actor):
        raise NotAllowed(_("Solo un encargado o la dueña pueden ajustar puntos."))
    _check_points(points, allow_negative=True)
    reason = _check_reason(reason)
    with transaction.atomic():
        account = lock(account.pk)
        if account.merged_into_id:
            raise LoyaltyError(_("Esta cuenta se fusionó con otra: ajusta la otra cuenta."))
        source = f"adjust:{uuid.uuid4().hex}"
        if points > 0:
            entry = _credit(
                account,
                points,
                kind=PointsEntry.Kind.ADJUST,
                source=source,
                reason=reason,
                actor=actor,
            )
        else:
            if -points > account.points_balance:
                raise NotEnoughPoints(account.points_balance)
            entry = _debit(
                account,
                -points,
                kind=PointsEntry.Kind.ADJUST,
                source=source,
                reason=reason,
                actor=actor,
            )
        if entry is None:  # a fresh source is never a replay
            raise LoyaltyError(_("No se pudo registrar el ajuste; inténtalo otra vez."))
        return entry
