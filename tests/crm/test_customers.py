"""crm's writes: customers announced when created, addresses deleted through the service."""

import pytest
from django.http import Http404

from crm.customers import delete_address, ensure_customer_for_user, find_or_create_customer
from crm.models import Address
from outbox.models import Event
from tests.factories import AddressFactory, CustomerFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_new_guest_customer_is_announced_and_a_known_one_is_not():
    juana = find_or_create_customer(name="Juana", phone="+51987111222", source="phone")
    again = find_or_create_customer(name="Juana M.", phone="+51987111222", source="phone")

    assert again == juana
    [event] = Event.objects.filter(name="customer.created")
    assert event.payload == {"customer_id": juana.pk, "user_id": None, "source": "phone"}
    assert event.key == f"customer:{juana.pk}"


def test_linking_an_unclaimed_customer_to_an_account_creates_none():
    counter = CustomerFactory(email="rosa@example.pe")
    user = UserFactory.build(email="rosa@example.pe")
    user.save()

    assert ensure_customer_for_user(user=user) == counter
    assert not Event.objects.filter(name="customer.created").exists()


def test_delete_address_moves_the_default_to_the_next_one():
    first = AddressFactory(is_default=True)
    second = AddressFactory(customer=first.customer, street="Av. Arequipa 10")

    delete_address(customer=first.customer, address_id=first.pk)

    second.refresh_from_db()
    assert second.is_default
    assert not Address.objects.filter(pk=first.pk).exists()


def test_delete_address_refuses_someone_elses():
    foreign = AddressFactory()

    with pytest.raises(Http404):
        delete_address(customer=CustomerFactory(), address_id=foreign.pk)
    assert Address.objects.filter(pk=foreign.pk).exists()
