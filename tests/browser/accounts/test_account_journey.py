import re

import pytest
from django.core import mail

from accounts.models import User
from tests.factories.accounts import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_up_verify_log_in_and_edit_profile_on_a_phone(phone, live_server):
    page = phone
    page.goto("/")
    page.get_by_role("link", name="Crear cuenta").first.click()

    page.get_by_label("Nombre y apellido").fill("Luis Ramírez")
    page.get_by_label("Correo electrónico").fill("luis.ramirez@example.pe")
    page.get_by_label("Celular (opcional)").fill("987 654 321")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Regístrate|Registrarse", re.I)).click()
    page.wait_for_url(re.compile(r"/cuenta/confirm-email/"))

    # The verification e-mail arrives; its link confirms the address and logs the user in.
    link = re.search(r"https?://[^/]+(/cuenta/confirm-email/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(link)
    page.get_by_role("button", name="Confirmar").click()
    page.locator("#account-link").wait_for()

    page.locator("footer").get_by_role("button", name="Cerrar sesión").click()
    page.locator("#login-link").click()
    page.get_by_label("Correo electrónico").fill("luis.ramirez@example.pe")
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Iniciar sesión", re.I)).click()
    page.locator("#account-link").click()

    page.get_by_label("DNI").fill("45871236")
    page.get_by_label("Celular").fill("912 345 678")
    page.get_by_role("button", name="Guardar cambios").click()

    page.get_by_text("Guardamos tus datos.").wait_for()
    customer = User.objects.get(email="luis.ramirez@example.pe").customer
    assert customer.dni == "45871236"
    assert customer.phone == "+51912345678"

    # The page fits a phone: nothing wider than the screen.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390


def test_a_wrong_dni_is_explained_in_spanish(phone, live_server, user):
    page = phone
    page.goto("/cuenta/login/")
    page.get_by_label("Correo electrónico").fill(user.email)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Iniciar sesión", re.I)).click()
    page.goto("/cuenta/perfil/")

    page.get_by_label("DNI").fill("12")
    page.get_by_role("button", name="Guardar cambios").click()

    page.get_by_text("El DNI debe tener 8 dígitos").wait_for()
