"""No page prints a CSRF token (issue #19: pages may come from a cache); static/js/csrf.js
fetches it from /csrf/ before the first POST. The check itself is as strict as before."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import StoreFactory
from tests.factories.catalog import ProductFactory
from tests.factories.inventory import stock_up

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# The Django admin prints its own token on every form and loads none of our scripts: its
# intermediate pages of ours (templates/<app>/admin/) keep the tag.
ADMIN_DIRS = ("admin",)


def test_no_template_of_ours_prints_a_csrf_token():
    printing = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if not set(path.relative_to(TEMPLATES).parts[:-1]) & set(ADMIN_DIRS)
        and re.search(r"csrf_token|csrfmiddlewaretoken", path.read_text())
    ]
    assert printing == []


@pytest.fixture
def book(db):
    product = ProductFactory(title="Los ríos profundos")
    stock_up(StoreFactory(), product, 3)
    return product


def test_a_post_without_a_token_is_refused_in_spanish(book):
    client = Client(enforce_csrf_checks=True)
    url = reverse("orders:cart_add", args=[book.pk])

    page = client.post(url, {"cantidad": "1"})
    fragment = client.post(url, {"cantidad": "1"}, headers={"HX-Request": "true"})
    answer = client.post(url, {"cantidad": "1"}, headers={"Accept": "application/json"})

    assert page.status_code == fragment.status_code == answer.status_code == 403
    assert "verificación de seguridad" in page.content.decode()
    assert 'lang="es"' in page.content.decode()  # the site's page, not Django's bare one
    assert "verificación de seguridad" in fragment.content.decode()
    assert "<html" not in fragment.content.decode()
    assert "verificación de seguridad" in answer.json()["error"]


def test_the_csrf_endpoint_gives_the_token_that_lets_a_post_through(book):
    client = Client(enforce_csrf_checks=True)

    response = client.get(reverse("csrf_token"))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    cookie = client.cookies[settings.CSRF_COOKIE_NAME]
    assert not cookie["httponly"]  # static/js/csrf.js reads it
    assert response.json()["token"]
    # As the script sends it: the cookie's value, in the header (htmx) or the form field.
    url = reverse("orders:cart_add", args=[book.pk])
    by_header = client.post(url, {"cantidad": "1"}, headers={"X-CSRFToken": cookie.value})
    by_field = client.post(url, {"cantidad": "1", "csrfmiddlewaretoken": response.json()["token"]})
    assert by_header.status_code == by_field.status_code == 302
    assert Client().post(reverse("csrf_token")).status_code == 405


def test_the_language_links_switch_without_a_token():
    client = Client(enforce_csrf_checks=True)
    home = client.get("/").content.decode()
    assert f'href="{reverse("switch_language", args=["en"])}?next=/"' in home
    assert 'name="language"' not in home  # no POST form left in the footer

    response = client.get(reverse("switch_language", args=["en"]), {"next": "/tiendas/"})

    assert response.status_code == 302 and response["Location"] == "/tiendas/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "private" in response["Cache-Control"]
    html = client.get("/tiendas/").content.decode()
    assert 'lang="en"' in html and "Our stores" in html


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", ""]
)
def test_the_language_switch_goes_only_to_this_site(client, next_url):
    response = client.get(reverse("switch_language", args=["en"]), {"next": next_url})

    assert response.status_code == 302 and response["Location"] == "/"


def test_an_unknown_language_changes_nothing(client):
    response = client.get(reverse("switch_language", args=["xx"]), {"next": "/tiendas/"})

    assert response.status_code == 302 and response["Location"] == "/tiendas/"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
