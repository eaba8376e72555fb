"""The admin: tiers and rules managed, accounts and ledgers read-only, two customers merged."""

from decimal import Decimal

import pytest
from django.urls import reverse

from crm.models import Customer
from loyalty.models import LoyaltyAccount, PointsEntry, Tier
from outbox import spine
from tests.factories import CustomerFactory
from tests.loyalty.helpers import give_points

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def test_account_page_shows_the_ledger_read_only(admin_client):
    customer = CustomerFactory()
    account = give_points(customer, 120)
    response = admin_client.get(reverse("admin:loyalty_loyaltyaccount_change", args=[account.pk]))
    assert response.status_code == 200
    assert b"120" in response.content
    assert b'name="points_balance"' not in response.content
    entry = PointsEntry.objects.get()
    delete = reverse("admin:loyalty_pointsentry_delete", args=[entry.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert PointsEntry.objects.filter(pk=entry.pk).exists()
    assert admin_client.get(reverse("admin:loyalty_pointsentry_add")).status_code == 403


def test_tiers_are_managed_and_bad_values_refused(admin_client):
    url = reverse("admin:loyalty_tier_add")
    bad = {"code": "x", "name": "X", "min_spend_12m": "-5", "earn_multiplier": "1", "position": 1}
    assert admin_client.post(url, bad).status_code == 200
    assert not Tier.objects.exists()
    good = bad | {"min_spend_12m": "500"}
    assert admin_client.post(url, good).status_code == 302
    assert Tier.objects.get().min_spend_12m == Decimal("500")


def test_merge_action_keeps_the_oldest_and_moves_the_points(admin_client):
    kept, dup = CustomerFactory(name="Luis"), CustomerFactory(name="Luis R.")
    give_points(dup, 80)
    response = admin_client.post(
        reverse("admin:crm_customer_changelist"),
        {"action": "merge_two", "_selected_action": [kept.pk, dup.pk]},
    )
    assert response.status_code == 302
    spine.deliver_pending()
    assert Customer.objects.get(pk=dup.pk).merged_into_id == kept.pk
    assert LoyaltyAccount.objects.get(customer=kept).points_balance == 80


def test_merge_action_needs_two(admin_client):
    one = CustomerFactory()
    admin_client.post(
        reverse("admin:crm_customer_changelist"),
        {"action": "merge_two", "_selected_action": [one.pk]},
    )
    assert Customer.objects.get(pk=one.pk).merged_into_id is None
