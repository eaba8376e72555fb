import pytest
from django.urls import reverse

from crm.models import Address
from tests.factories import AddressFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged_in(client, user):
    client.force_login(user)
    return client


def test_profile_requires_login(client):
    response = client.get(reverse("crm:profile"))

    assert response.status_code == 302
    assert "/cuenta/login/" in response["Location"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "123", "teléfono peruano válido"),
        ("phone", "+1 415 555 2671", "teléfono peruano válido"),
        ("phone", "9" * 500, "30 caracteres"),
        ("dni", "1234", "El DNI debe tener 8 dígitos"),
        ("dni", "ABCDEFGH", "El DNI debe tener 8 dígitos"),
        ("name", "   ", "Escribe tu nombre"),
    ],
)
def test_invalid_profile_data_gets_a_spanish_message_and_saves_nothing(
    logged_in, customer, field, value, message
):
    data = {"name": "Rosa Quispe", "phone": "", "dni": "", field: value}

    response = logged_in.post(reverse("crm:profile"), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    customer.refresh_from_db()
    assert (customer.phone, customer.dni) == ("", "")


def test_a_dni_of_another_customer_is_refused(logged_in, customer):
    other = UserFactory().customer
    other.dni = "45871236"
    other.save()

    response = logged_in.post(reverse("crm:profile"), {"name": "Rosa", "dni": "45871236"})

    assert "Ese DNI ya está registrado" in response.content.decode()
    customer.refresh_from_db()
    assert customer.dni == ""


def test_withdrawing_consent_clears_its_date(logged_in, customer):
    logged_in.post(reverse("crm:profile"), {"name": "Rosa", "marketing_consent": "on"})
    customer.refresh_from_db()
    assert customer.marketing_consent_at is not None

    logged_in.post(reverse("crm:profile"), {"name": "Rosa"})

    customer.refresh_from_db()
    assert customer.marketing_consent is False
    assert customer.marketing_consent_at is None


def test_add_edit_and_delete_addresses(logged_in, customer):
    data = {
        "label": "Casa",
        "street": "Calle Berlín 345",
        "reference": "Cerca del parque Kennedy",
        "district": "Miraflores",
        "province": "Lima",
        "region": "Lima",
        "phone": "987654321",
    }
    assert logged_in.post(reverse("crm:address_add"), data).status_code == 302
    first = customer.addresses.get()
    assert first.is_default and first.phone == "+51987654321"

    logged_in.post(reverse("crm:address_add"), {**data, "label": "Oficina", "is_default": "on"})
    first.refresh_from_db()
    assert not first.is_default
    assert customer.addresses.get(is_default=True).label == "Oficina"

    logged_in.post(
        reverse("crm:address_edit", args=[first.pk]), {**data, "street": "Av. Pardo 610"}
    )
    first.refresh_from_db()
    assert first.street == "Av. Pardo 610"

    logged_in.post(reverse("crm:address_delete", args=[first.pk]))
    assert customer.addresses.count() == 1


def test_an_address_without_street_is_refused(logged_in, customer):
    response = logged_in.post(
        reverse("crm:address_add"),
        {"street": "  ", "district": "", "province": "Lima", "region": "Lima"},
    )

    assert response.status_code == 200
    assert "Este campo es obligatorio" in response.content.decode()
    assert not customer.addresses.exists()


def test_someone_elses_address_is_404(logged_in):
    foreign = AddressFactory()

    assert logged_in.get(reverse("crm:address_edit", args=[foreign.pk])).status_code == 404
    assert logged_in.post(reverse("crm:address_delete", args=[foreign.pk])).status_code == 404
    assert Address.objects.filter(pk=foreign.pk).exists()


def test_profile_page_query_count_is_constant(logged_in, customer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    AddressFactory(customer=customer)
    with CaptureQueriesContext(connection) as one:
        logged_in.get(reverse("crm:profile"))
    AddressFactory.create_batch(10, customer=customer)
    with CaptureQueriesContext(connection) as eleven:
        response = logged_in.get(reverse("crm:profile"))

    assert response.status_code == 200
    assert len(eleven) == len(one) <= 14
