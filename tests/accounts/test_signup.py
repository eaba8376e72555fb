"""Sign-up -> e-mail verification -> login -> profile, and one customer per person."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from crm.models import Customer
from tests.factories import CustomerFactory, UserFactory
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db


def sign_up(client, email="nueva@example.pe", phone="", name="Rosa Quispe"):
    return client.post(
        reverse("account_signup"),
        {
            "name": name,
            "email": email,
            "phone": phone,
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )


def confirmation_link(message) -> str:
    return re.search(r"https?://[^/]+(/cuenta/confirm-email/[^\s]+/)", message.body).group(1)


def test_signup_verify_login_and_edit_profile(client):
    response = sign_up(client, phone="987 654 321")
    assert response.status_code == 302

    # Verification is mandatory: one e-mail with a link, and no access before it.
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nueva@example.pe"]
    assert client.get(reverse("crm:profile")).status_code == 302

    link = confirmation_link(mail.outbox[0])
    assert client.get(link).status_code == 200
    assert client.post(link).status_code == 302
    client.logout()

    response = client.post(
        reverse("account_login"), {"login": "nueva@example.pe", "password": PASSWORD}
    )
    assert response.status_code == 302

    response = client.post(
        reverse("crm:profile"),
        {
            "name": "Rosa Quispe Huamán",
            "phone": "912345678",
            "dni": "45871236",
            "marketing_consent": "on",
        },
    )
    assert response.status_code == 302

    customer = User.objects.get(email="nueva@example.pe").customer
    assert customer.name == "Rosa Quispe Huamán"
    assert customer.phone == "+51912345678"
    assert customer.dni == "45871236"
    assert customer.marketing_consent is True
    assert customer.marketing_consent_at is not None


def test_signup_creates_one_customer_with_name_and_phone(client):
    sign_up(client, email="ana@example.pe", phone="+51 999 888 777", name="Ana Ríos")

    customer = Customer.objects.get(email="ana@example.pe")
    assert customer.user.email == "ana@example.pe"
    assert customer.name == "Ana Ríos"
    assert customer.phone == "+51999888777"


def test_signup_with_email_of_a_counter_customer_links_it(client):
    counter = CustomerFactory(email="Compras@Example.pe", phone="", name="Juana Mamani")

    sign_up(client, email="compras@example.pe")

    assert Customer.objects.count() == 1
    counter.refresh_from_db()
    assert counter.user.email == "compras@example.pe"


def test_signup_with_phone_of_a_phone_customer_links_it(client):
    phoned = CustomerFactory(email="", phone="+51987111222", name="Pedro Ccori")

    sign_up(client, email="pedro@example.pe", phone="987 111 222")

    assert Customer.objects.count() == 1
    phoned.refresh_from_db()
    assert phoned.user.email == "pedro@example.pe"
    assert phoned.email == "pedro@example.pe"


def test_signup_never_takes_over_a_customer_that_has_an_account(client):
    owner = UserFactory(email="duena@example.pe")
    owner.customer.phone = "+51987000111"
    owner.customer.save()

    sign_up(client, email="otra@example.pe", phone="987000111")

    assert Customer.objects.count() == 2
    assert User.objects.get(email="otra@example.pe").customer != owner.customer


def test_signup_rejects_a_foreign_or_malformed_phone_in_spanish(client):
    response = sign_up(client, phone="12")

    assert response.status_code == 200
    assert "teléfono peruano válido" in response.content.decode()
    assert not User.objects.filter(email="nueva@example.pe").exists()
    assert Customer.objects.count() == 0


def test_login_failures_are_rate_limited(client, user):
    for _ in range(6):
        response = client.post(reverse("account_login"), {"login": user.email, "password": "mala"})

    assert "Demasiados intentos fallidos" in response.content.decode()
    # Even the right password waits now: that is what stops guessing.
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_spanish_email_with_a_working_link(client, user):
    response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == 302

    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/cuenta/password/reset/key/\S+/)", mail.outbox[0].body).group(
        1
    )
    page = client.get(link, follow=True)
    assert page.status_code == 200
    response = client.post(
        page.redirect_chain[-1][0] if page.redirect_chain else link,
        {"password1": "otra-clave-segura-2026", "password2": "otra-clave-segura-2026"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("otra-clave-segura-2026")


def test_signup_announces_the_account_and_the_new_customer_once(client):
    sign_up(client, email="ana@example.pe", name="Ana Ríos")

    from outbox.models import Event

    user = User.objects.get(email="ana@example.pe")
    created = Event.objects.get(name="customer.created")
    assert created.payload == {
        "customer_id": user.customer.pk,
        "user_id": user.pk,
        "source": "account",
    }
    assert Event.objects.filter(name="account.created", payload__user_id=user.pk).count() == 1
