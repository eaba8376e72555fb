import pytest
from django.urls import reverse

from inventory.models import BackInStockRequest
from tests.factories import StoreFactory

pytestmark = pytest.mark.django_db


def test_store_page_shows_the_store_and_links_to_its_books(client, store):
    response = client.get("/tiendas/miraflores/")

    assert response.status_code == 200
    html = response.content.decode()
    assert store.address in html and "Horario" in html
    assert "/libros/?tienda=miraflores&amp;en_stock=1" in html
    assert "Recojo en tienda" in html


def test_store_list_cards_link_to_the_store_page(client, store):
    response = client.get("/tiendas/")

    assert 'href="/tiendas/miraflores/"' in response.content.decode()


def test_a_warehouse_or_unknown_store_has_no_public_page(client):
    StoreFactory(slug="almacen", kind="warehouse")

    assert client.get("/tiendas/almacen/").status_code == 404
    assert client.get("/tiendas/no-existe/").status_code == 404


def test_back_in_stock_form_by_htmx_swaps_in_the_confirmation(client, product, store):
    url = reverse("inventory:back_in_stock", args=[product.pk])

    response = client.post(
        url,
        {"email": "ana@example.pe", "phone": "987 654 321", "store": store.pk},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "te escribiremos a <strong>ana@example.pe</strong>" in html
    assert "<html" not in html
    request = BackInStockRequest.objects.get()
    assert (request.phone, request.store, request.product) == ("+51987654321", store, product)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "no-es-correo"}, "Revisa tu correo"),
        ({"email": "ana@example.pe", "phone": "12"}, "teléfono peruano válido"),
        ({"email": "ana@example.pe", "store": "999999"}, "Elige una tienda de la lista"),
    ],
)
def test_back_in_stock_bad_input_re_renders_the_form_with_a_spanish_message(
    client, product, data, message
):
    response = client.post(
        reverse("inventory:back_in_stock", args=[product.pk]), data, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not BackInStockRequest.objects.exists()


def test_back_in_stock_without_htmx_redirects_to_the_product(client, product):
    response = client.post(
        reverse("inventory:back_in_stock", args=[product.pk]), {"email": "ana@example.pe"}
    )

    assert response.status_code == 302
    assert response["Location"] == product.get_absolute_url()


def test_the_form_is_prefilled_for_a_logged_in_customer(client, user, product):
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    html = render_to_string(
        "inventory/partials/back_in_stock_form.html", {"product": product}, request=request
    )

    assert f'value="{user.email}"' in html
    assert f'hx-post="/tiendas/avisame/{product.pk}/"' in html
    client.force_login(user)
    client.post(reverse("inventory:back_in_stock", args=[product.pk]), {"email": user.email})
    assert BackInStockRequest.objects.get().customer == user.customer


def test_back_in_stock_for_an_unknown_product_is_404(client):
    response = client.post("/tiendas/avisame/999999/", {"email": "ana@example.pe"})

    assert response.status_code == 404
