"""The Libro de Reclamaciones on a phone (issue #11): the footer's link, the sheet, the
confirmation with its number and the copy by e-mail; then a store manager answers it."""

import re

import pytest
from django.core import mail

from accounts.roles import Role
from crm.models import Complaint
from tests.factories import StoreFactory, UserFactory
from tests.factories.accounts import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _eager_notifications():
    """E-mails are sent by the live server's thread after commit, whatever REDIS_URL says."""
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


def fits_the_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_consumer_files_a_complaint_and_a_manager_answers_it(phone, new_page, live_server):
    store = StoreFactory(slug="miraflores", name="Libros Pepito Miraflores")
    page = phone
    page.goto("/")
    link = page.locator("footer").get_by_role("link", name="Libro de Reclamaciones")
    assert page.locator("footer .complaints-link img").evaluate("img => img.naturalWidth") > 0
    link.click()
    page.wait_for_url("**/libro-de-reclamaciones/")
    page.get_by_text("RUC 20601234565").wait_for()
    fits_the_phone(page)

    # A wrong DNI first: the Spanish message, nothing written.
    page.get_by_label("Nombre completo").fill("Luis Ramírez Soto")
    page.get_by_label("Documento", exact=True).select_option("dni")
    page.get_by_label("Número de documento", exact=True).fill("1234")
    page.get_by_label("Domicilio").fill("Av. Arequipa 1234, Lince")
    page.get_by_label("Teléfono").fill("987 654 321")
    page.get_by_label("Correo electrónico").fill("luis@example.pe")
    page.get_by_label("Producto", exact=True).check()
    page.get_by_label("¿Qué producto o servicio?").fill("La ciudad y los perros")
    page.get_by_label("Monto reclamado en soles (opcional)").fill("59.90")
    page.get_by_label("¿Dónde ocurrió?").select_option(label=store.name)
    page.get_by_label("Reclamo", exact=True).check()
    page.get_by_label("Detalle: ¿qué pasó?").fill("Llegó con páginas en blanco.")
    page.get_by_label("Tu pedido: ¿qué solución esperas?").fill("Que me cambien el ejemplar.")
    page.get_by_role("button", name="Enviar hoja de reclamación").click()
    page.get_by_text("El DNI debe tener 8 dígitos").wait_for()
    assert not Complaint.objects.exists()
    fits_the_phone(page)

    page.get_by_label("Número de documento", exact=True).fill("45871236")
    page.get_by_role("button", name="Enviar hoja de reclamación").click()
    number = page.locator("#complaint-number strong").inner_text()
    assert re.fullmatch(r"\d{4}-000001", number)
    fits_the_phone(page)
    complaint = Complaint.objects.get()
    assert complaint.number == number and complaint.store == store
    assert [message.to for message in mail.outbox] == [["luis@example.pe"]]
    assert number in mail.outbox[0].subject

    # The store manager answers it from the console's tab.
    UserFactory(email="jefe@librospepito.pe", store=store, role=Role.STORE_MANAGER)
    clerk = new_page(**{"viewport": {"width": 390, "height": 844}, "is_mobile": True})
    clerk.goto("/cuenta/login/")
    clerk.get_by_label("Correo electrónico").fill("jefe@librospepito.pe")
    clerk.get_by_label("Contraseña").fill(PASSWORD)
    clerk.get_by_role("button", name=re.compile("Iniciar sesión", re.I)).click()
    clerk.locator("#account-link").wait_for()
    clerk.goto("/tienda/stock/")
    clerk.locator(".staff-tabs").get_by_role("link", name="Reclamaciones").click()
    clerk.get_by_role("link", name=number).click()
    clerk.get_by_text("Llegó con páginas en blanco.").wait_for()
    clerk.get_by_label("Respuesta al consumidor").fill("Te cambiamos el ejemplar en la tienda.")
    clerk.get_by_role("button", name="Enviar respuesta").click()
    clerk.get_by_text(f"Enviamos la respuesta de la hoja {number} al consumidor.").wait_for()
    fits_the_phone(clerk)
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.ANSWERED
    assert mail.outbox[-1].to == ["luis@example.pe"]
    assert "Te cambiamos el ejemplar" in mail.outbox[-1].body
