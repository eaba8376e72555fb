"""crm.customers, rule by rule: one person, one Customer (the mutants these tests kill).

Every test states what a customer or the staff would see: which record an order lands on, what
the profile shows, which address the checkout offers first, what `customer.created` says.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from catalog.models import Author, Genre
from crm.customers import (
    customer_for_request,
    delete_address,
    ensure_customer_for_user,
    find_or_create_customer,
    save_address,
    set_phone,
    update_profile,
)
from crm.models import Address, Customer
from outbox.models import Event
from tests.factories import AddressFactory, CustomerFactory

pytestmark = pytest.mark.django_db


def new_user(email="rosa@example.pe", first_name="Rosa", last_name="Quispe") -> User:
    """An account whose customer record is not made yet (as right after sign-up)."""
    return User.objects.create_user(
        email=email, password="x-Secreta-123", first_name=first_name, last_name=last_name
    )


def created_events():
    return [e.payload for e in Event.objects.filter(name="customer.created").order_by("pk")]


# ensure_customer_for_user: sign-up, login


def test_a_new_account_gets_a_new_customer_announced_as_account():
    user = new_user()

    customer = ensure_customer_for_user(user=user, phone="+51987000111")

    assert (customer.user, customer.name, customer.email, customer.phone) == (
        user,
        "Rosa Quispe",
        "rosa@example.pe",
        "+51987000111",
    )
    assert created_events() == [
        {"customer_id": customer.pk, "user_id": user.pk, "source": "account"}
    ]
    # Asking again gives the same record and announces nothing new.
    assert ensure_customer_for_user(user=user) == customer
    assert Customer.objects.count() == 1 and len(created_events()) == 1


def test_a_given_name_wins_over_the_accounts_name():
    customer = ensure_customer_for_user(user=new_user(), name="Rosita")

    assert customer.name == "Rosita"


def test_the_sign_up_takes_over_the_counter_customer_with_the_same_email_in_another_case():
    older = CustomerFactory(email="ROSA@Example.pe", name="", phone="")
    user = new_user(email="rosa@example.pe")

    customer = ensure_customer_for_user(user=user, name="Rosa Q.", phone="+51987000222")

    assert customer.pk == older.pk
    older.refresh_from_db()
    assert older.user == user
    assert older.email == "ROSA@Example.pe"  # what the counter wrote is kept
    assert (older.name, older.phone) == ("Rosa Q.", "+51987000222")  # blanks filled
    assert created_events() == []


def test_the_sign_up_takes_over_a_customer_met_by_phone_and_gives_it_the_email():
    by_phone = CustomerFactory(email="", name="Juana Mamani", phone="+51987000333")
    user = new_user(email="juana@example.pe", first_name="Juana", last_name="M.")

    customer = ensure_customer_for_user(user=user, phone="+51987000333")

    assert customer.pk == by_phone.pk
    by_phone.refresh_from_db()
    assert (by_phone.user, by_phone.email) == (user, "juana@example.pe")
    assert by_phone.name == "Juana Mamani"  # never overwritten by the account's name
    assert created_events() == []


def test_an_email_match_comes_before_a_phone_match_and_the_oldest_first():
    by_phone = CustomerFactory(email="otra@example.pe", phone="+51987000444")
    by_email = CustomerFactory(email="rosa@example.pe", phone="")
    CustomerFactory(email="rosa@example.pe", phone="")  # a later duplicate
    user = new_user()

    assert ensure_customer_for_user(user=user, phone="+51987000444") == by_email
    by_phone.refresh_from_db()
    assert by_phone.user is None


def test_a_customer_already_claimed_by_another_account_is_never_taken_over():
    first = new_user(email="rosa@example.pe")
    theirs = ensure_customer_for_user(user=first, phone="+51987000555")
    first.email = "rosa.antes@example.pe"
    first.save()
    second = new_user(email="rosa@example.pe")

    mine = ensure_customer_for_user(user=second, phone="+51987000555")

    assert mine.pk != theirs.pk and mine.user == second
    theirs.refresh_from_db()
    assert theirs.user == first


def test_an_existing_customer_gets_only_its_blanks_filled():
    user = new_user()
    customer = ensure_customer_for_user(user=user)
    Customer.objects.filter(pk=customer.pk).update(name="", email="")

    again = ensure_customer_for_user(user=user, name="Rosa Q.", phone="+51987000777")

    again.refresh_from_db()
    assert (again.name, again.email, again.phone) == ("Rosa Q.", "rosa@example.pe", "+51987000777")
    ensure_customer_for_user(user=user, name="Otra", phone="+51911111111")
    again.refresh_from_db()
    assert (again.name, again.phone) == ("Rosa Q.", "+51987000777")


# find_or_create_customer: guest checkout, phone and chat orders


def test_a_guest_with_the_email_in_another_case_lands_on_the_same_customer():
    known = CustomerFactory(email="luis@example.pe", name="Luis", phone="")

    again = find_or_create_customer(name="Luis P.", email="LUIS@EXAMPLE.PE", phone="+51987000888")

    assert again == known
    known.refresh_from_db()
    assert (known.name, known.email, known.phone) == ("Luis", "luis@example.pe", "+51987000888")
    assert created_events() == []


def test_a_guest_is_matched_to_the_oldest_record_with_that_email():
    first = CustomerFactory(email="luis@example.pe")
    CustomerFactory(email="luis@example.pe")

    assert find_or_create_customer(name="Luis", email="luis@example.pe") == first


def test_a_guest_unknown_by_email_is_found_by_phone_oldest_first():
    first = CustomerFactory(email="", phone="+51987000999")
    CustomerFactory(email="", phone="+51987000999")

    found = find_or_create_customer(name="Luis", email="nuevo@example.pe", phone="+51987000999")

    assert found == first
    found.refresh_from_db()
    assert found.email == "nuevo@example.pe"


def test_a_new_guest_is_created_with_what_they_gave_and_its_source():
    CustomerFactory(email="", phone="")

    customer = find_or_create_customer(name="Carla", email="", phone="+51987001000", source="chat")

    assert (customer.name, customer.email, customer.phone, customer.user) == (
        "Carla",
        "",
        "+51987001000",
        None,
    )
    assert created_events() == [{"customer_id": customer.pk, "user_id": None, "source": "chat"}]
    assert find_or_create_customer(name="Otra", email="") != customer  # nothing to match on


def test_a_guest_checkout_announces_itself_as_guest_by_default():
    customer = find_or_create_customer(name="Beto", email="beto@example.pe")

    assert created_events() == [{"customer_id": customer.pk, "user_id": None, "source": "guest"}]


# customer_for_request


def test_the_request_customer_is_the_accounts_and_looked_up_once(rf, django_assert_num_queries):
    user = new_user()
    request = rf.get("/pedidos/")
    request.user = user

    customer = customer_for_request(request)

    assert customer.user == user
    with django_assert_num_queries(0):
        assert customer_for_request(request) is customer


# Profile, phone, addresses


def test_update_profile_saves_fields_and_favorites_and_dates_the_consent():
    customer = CustomerFactory(marketing_consent=False)
    genre = Genre.objects.create(name="Poesía", slug="poesia")
    author = Author.objects.create(name="César Vallejo", slug="cesar-vallejo")

    before = timezone.now()
    update_profile(
        customer=customer,
        data={
            "name": "Juana M.",
            "marketing_consent": True,
            "favorite_genres": [genre],
            "favorite_authors": [author],
        },
    )

    customer.refresh_from_db()
    assert customer.name == "Juana M." and customer.marketing_consent is True
    assert customer.marketing_consent_at >= before - timedelta(seconds=1)
    assert list(customer.favorite_genres.all()) == [genre]
    assert list(customer.favorite_authors.all()) == [author]
    given_at = customer.marketing_consent_at

    # Saving again without touching the consent keeps its date and the favorites.
    update_profile(customer=customer, data={"name": "Juana Mamani"})
    customer.refresh_from_db()
    assert customer.marketing_consent is True and customer.marketing_consent_at == given_at
    assert list(customer.favorite_genres.all()) == [genre]

    update_profile(customer=customer, data={"marketing_consent": False, "favorite_genres": []})
    customer.refresh_from_db()
    assert customer.marketing_consent is False and customer.marketing_consent_at is None
    assert not customer.favorite_genres.exists()
    assert list(customer.favorite_authors.all()) == [author]


def test_update_profile_reads_the_stored_consent_not_the_instances():
    customer = CustomerFactory(marketing_consent=False)
    customer.marketing_consent = True  # what a ModelForm does before the service runs

    update_profile(customer=customer, data={"marketing_consent": True})

    customer.refresh_from_db()
    assert customer.marketing_consent_at is not None


def test_set_phone_saves_it():
    customer = CustomerFactory(phone="")

    set_phone(customer=customer, phone="+51987001111")

    customer.refresh_from_db()
    assert customer.phone == "+51987001111"


def test_the_first_address_becomes_the_default_and_a_second_one_does_not():
    customer = CustomerFactory()

    first = save_address(customer=customer, address=Address(street="Jr. Ica 1", district="Lima"))
    second = save_address(customer=customer, address=Address(street="Jr. Ica 2", district="Lima"))

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.customer, first.is_default) == (customer, True)
    assert (second.customer, second.is_default) == (customer, False)

    # Editing the only address keeps it the default.
    other = CustomerFactory()
    only = save_address(customer=other, address=Address(street="Av. Sol 3", district="Cusco"))
    only.is_default = False
    save_address(customer=other, address=only)
    only.refresh_from_db()
    assert only.is_default


def test_a_new_principal_address_takes_the_default_from_the_old_one():
    old = AddressFactory(is_default=True)
    untouched = AddressFactory(is_default=True)  # another customer's

    new = save_address(
        customer=old.customer,
        address=Address(street="Av. Pardo 610", district="Miraflores", is_default=True),
    )

    old.refresh_from_db()
    untouched.refresh_from_db()
    assert not old.is_default and new.is_default and untouched.is_default


def test_deleting_an_address_that_is_not_the_default_leaves_the_default_alone():
    default = AddressFactory(is_default=True)
    other = AddressFactory(customer=default.customer, street="Av. Arequipa 10")
    third = AddressFactory(customer=default.customer, street="Av. Arequipa 20")

    delete_address(customer=default.customer, address_id=other.pk)

    default.refresh_from_db()
    third.refresh_from_db()
    assert default.is_default and not third.is_default
    assert not Address.objects.filter(pk=other.pk).exists()


def test_deleting_the_last_address_leaves_none():
    only = AddressFactory(is_default=True)

    delete_address(customer=only.customer, address_id=only.pk)

    assert not Address.objects.exists()


# Killed after the mutation run of 2026-12-01 (README "Mutation testing")


def test_a_new_guest_keeps_the_email_they_gave():
    customer = find_or_create_customer(name="Beto", email="beto@example.pe")

    customer.refresh_from_db()
    assert (customer.name, customer.email, customer.phone) == ("Beto", "beto@example.pe", "")


def test_a_phone_order_without_email_makes_a_customer_without_one():
    """Only the phone given: the new record has no e-mail, and no made-up one to match on."""
    customer = find_or_create_customer(name="Carla", phone="+51987001222")

    customer.refresh_from_db()
    assert (customer.email, customer.phone) == ("", "+51987001222")
    assert find_or_create_customer(name="Dora", phone="+51987001333") != customer


def test_a_guest_found_by_email_gets_a_missing_name_filled():
    known = CustomerFactory(email="luis@example.pe", name="", phone="")

    assert find_or_create_customer(name="Luis Pérez", email="luis@example.pe") == known

    known.refresh_from_db()
    assert (known.name, known.phone) == ("Luis Pérez", "")


def test_set_phone_writes_only_the_phone():
    """A profile read before the customer changed their name elsewhere: setting the phone
    must not write the old name back."""
    customer = CustomerFactory(name="Juana Mamani", phone="")
    stale = Customer.objects.get(pk=customer.pk)
    Customer.objects.filter(pk=customer.pk).update(name="Juana Mamani Quispe")

    set_phone(customer=stale, phone="+51987001111")

    customer.refresh_from_db()
    assert (customer.name, customer.phone) == ("Juana Mamani Quispe", "+51987001111")


def test_an_account_without_email_never_takes_over_a_customer_without_one():
    """A blank e-mail matches nothing: the counter customer with no e-mail stays theirs."""
    stranger = CustomerFactory(email="", phone="+51987001444")
    user = User.objects.create(email="", first_name="Rosa", last_name="Quispe")

    customer = ensure_customer_for_user(user=user, phone="+51987001555")

    assert customer != stranger and customer.user == user
    stranger.refresh_from_db()
    assert stranger.user is None
