"""`seed_demo` (config's command): the demo store, its stock, and that a second run changes
nothing.

One test on purpose: the first seeding takes most of the time (a later run finds every row and
costs well under a second), so the whole demo is seeded once and every check runs on that one
database. The demo passwords are hashed with MD5 here: the logins are checked, not the hasher.
"""

import io
import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.apps import apps
from django.core.management import call_command

from accounts.demo import MFA_DEMO_EMAIL, MFA_DEMO_TOTP_SECRET
from accounts.models import User
from inventory.models import BackInStockRequest, StockItem, StockMovement, Store, Transfer
from inventory.selectors import availability_many
from tests.factories.catalog import ProductFactory

pytestmark = pytest.mark.django_db

ESTANTE_APPS = [
    "accounts",
    "catalog",
    "inventory",
    "crm",
    "orders",
    "chat",
    "loyalty",
    "ebooks",
    "insights",
]


def snapshot():
    """Every row of every Estante model, as plain values."""
    rows = {}
    for label in ESTANTE_APPS:
        for model in apps.get_app_config(label).get_models():
            rows[model._meta.label] = sorted(
                map(repr, model.objects.order_by("pk").values_list()), key=str
            )
    return rows


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def check_stores_and_logins(client, printed: str) -> None:
    slugs = set(Store.objects.values_list("slug", flat=True))
    assert slugs >= {
        "miraflores",
        "san-isidro",
        "lima-centro",
        "arequipa",
        "trujillo",
        "cusco",
        "almacen-central",
    }
    assert Store.objects.filter(kind=Store.Kind.WAREHOUSE).count() == 1
    roles = set(User.objects.values_list("groups__name", flat=True))
    assert roles >= {"cliente", "vendedor", "jefe de tienda", "dueño", "administrador"}
    # The logins are printed with their passwords, and they work.
    assert "rosa@librospepito.pe" in printed
    assert "vendedor-pepito-2026" in printed
    response = client.post(
        "/cuenta/login/", {"login": "rosa@librospepito.pe", "password": "vendedor-pepito-2026"}
    )
    assert response.status_code == 302
    assert User.objects.get(email="rosa@librospepito.pe").store.slug == "miraflores"
    # Every account has its customer profile, the staff's too.
    assert not User.objects.filter(customer__isnull=True).exists()
    check_mfa_demo(printed)


def check_mfa_demo(printed: str) -> None:
    """The Miraflores manager has MFA; the printed recovery code logs them in."""
    from django.test import Client

    match = re.search(r"código de recuperación \(sirve una vez\): (\S+)", printed)
    assert match, printed
    assert MFA_DEMO_TOTP_SECRET in printed
    manager = User.objects.get(email=MFA_DEMO_EMAIL)
    assert is_mfa_enabled(manager, [Authenticator.Type.TOTP])
    client = Client()
    response = client.post(
        "/cuenta/login/", {"login": MFA_DEMO_EMAIL, "password": "encargado-pepito-2026"}
    )
    assert response["Location"] == "/cuenta/2fa/authenticate/"
    client.post("/cuenta/2fa/authenticate/", {"code": match.group(1)})
    assert client.session["_auth_user_id"] == str(manager.pk)
    # A used code is not printed again.
    assert match.group(1) not in seed()


def check_stock_profiles(products) -> None:
    call_command("check_stock_ledger", stdout=io.StringIO())
    stock = availability_many(products)
    in_stores = {pid: sum(line.available > 0 for line in lines) for pid, lines in stock.items()}
    assert any(n == 0 for n in in_stores.values())  # agotado everywhere
    assert any(n >= 3 for n in in_stores.values())  # in several stores
    provinces = {"arequipa", "trujillo", "cusco"}
    assert any(
        [line.store.slug for line in lines if line.available] in ([slug] for slug in provinces)
        for lines in stock.values()
    )  # only in one province store
    assert any(line.low for lines in stock.values() for line in lines)
    assert StockItem.objects.filter(low_stock_alerted_at__isnull=False).exists()
    assert BackInStockRequest.objects.filter(notified_at__isnull=True).exists()
    assert StockMovement.objects.exclude(actor=None).exists()  # the clerks received it
    warehouse = Store.objects.get(slug="almacen-central")
    assert StockItem.objects.filter(store=warehouse).exists()
    # Miraflores has a transfer to send or annul and one on its way to receive.
    states = set(
        Transfer.objects.filter(to_store__slug="miraflores").values_list("state", flat=True)
    )
    assert states == {Transfer.State.REQUESTED, Transfer.State.SENT}


def check_demo_customer_orders(printed):
    """luis@ has one pickup to annul himself and one ready with its QR, named in the output."""
    from orders.models import Order

    mine = {
        o.checkout_token: o
        for o in Order.objects.filter(checkout_token__startswith="demo-cliente-")
    }
    open_one, ready = mine["demo-cliente-en-proceso"], mine["demo-cliente-listo"]
    assert open_one.customer.email == ready.customer.email == "luis@example.pe"
    assert open_one.customer_can_cancel() and not ready.customer_can_cancel()
    assert ready.status == Order.Status.READY and ready.pickup_code
    assert f"{open_one.number} en proceso" in printed
    assert f"{ready.number} listo para recoger" in printed


def test_seed_demo_builds_the_demo_store_once_and_stocks_new_products(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    printed = seed()
    check_stores_and_logins(client, printed)
    check_demo_customer_orders(printed)

    # Idempotent: a second run changes no row at all.
    first = snapshot()
    assert "rosa@librospepito.pe" in seed()
    assert snapshot() == first

    # Products added later get their stock on the next run, and the run after that changes
    # nothing again.
    products = ProductFactory.create_batch(60)
    seed()
    check_stock_profiles(products)
    stocked = snapshot()
    seed()
    assert snapshot() == stocked
