import io

import pytest
from django.apps import apps
from django.core.management import call_command

from accounts.models import User
from inventory.models import Store

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


def test_seed_demo_builds_the_demo_store_once(client):
    """One test on purpose: seeding the whole demo takes a while, so it is run only twice."""
    out = io.StringIO()
    call_command("seed_demo", stdout=out)

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
    assert "rosa@librospepito.pe" in out.getvalue()
    assert "vendedor-pepito-2026" in out.getvalue()
    response = client.post(
        "/cuenta/login/", {"login": "rosa@librospepito.pe", "password": "vendedor-pepito-2026"}
    )
    assert response.status_code == 302
    assert User.objects.get(email="rosa@librospepito.pe").store.slug == "miraflores"

    # Idempotent: a second run changes no row at all.
    first = snapshot()
    call_command("seed_demo", stdout=io.StringIO())
    assert snapshot() == first
