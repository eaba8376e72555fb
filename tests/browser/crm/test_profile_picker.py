"""The profile's "Autores favoritos" on a phone (issue #11): not a 200-item multi-select that
needs Ctrl, but checkboxes a finger taps, found with a filter box."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories.accounts import PASSWORD
from tests.factories.catalog import AuthorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_favorite_authors_are_found_and_tapped_on_a_phone(phone, user):
    AuthorFactory.create_batch(40)
    ribeyro = AuthorFactory(name="Julio Ramón Ribeyro")
    vargas = AuthorFactory(name="Mario Vargas Llosa")
    AuthorFactory(name="Blanca Varela")
    page = phone
    page.goto("/cuenta/login/?next=/cuenta/perfil/")
    page.get_by_label("Correo electrónico").fill(user.email)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Iniciar sesión", re.I)).click()
    page.get_by_role("heading", name="Mi perfil").wait_for()

    picker = page.get_by_role("group", name="Autores favoritos")
    expect(page.get_by_text(re.compile("Mantén presionado"))).to_have_count(0)
    expect(picker.get_by_text("Aún no eliges autores.")).to_be_visible()
    options = picker.get_by_role("checkbox")
    assert options.count() == 43

    picker.get_by_label("Busca un autor").fill("ramon ribeyro")  # accents and case aside
    expect(picker.get_by_role("checkbox", name="Julio Ramón Ribeyro")).to_be_visible()
    expect(picker.locator("input[type=checkbox]:visible")).to_have_count(1)
    picker.get_by_text("Julio Ramón Ribeyro").tap()
    expect(picker.get_by_text("1 autor elegido")).to_be_visible()

    picker.get_by_label("Busca un autor").fill("VAR")
    expect(picker.locator("input[type=checkbox]:visible")).to_have_count(2)
    picker.get_by_text("Mario Vargas Llosa").tap()
    expect(picker.get_by_text("2 autores elegidos")).to_be_visible()
    picker.get_by_label("Busca un autor").fill("nadie se llama asi")
    expect(picker.get_by_text("Ningún autor con ese nombre.")).to_be_visible()
    picker.get_by_label("Busca un autor").press("Enter")  # filters; does not send the form
    expect(page.get_by_text("Guardamos tus datos.")).to_have_count(0)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390

    page.get_by_role("button", name="Guardar cambios").click()
    page.get_by_text("Guardamos tus datos.").wait_for()
    assert set(user.customer.favorite_authors.all()) == {ribeyro, vargas}
    # The chosen ones come first, checked, and are counted.
    first_two = picker.get_by_role("checkbox").evaluate_all(
        "(boxes) => boxes.slice(0, 2)"
        ".map((b) => [b.closest('label').textContent.trim(), b.checked])"
    )
    assert sorted(first_two) == [["Julio Ramón Ribeyro", True], ["Mario Vargas Llosa", True]]
    expect(picker.get_by_text("2 autores elegidos")).to_be_visible()
