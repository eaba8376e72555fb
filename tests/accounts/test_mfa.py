"""Two-factor authentication for staff (allauth.mfa): required for managers, the owner and
admins when STAFF_MFA_REQUIRED (production), offered otherwise; the admin logs in through
allauth; codes from the authenticator app and recovery codes both open the session."""

import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from accounts.roles import Role
from tests.factories.accounts import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_code(secret: str, steps_ahead: int = 0) -> str:
    """What the authenticator app shows now (or `steps_ahead` periods of 30 s later)."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + steps_ahead))


@pytest.fixture
def manager(miraflores):
    return UserFactory(
        email="jefe.miraflores@librospepito.pe", store=miraflores, role=Role.STORE_MANAGER
    )


@pytest.fixture
def production(settings):
    settings.STAFF_MFA_REQUIRED = True
    return settings


def login(client, user, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": user.email, "password": password})


def test_in_production_a_manager_without_mfa_is_sent_to_enrol_before_any_staff_page(
    client, manager, production
):
    client.force_login(manager)
    for url in (reverse("staff:stock"), reverse("staff:board"), reverse("staff:chat_inbox")):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("mfa_activate_totp")
    page = client.get(reverse("mfa_activate_totp"), follow=True)
    assert "verificación en dos pasos" in page.content.decode()

    # The shop itself stays open to them.
    assert client.get(reverse("home")).status_code == 200

    TOTP.activate(manager, SECRET)
    assert client.get(reverse("staff:stock")).status_code == 200


@pytest.mark.parametrize("role", [Role.OWNER, Role.ADMIN])
def test_in_production_the_owner_and_admins_must_enrol_too(client, role, production):
    user = UserFactory(email=f"{role.name.lower()}@librospepito.pe", role=role)
    client.force_login(user)
    response = client.get(reverse("staff:stock"))
    assert response["Location"] == reverse("mfa_activate_totp")


def test_in_production_a_superuser_without_mfa_cannot_open_the_admin(client, superuser, production):
    client.force_login(superuser)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    TOTP.activate(superuser, SECRET)
    assert client.get(reverse("admin:index")).status_code == 200


def test_in_production_a_clerk_is_offered_mfa_but_not_forced(clerk_client, production):
    assert clerk_client.get(reverse("staff:stock")).status_code == 200
    assert clerk_client.get(reverse("mfa_index")).status_code == 200


def test_in_development_mfa_is_only_offered(client, manager, settings):
    settings.STAFF_MFA_REQUIRED = False
    client.force_login(manager)
    assert client.get(reverse("staff:stock")).status_code == 200
    page = client.get(reverse("mfa_index"))
    assert page.status_code == 200
    assert "Autenticación de doble factor" in page.content.decode()


def test_in_production_a_manager_cannot_switch_mfa_off(client, manager, production):
    TOTP.activate(manager, SECRET)
    RecoveryCodes.activate(manager)
    login(client, manager)
    client.post(reverse("mfa_authenticate"), {"code": totp_code(SECRET)})
    # Switching it off asks for the password again first (allauth's reauthentication).
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = client.post(reverse("mfa_deactivate_totp"), follow=True)
    assert "no puedes desactivarla" in response.content.decode()
    assert Authenticator.objects.filter(user=manager, type=Authenticator.Type.TOTP).exists()


def test_login_with_mfa_asks_for_the_code_and_accepts_a_recovery_code(client, manager):
    TOTP.activate(manager, SECRET)
    codes = RecoveryCodes.activate(manager).get_unused_codes()

    response = login(client, manager)
    assert response["Location"] == reverse("mfa_authenticate")
    assert SESSION_KEY not in client.session
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    assert SESSION_KEY not in client.session

    assert client.post(reverse("mfa_authenticate"), {"code": totp_code(SECRET)}).status_code == 302
    assert client.session[SESSION_KEY] == str(manager.pk)

    client.post(reverse("account_logout"))
    login(client, manager)
    client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert client.session[SESSION_KEY] == str(manager.pk)
    assert (
        codes[0]
        not in RecoveryCodes(
            Authenticator.objects.get(user=manager, type=Authenticator.Type.RECOVERY_CODES)
        ).get_unused_codes()
    )


# The admin behind allauth's login
# ------------------------------------------------------------------------------


def test_the_admin_login_is_allauths_login(client, superuser):
    response = client.get(reverse("admin:login") + "?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=%2Fadmin%2F" in response["Location"]

    # The admin's own form no longer logs anyone in (it bypassed the rate limits and MFA).
    client.post(reverse("admin:login"), {"username": superuser.email, "password": "x-admin-2026"})
    assert SESSION_KEY not in client.session


def test_the_admin_login_goes_through_mfa(client, superuser):
    EmailAddress.objects.create(user=superuser, email=superuser.email, verified=True, primary=True)
    TOTP.activate(superuser, SECRET)
    response = client.post(
        reverse("account_login") + "?next=/admin/",
        {"login": superuser.email, "password": "x-admin-2026", "next": "/admin/"},
    )
    assert response["Location"] == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(SECRET)})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_logged_in_customer_is_refused_the_admin(client, user):
    client.force_login(user)
    assert client.get(reverse("admin:login")).status_code == 403
