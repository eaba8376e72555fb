"""Checkout as a customer on a phone meets it (issue #11): the stores in the customer's order
(preferred first, then their district, then their region), the preferred one already chosen,
districts as people say them ("Surco", "SJL"), a region that decides Lima's windows or the
courier, and the delivery days in Spanish lower case."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from crm.customers import ensure_customer_for_user
from crm.peru import LIMA_DISTRICTS, canonical_district
from orders import delivery
from orders.forms import CheckoutForm
from orders.models import DeliveryDistrict, DeliveryWindow, DeliveryZone
from tests.factories import StoreFactory, UserFactory
from tests.factories.crm import AddressFactory
from tests.factories.inventory import stock_up

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "official"),
    [
        ("Surco", "Santiago de Surco"),
        ("  surco ", "Santiago de Surco"),
        ("SJL", "San Juan de Lurigancho"),
        ("SMP", "San Martín de Porres"),
        ("San Martin de Porras", "San Martín de Porres"),
        ("Cercado", "Lima"),
        ("Cercado de Lima", "Lima"),
        ("jesus maria", "Jesús María"),
        ("MIRAFLORES", "Miraflores"),
        ("Lince", "Lince"),
    ],
)
def test_a_district_as_people_say_it_is_the_official_one(typed, official):
    assert canonical_district(typed) == official


def test_every_alias_names_a_lima_district_and_anything_else_stays_as_typed():
    from crm.peru import DISTRICT_ALIASES

    assert set(DISTRICT_ALIASES.values()) <= set(LIMA_DISTRICTS)
    assert canonical_district("Yanahuara ") == "Yanahuara"
    assert canonical_district("") == ""


@pytest.fixture
def surco_zone(db):
    zone = DeliveryZone.objects.create(name="Lima Sur", fee=Decimal("12.00"), lead_days=1)
    DeliveryDistrict.objects.create(name="Santiago de Surco", zone=zone)
    DeliveryWindow.objects.create(
        label="9:00–13:00", starts_at="09:00", ends_at="13:00", capacity=5
    )
    return zone


def test_surco_is_delivered_to_as_santiago_de_surco(surco_zone):
    assert delivery.zone_for_district("Surco") == surco_zone
    assert delivery.quote_delivery(district="surco", province="Lima", region="Lima").zone == (
        surco_zone
    )


def test_another_region_goes_by_courier_even_with_the_province_left_at_lima(surco_zone):
    quote = delivery.quote_delivery(district="Surco", province="Lima", region="Arequipa")

    assert quote.by_courier and quote.courier_eta is not None
    assert delivery.quote_delivery(district="Surco", province="Lima", region="Lima").zone == (
        surco_zone
    )


def test_changing_the_region_asks_for_the_options_again(client, books, miraflores):
    client.post(reverse("orders:cart_add", args=[books[0].pk]))
    page = client.get(reverse("orders:checkout")).content.decode()

    options_url = reverse("orders:checkout_fulfilment")
    for name in ("region", "province"):
        tag = re.search(rf'<(?:select|input)[^>]*name="{name}"[^>]*>', page).group(0)
        assert f'hx-get="{options_url}"' in tag and 'hx-trigger="change"' in tag
        assert 'hx-target="#delivery-options"' in tag and "[name=district]" in tag


@pytest.mark.parametrize("card", [True, False], ids=["with-stripe", "without-stripe"])
def test_the_options_for_another_region_are_the_couriers(client, books, surco_zone, settings, card):
    settings.STRIPE_ENABLED = card
    client.post(reverse("orders:cart_add", args=[books[0].pk]))
    url = reverse("orders:checkout_fulfilment")

    lima = client.get(url, {"district": "Surco", "province": "Lima", "region": "Lima"})
    arequipa = client.get(url, {"district": "Surco", "province": "Lima", "region": "Arequipa"})

    assert "Zona Lima Sur" in lima.content.decode()
    if card:
        assert "Envío por courier" in arequipa.content.decode()
    else:  # the courier takes only card payment: say so rather than offer what cannot be paid
        assert "Fuera de Lima solo enviamos con pago en línea" in arequipa.content.decode()


def test_a_delivery_address_typed_surco_is_kept_as_santiago_de_surco():
    form = CheckoutForm(
        data={"fulfilment": "delivery", "street": "Av. Caminos del Inca 1234", "district": "Surco"}
    )
    form.is_valid()

    assert form.cleaned_data["address"].district == "Santiago de Surco"


def test_delivery_days_are_written_in_lower_case(client, books, surco_zone):
    client.post(reverse("orders:cart_add", args=[books[0].pk]))

    html = client.get(
        reverse("orders:checkout_fulfilment"),
        {"district": "Surco", "province": "Lima", "region": "Lima"},
    ).content.decode()

    day = html.split('<p class="slot-day">')[1].split("</p>")[0]
    assert day == day.lower() and " de " in day
    css = (Path(__file__).resolve().parents[2] / "static/css/site.css").read_text()
    assert "text-transform: capitalize" not in css.split(".slot-day")[1].split("}")[0]


@pytest.fixture
def stores(books, miraflores):
    """Five stores that hold the books, named so that alphabetical order is none of the ones
    the customer should see."""
    made = {
        "arequipa": StoreFactory(
            slug="arequipa",
            name="Libros Pepito Arequipa",
            district="Yanahuara",
            city="Arequipa",
            region="Arequipa",
        ),
        "barranco": StoreFactory(
            slug="barranco", name="Libros Pepito Barranco", district="Barranco"
        ),
        "cusco": StoreFactory(
            slug="cusco", name="Libros Pepito Cusco", district="Cusco", city="Cusco", region="Cusco"
        ),
        "surco": StoreFactory(
            slug="surco", name="Libros Pepito Surco", district="Santiago de Surco"
        ),
        "miraflores": miraflores,
    }
    for store in made.values():
        for book in books:
            stock_up(store, book, 3)
    return made


def store_names(response):
    return [option.store.name for option in response.context["pickup_options"]]


def test_stores_come_preferred_first_then_the_district_then_the_region(client, books, stores):
    user = UserFactory(email="lucia@example.pe")
    customer = ensure_customer_for_user(user=user)
    customer.preferred_store = stores["barranco"]
    customer.save(update_fields=["preferred_store"])
    AddressFactory(customer=customer, district="Surco", is_default=True)
    client.force_login(user)
    client.post(reverse("orders:cart_add", args=[books[0].pk]))

    response = client.get(reverse("orders:checkout"))

    assert store_names(response) == [
        "Libros Pepito Barranco",  # preferred
        "Libros Pepito Surco",  # the customer's district ("Surco" on their address)
        "Libros Pepito Miraflores",  # the same province: Lima
        "Libros Pepito Arequipa",  # the rest, by name
        "Libros Pepito Cusco",
    ]
    # The preferred store is already chosen.
    assert response.context["form"]["store"].value() == stores["barranco"].pk
    html = response.content.decode()
    barranco = html.split(f'value="{stores["barranco"].pk}"')[1].split(">")[0]
    assert "checked" in barranco


def test_a_preferred_store_that_lacks_a_book_is_not_chosen_for_the_customer(client, books, stores):
    user = UserFactory(email="pedro@example.pe")
    customer = ensure_customer_for_user(user=user)
    customer.preferred_store = StoreFactory(slug="lince", name="Libros Pepito Lince")
    customer.save(update_fields=["preferred_store"])
    client.force_login(user)
    client.post(reverse("orders:cart_add", args=[books[0].pk]))

    response = client.get(reverse("orders:checkout"))

    assert response.context["form"]["store"].value() is None


def test_a_guest_sees_the_stores_by_name(client, books, stores):
    client.post(reverse("orders:cart_add", args=[books[0].pk]))

    response = client.get(reverse("orders:checkout"))

    # No preference and no address: nothing to rank by but the name; nothing chosen.
    assert store_names(response) == sorted(store_names(response))
    assert response.context["form"]["store"].value() is None


def test_the_checkout_query_count_does_not_grow_with_the_stores(
    client, books, stores, django_assert_max_num_queries
):
    user = UserFactory(email="ana@example.pe")
    customer = ensure_customer_for_user(user=user)
    customer.preferred_store = stores["surco"]
    customer.save(update_fields=["preferred_store"])
    AddressFactory(customer=customer, district="SJL", is_default=True)
    client.force_login(user)
    client.post(reverse("orders:cart_add", args=[books[0].pk]))
    client.get(reverse("orders:checkout"))  # warm the session and caches

    with django_assert_max_num_queries(40) as few:
        client.get(reverse("orders:checkout"))
    for n in range(4):
        store = StoreFactory(slug=f"extra-{n}", name=f"Libros Pepito Extra {n}")
        for book in books:
            stock_up(store, book, 2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("orders:checkout"))
