"""A visitor's ♡ survives the login it leads to (issue #11): kept in the session by the toggle,
added by crm.adapters once allauth has logged them in, once."""

import pytest
from django.urls import reverse

from crm.favorites import PENDING_SESSION_KEY
from crm.models import Favorite
from tests.factories.accounts import PASSWORD
from tests.factories.catalog import ProductFactory

pytestmark = pytest.mark.django_db


def log_in(client, user, next_url):
    return client.post(
        f"{reverse('account_login')}?next={next_url}",
        {"login": user.email, "password": PASSWORD},
    )


def test_a_visitors_heart_is_added_when_they_log_in(client, user):
    book = ProductFactory(title="Los ríos profundos")

    tap = client.get(reverse("catalog:favorite_toggle", args=[book.slug]))
    assert tap.status_code == 302
    assert tap["Location"] == f"{reverse('account_login')}?next={book.get_absolute_url()}"
    assert not Favorite.objects.exists()

    response = log_in(client, user, book.get_absolute_url())

    assert response.status_code == 302 and response["Location"] == book.get_absolute_url()
    assert Favorite.objects.filter(customer=user.customer, product=book).count() == 1
    page = client.get(book.get_absolute_url()).content.decode()
    assert "Guardamos «Los ríos profundos» en tus favoritos." in page
    assert 'aria-pressed="true"' in page
    assert PENDING_SESSION_KEY not in client.session


def test_a_heart_posted_from_an_old_page_is_kept_too(client, user):
    book = ProductFactory()
    response = client.post(
        reverse("catalog:favorite_toggle", args=[book.slug]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 204 and "/cuenta/login/" in response["HX-Redirect"]

    log_in(client, user, book.get_absolute_url())

    assert Favorite.objects.filter(customer=user.customer, product=book).exists()


def test_a_login_without_a_heart_adds_nothing(client, user):
    ProductFactory()
    log_in(client, user, "/")
    assert not Favorite.objects.exists()


def test_a_heart_for_a_book_no_longer_on_sale_is_dropped(client, user):
    book = ProductFactory()
    client.get(reverse("catalog:favorite_toggle", args=[book.slug]))
    book.is_active = False
    book.save()

    response = log_in(client, user, "/")

    assert response.status_code == 302
    assert not Favorite.objects.exists()


def test_a_customers_get_changes_nothing(client, user):
    book = ProductFactory()
    client.force_login(user)
    response = client.get(reverse("catalog:favorite_toggle", args=[book.slug]))
    assert response["Location"] == book.get_absolute_url()
    assert not Favorite.objects.exists()
