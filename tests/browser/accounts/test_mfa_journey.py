"""A store manager enrols an authenticator app from the staff console, on a phone, logs out
and logs in again with a code from the app; the codes are computed from the secret the page
shows (allauth's own TOTP functions, as the app would)."""

import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from accounts.roles import Role
from tests.factories.accounts import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def code(secret: str, steps_ahead: int = 0) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + steps_ahead))


def log_in(page, email):
    # The live server's first page imports every URL module: slow on a busy machine.
    page.goto("/cuenta/login/", timeout=60_000)
    page.get_by_label("Correo electrónico").fill(email)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Iniciar sesión", re.I)).click()


def test_a_manager_enrols_totp_logs_out_and_logs_in_with_the_code(phone, live_server, miraflores):
    manager = UserFactory(
        email="jefe.miraflores@librospepito.pe", store=miraflores, role=Role.STORE_MANAGER
    )
    page = phone
    log_in(page, manager.email)
    page.locator("#account-link").wait_for()

    # From the staff console's navigation to the two-factor pages.
    page.goto("/tienda/stock/")
    page.locator("#staff-mfa-link").click()
    page.get_by_role("link", name=re.compile("Activar", re.I)).click()
    # Enrolling asks for the password once more.
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Confirmar", re.I)).click()

    secret = page.locator("#authenticator_secret").input_value()
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    page.get_by_label(re.compile("Código del autenticador|Código", re.I)).fill(code(secret))
    page.get_by_role("button", name=re.compile("Activar", re.I)).click()
    page.get_by_text(re.compile("códigos de recuperación", re.I)).first.wait_for()
    assert Authenticator.objects.filter(user=manager, type=Authenticator.Type.TOTP).exists()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.locator("footer").get_by_role("button", name="Cerrar sesión").click()
    page.locator("#login-link").wait_for()

    log_in(page, manager.email)
    page.wait_for_url(re.compile(r"/cuenta/2fa/authenticate/"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # The code of the next period: the one used to enrol may not be used twice.
    page.get_by_label(re.compile("Código", re.I)).fill(code(secret, steps_ahead=1))
    page.get_by_role("button", name=re.compile("Iniciar sesión|Ingresar", re.I)).click()
    page.locator("#account-link").wait_for()
    page.goto("/tienda/stock/")
    assert "/tienda/stock/" in page.url
