"""Staff passwords: at least STAFF_PASSWORD_MIN_LENGTH characters and none of the person's
e-mail or names, wherever a password is set; customers keep Django's rules."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from tests.factories.accounts import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def refused(password, user) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return error.messages
    return []


def test_a_staff_password_is_long_and_not_personal(clerk, user):
    # clerk: rosa@librospepito.pe, Rosa Quispe, works in Miraflores.
    assert any("al menos 12" in m for m in refused("libro-ok-26", clerk))
    assert any("rosa" in m for m in refused("rosa-libros-2026", clerk))
    assert any("quispe" in m for m in refused("mar-de-QUISPE-2026", clerk))
    assert refused("vendedor-pepito-2026", clerk) == []
    # A customer keeps Django's rules: 8 characters, their name allowed.
    assert refused("libro-ok-26", user) == []
    assert refused("rosa-libros-2026", user) == []


def test_the_staff_rule_follows_the_role_not_only_the_store(db):
    owner = UserFactory(email="duena@librospepito.pe", first_name="Pilar", role=Role.OWNER)
    assert any("duena" in m for m in refused("dueña-del-sur-2026", owner))  # accents too
    assert any("al menos" in m for m in refused("sur-2026-x", owner))


def test_a_clerk_cannot_choose_a_weak_password_on_the_change_page(clerk_client, clerk):
    response = clerk_client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "rosa-2026-lima", "password2": "rosa-2026-lima"},
    )
    assert response.status_code == 200
    assert "no puede contener tu correo ni tu nombre" in response.content.decode()
    clerk.refresh_from_db()
    assert clerk.check_password(PASSWORD)


def test_the_admin_refuses_a_weak_password_for_new_staff(client, superuser, miraflores):
    client.force_login(superuser)
    url = reverse("admin:accounts_user_add")
    weak = {
        "email": "nuevo@librospepito.pe",
        "password1": "nuevo-2026",
        "password2": "nuevo-2026",
        "store": miraflores.pk,
        "usable_password": "true",
    }
    response = client.post(url, weak)
    assert response.status_code == 200
    assert not User.objects.filter(email="nuevo@librospepito.pe").exists()
    assert "al menos 12" in response.content.decode()

    strong = {**weak, "password1": "faro-de-chorrillos-7", "password2": "faro-de-chorrillos-7"}
    assert client.post(url, strong).status_code == 302
    assert User.objects.filter(email="nuevo@librospepito.pe").exists()
