import pytest
from django.urls import reverse

from tests.factories import StoreFactory

pytestmark = pytest.mark.django_db


def test_home_shows_the_shop_and_its_stores(client, store):
    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Libros Pepito" in html
    assert store.name in html
    # htmx is served from our own static files, never a CDN.
    assert "/static/django_htmx/htmx" in html
    # No token in the page (it may come from a cache): static/js/csrf.js fetches one to post.
    assert "js/csrf.js" in html and "X-CSRFToken" not in html


def test_unknown_url_shows_the_friendly_404(client):
    response = client.get("/no-existe-esta-pagina/")

    assert response.status_code == 404
    assert "No encontramos esta página" in response.content.decode()


def test_server_error_page_is_in_the_site_look(client, settings):
    from django.test import RequestFactory

    from config.views import server_error

    response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    assert "Algo salió mal" in response.content.decode()


def test_store_list_shows_address_hours_and_pickup(client, django_assert_max_num_queries):
    StoreFactory.create_batch(3)
    StoreFactory(slug="almacen", name="Almacén central", kind="warehouse")

    with django_assert_max_num_queries(3):
        response = client.get(reverse("inventory:store_list"))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="card store-card"') == 3  # warehouses are not shops
    assert "Almacén central" not in html
    assert "Lunes" in html and "10:00–21:00" in html


def test_store_list_query_count_does_not_grow_with_stores(client, django_assert_max_num_queries):
    StoreFactory.create_batch(30)

    with django_assert_max_num_queries(3):
        client.get(reverse("inventory:store_list"))


def test_language_switcher_shows_the_site_in_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/tiendas/"})
    assert response.status_code == 302

    html = client.get("/tiendas/").content.decode()

    assert "Our stores" in html
    assert 'lang="en"' in html


def test_search_with_huge_or_odd_input_never_fails(client):
    for q in ["", "x" * 2000, "'; DROP TABLE catalog_author; --", "<script>alert(1)</script>"]:
        response = client.get(reverse("catalog:search"), {"q": q})
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.content.decode()
