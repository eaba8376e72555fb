"""Demo Club Pepito: the three tiers, a double-points campaign, and an account in each tier for
the demo customers, with history across channels and points about to expire.

`seed(out, fulfilled_orders=...)` is called by `seed_demo` after the orders: loyalty sits below
orders and cannot read them, so config hands it the delivered demo orders as the payloads their
facts carry. They earn through the same service as the spine's handlers, with the same sources,
so when those handlers run after the seed's commit they find the points posted and add nothing.
Demo entries are then dated back to their orders (the only place that rewrites a timestamp).
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from catalog.models import Genre
from crm.models import Customer
from loyalty import earning, nightly, rules, services
from loyalty.models import BonusRule, LoyaltyAccount, PointsEntry, PointsLot, Tier

TIERS = [
    # code, name, 12-month spend, multiplier, free Lima delivery
    ("lector", "Lector", "0", "1", False),
    ("lector-frecuente", "Lector frecuente", "500", "1.25", False),
    ("bibliofilo", "Bibliófilo", "1500", "1.5", True),
]

# email or phone of the customer: earlier purchases (days ago, channel, store name, S/ paid),
# and the points about to expire (days left).
HISTORY = {
    "luis@example.pe": {
        "purchases": [
            (300, "tienda", "Mostrador Miraflores", "189.70"),
            (210, "telefono", "Pedido por teléfono", "142.50"),
            (95, "chat", "Venta por chat", "98.00"),
            (40, "tienda", "Mostrador San Isidro", "112.30"),
        ],
        "expiring": (12, 180),
        "bonus": 600,
    },
    "mafe.quispe@example.pe": {
        "purchases": [
            (330, "tienda", "Mostrador San Isidro", "540.00"),
            (200, "web", "Pedido web", "388.40"),
            (120, "telefono", "Pedido por teléfono", "412.00"),
            (30, "chat", "Venta por chat", "305.60"),
        ],
        "expiring": (25, 90),
        "bonus": 0,
    },
    "jorge.mamani@example.pe": {
        "purchases": [
            (250, "tienda", "Mostrador Arequipa", "402.00"),
            (60, "web", "Pedido web", "176.90"),
        ],
        "expiring": None,
        "bonus": 0,
    },
    "+51998877665": {  # Rosa, known at the counter only (DNI and phone)
        "purchases": [(150, "tienda", "Mostrador Lima Centro", "86.50")],
        "expiring": (20, 40),
        "bonus": 0,
    },
}


def seed(out, *, fulfilled_orders: list[dict] | None = None) -> None:
    if Tier.objects.exists():
        out.write("Club Pepito: ya estaba.")
        return
    for position, (code, name, spend, multiplier, free) in enumerate(TIERS, start=1):
        Tier.objects.create(
            code=code,
            name=name,
            min_spend_12m=Decimal(spend),
            earn_multiplier=Decimal(multiplier),
            free_lima_delivery=free,
            position=position,
        )
    today = timezone.localdate()
    novela = Genre.objects.filter(slug="novela").first()
    if novela is not None:
        BonusRule.objects.create(
            name="Doble puntos en novela",
            kind=BonusRule.Kind.GENRE,
            genre=novela,
            multiplier=Decimal("2"),
            starts_on=today - timedelta(days=7),
            ends_on=today + timedelta(days=30),
        )
    BonusRule.objects.create(name="Bono de bienvenida", kind=BonusRule.Kind.SIGNUP, points=100)
    BonusRule.objects.create(name="Bono de cumpleaños", kind=BonusRule.Kind.BIRTHDAY, points=200)

    earned = _earn_demo_orders(fulfilled_orders or [])
    members = 0
    for key, history in HISTORY.items():
        customer = Customer.objects.filter(Q(email=key) | Q(phone=key)).order_by("pk").first()
        if customer is None:
            continue
        members += 1
        _history(customer, key, history)
    nightly.recalculate_tiers()
    luis = LoyaltyAccount.objects.filter(customer__email="luis@example.pe").first()
    out.write(
        f"Club Pepito: {len(TIERS)} niveles, {members} socios, {earned} pedidos con puntos"
        + (f"; luis@example.pe tiene {luis.points_balance} puntos." if luis else ".")
    )


def _earn_demo_orders(orders: list[dict]) -> int:
    count = 0
    for payload in orders:
        at = payload.pop("at", None)
        posted = earning.earn_for_order(payload)
        if posted and at is not None:
            _date_back([entry.pk for entry in posted], at)
        count += bool(posted)
    return count


def _date_back(entry_ids: list[int], at) -> None:
    expires = services.expiry_from(at)
    PointsEntry.objects.filter(pk__in=entry_ids).update(created_at=at, expires_at=expires)
    PointsLot.objects.filter(entry_id__in=entry_ids).update(expires_at=expires)


def _history(customer: Customer, key: str, history: dict) -> None:
    now = timezone.now()
    account = services.join(customer, accepted_terms=True)
    signup = PointsEntry.objects.filter(source=f"signup:{account.pk}").first()
    if signup is not None:
        _date_back([signup.pk], now - timedelta(days=365))
    for n, (days_ago, channel, where, paid) in enumerate(history["purchases"]):
        at = now - timedelta(days=days_ago)
        amount = Decimal(paid)
        account = services.lock(account.pk)
        entry = services._credit(
            account,
            rules.points_for(amount),
            kind=PointsEntry.Kind.EARN,
            source=f"demo:{account.pk}:compra:{n}",
            channel=channel,
            order_number=f"DEMO-{account.pk:03d}-{n + 1}",
            amount=amount,
            reason=where,
        )
        if entry is not None:
            _date_back([entry.pk], at)
    if history["expiring"]:
        days_left, points = history["expiring"]
        account = services.lock(account.pk)
        entry = services._credit(
            account,
            points,
            kind=PointsEntry.Kind.BONUS,
            source=f"demo:{account.pk}:dia-del-libro",
            reason="Día del Libro: puntos extra",
        )
        if entry is not None:
            at = services.rules.add_months(now + timedelta(days=days_left), -12)
            _date_back([entry.pk], at)
    if history["bonus"]:
        manager = User.objects.filter(email="jefe.miraflores@librospepito.pe").first()
        if manager is not None:
            services.adjust_points(
                account=account,
                points=history["bonus"],
                reason="Compensación: su pedido llegó con un día de retraso",
                actor=manager,
            )
