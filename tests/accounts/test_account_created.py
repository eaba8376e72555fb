"""accounts announces new accounts (account.created); crm gives each its customer profile."""

import pytest
from django.urls import reverse

from accounts.models import User
from crm import handlers
from crm.models import Customer
from outbox.models import Event
from outbox.spine import EventData
from tests.factories import CustomerFactory, UserFactory

pytestmark = pytest.mark.django_db


def as_delivered(event, **payload) -> EventData:
    return EventData(
        id=event.pk,
        name=event.name,
        key=event.key,
        payload={**event.payload, **payload},
        created_at=event.created_at,
    )


def test_create_user_gets_its_customer_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user = User.objects.create_user("nueva@example.pe", "una-clave-segura-2026")
        assert not Customer.objects.filter(user=user).exists()  # crm acts after commit

    event = Event.objects.get(name="account.created")
    assert event.payload == {"user_id": user.pk, "email": "nueva@example.pe"}
    assert event.key == f"user:{user.pk}"
    assert Customer.objects.get(user=user).email == "nueva@example.pe"


def test_create_superuser_links_an_unclaimed_customer_with_its_email(
    django_capture_on_commit_callbacks,
):
    counter = CustomerFactory(email="Duena@Example.pe")

    with django_capture_on_commit_callbacks(execute=True):
        owner = User.objects.create_superuser("duena@example.pe", "una-clave-segura-2026")

    counter.refresh_from_db()
    assert counter.user == owner
    assert Customer.objects.count() == 1


def test_the_handler_is_idempotent_and_tolerates_a_deleted_user(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        user = User.objects.create_user("nueva@example.pe", "una-clave-segura-2026")
    event = Event.objects.get(name="account.created")

    handlers.on_account_created(as_delivered(event))
    handlers.on_account_created(as_delivered(event, user_id=user.pk + 1000))

    assert Customer.objects.filter(user=user).count() == 1
    assert Customer.objects.count() == 1


def test_a_user_added_in_the_admin_gets_its_customer(client, django_capture_on_commit_callbacks):
    admin = UserFactory(email="admin@librospepito.pe", is_staff=True, is_superuser=True)
    client.force_login(admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:accounts_user_add"),
            {
                "email": "rosa@librospepito.pe",
                "password1": "una-clave-segura-2026",
                "password2": "una-clave-segura-2026",
                "usable_password": "true",
            },
        )

    assert response.status_code == 302
    rosa = User.objects.get(email="rosa@librospepito.pe")
    assert Customer.objects.get(user=rosa).email == "rosa@librospepito.pe"
    assert Event.objects.filter(name="account.created", payload__user_id=rosa.pk).exists()


def test_a_logged_in_user_without_a_customer_gets_one_on_the_first_page(client):
    user = User.objects.create_user("sola@example.pe", "una-clave-segura-2026")
    client.force_login(user)  # the after-commit handler never ran (the test's transaction)

    assert client.get(reverse("crm:profile")).status_code == 200
    assert Customer.objects.get(user=user).email == "sola@example.pe"
