"""The 500s on bad input reported in issue #18, each as its own regression test, and the
classes they belong to: NUL in every input, bounded numbers, domain errors as 4xx, safe `next=`.
"""

import json
from decimal import Decimal

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from chat.models import Conversation
from core.http import safe_next_url
from core.parsing import clean_frame, parse_decimal, parse_id, parse_int
from orders.models import Order
from tests.factories import OrderFactory, ProductFactory, UserFactory
from tests.factories.inventory import stock_up

# The reported cases
# ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_favorites_next_that_is_a_bare_word_redirects_to_the_product(client, user):
    """`next=abc` went to `redirect("abc")`, which reverses it as a URL name: NoReverseMatch."""
    book = ProductFactory(title="Los ríos profundos")
    client.force_login(user)

    response = client.post(
        reverse("catalog:favorite_toggle", args=[book.slug]), {"action": "add", "next": "abc"}
    )

    assert response.status_code == 302 and response["Location"] == book.get_absolute_url()


@pytest.mark.django_db
@pytest.mark.parametrize("next_url", ["https://evil.pe/", "//evil.pe/x", "javascript:alert(1)"])
def test_a_favorites_next_never_leaves_the_site(client, user, next_url):
    book = ProductFactory()
    client.force_login(user)

    response = client.post(reverse("catalog:favorite_toggle", args=[book.slug]), {"next": next_url})

    assert response["Location"] == book.get_absolute_url()


@pytest.mark.django_db
def test_a_favorites_local_next_is_followed(client, user):
    book = ProductFactory()
    client.force_login(user)

    response = client.post(
        reverse("catalog:favorite_toggle", args=[book.slug]), {"next": "/favoritos/?x=1"}
    )

    assert response["Location"] == "/favoritos/?x=1"


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["1e309", "NaN", "Infinity", "9" * 40, "1e-400", "²"])
@pytest.mark.parametrize("page", ["catalog:product_list", "catalog:search"])
def test_a_price_filter_that_overflows_is_a_notice_not_a_500(client, value, page):
    """`precio_min=1e309` reached Decimal.quantize: InvalidOperation."""
    ProductFactory(price=Decimal("45.90"))

    response = client.get(reverse(page), {"precio_min": value, "precio_max": value, "q": "x"})

    assert response.status_code == 200
    assert "debe ser un número" in response.content.decode()


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_nul_in_a_post_field_is_dropped_not_a_500(client):
    """`POST /chat/iniciar/ name=Lu\\0is`: PostgreSQL refused the NUL (DataError)."""
    response = client.post(
        reverse("chat:start"), "name=Lu%00is", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 201
    assert Conversation.objects.get(pk=response.json()["conversation"]).display_name == "Luis"


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_nul_in_a_multipart_post_field_is_dropped_not_a_500(client):
    response = client.post(reverse("chat:start"), {"name": "Lu\x00is"})  # multipart

    assert response.status_code == 201
    assert Conversation.objects.get().display_name == "Luis"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/pedidos/LP%00/", "/tienda/pedidos/LP%00/", "/libros/a%00b/"])
def test_a_nul_in_the_path_is_a_400_with_a_message(client, clerk, path):
    """The order number in the path went into a query: DataError on PostgreSQL."""
    client.force_login(clerk)
    OrderFactory(number="LP-2026-000001")

    response = client.get(path)

    assert response.status_code == 400
    assert "carácter no válido" in response.content.decode()


@pytest.mark.django_db
def test_marking_follow_up_zero_done_is_a_400_with_the_chat_message(clerk_client):
    """`/tienda/chat/pendientes/0/atendido/`: the ChatError of parse_id was never caught."""
    response = clerk_client.post("/tienda/chat/pendientes/0/atendido/")

    assert response.status_code == 400
    assert "Identificador no válido" in response.content.decode()


# The classes
# ------------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_nul_in_a_header_or_cookie_is_dropped(client):
    """The session cookie is looked up in a text column: a NUL in it was a DataError."""
    response = client.get(
        "/", HTTP_COOKIE="sessionid=abc\x00def; csrftoken=x\x00y", HTTP_USER_AGENT="a\x00b"
    )

    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("body", ['{"name": "Lu\\u0000is"}', '{"name": "Lu\x00is"}'])
def test_a_json_body_with_a_nul_is_refused_with_a_400(client, body):
    response = client.post(reverse("chat:start"), body, content_type="application/json")

    assert response.status_code == 400
    assert "carácter no válido" in response.json()["error"]


@pytest.mark.django_db
def test_a_nul_in_the_query_string_is_still_dropped(client):
    response = client.get(reverse("catalog:search"), {"q": "Var\x00gas"})

    assert response.status_code == 200


@pytest.mark.django_db
def test_an_uncaught_out_of_stock_answers_409_with_its_message(rf_request_through_stack):
    """Any domain error a view misses becomes its 4xx in DomainErrorMiddleware."""
    response = rf_request_through_stack

    assert response.status_code == 409
    assert "Solo queda 1 de «Rayuela»" in response.content.decode()


@pytest.fixture
def rf_request_through_stack(miraflores, db):
    """A real OutOfStock from the inventory's service, raised through a view by the handler."""
    from django.contrib.auth.models import AnonymousUser

    from config.middleware import DomainErrorMiddleware
    from inventory.exceptions import OutOfStock
    from inventory.stock import reserve

    book = ProductFactory(title="Rayuela")
    stock_up(miraflores, book, 1)
    from django.contrib.sessions.backends.db import SessionStore

    request = RequestFactory().get("/")
    request.user, request.session = AnonymousUser(), SessionStore()

    def view(request):
        reserve([(book, 5)], miraflores, "cart:1")
        raise AssertionError("reserve() must refuse 5 of 1")

    middleware = DomainErrorMiddleware(view)
    try:
        return middleware(request)
    except OutOfStock as exc:
        return middleware.process_exception(request, exc)


@pytest.mark.django_db
def test_chat_errors_through_the_handler_keep_the_json_shape(clerk_client):
    response = clerk_client.post(
        "/tienda/chat/pendientes/0/atendido/", HTTP_ACCEPT="application/json"
    )

    assert response.status_code == 400 and "Identificador" in response.json()["error"]


@pytest.mark.django_db
@pytest.mark.parametrize("raw", ["²", "99999999999999999999", "-1", "1e3"])
def test_stock_count_refuses_unicode_digits_and_overflow(clerk_client, miraflores, raw):
    book = ProductFactory()
    item = stock_up(miraflores, book, 3)

    response = clerk_client.post(
        reverse("staff:stock_count"), {f"counted-{item.pk}": raw, f"counted-{raw}": "1"}
    )

    assert response.status_code < 500


# The helpers
# ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("5", 5), (" 7 ", 7), ("0", 0), ("-1", None), ("²", None), ("1e3", None), ("", None)],
)
def test_parse_int(raw, expected):
    assert parse_int(raw, low=0, high=100) == expected


def test_parse_int_bounds_and_ids():
    assert parse_int("2147483648") is None  # one past the integer column
    assert parse_int(str(2**63)) is None
    assert parse_id("0") is None and parse_id("12") == 12 and parse_id(None) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("45,90", Decimal("45.90")),
        ("45.9", Decimal("45.90")),
        ("1e309", None),
        ("NaN", None),
        ("Infinity", None),
        ("-1", None),
        ("9" * 40, None),
        ("10000000", None),
    ],
)
def test_parse_decimal(raw, expected):
    assert parse_decimal(raw) == expected


def test_clean_frame_strips_nul_in_every_string():
    frame = {"type": "message\x00", "text": "ho\x00la", "address": {"street": ["a\x00b", 3]}}

    assert clean_frame(frame) == {
        "type": "message",
        "text": "hola",
        "address": {"street": ["ab", 3]},
    }


@pytest.mark.parametrize(
    ("candidate", "expected"),
    [
        ("/libros/", "/libros/"),
        ("abc", "/x/"),
        ("", "/x/"),
        (None, "/x/"),
        ("//evil.pe", "/x/"),
        ("/\\evil.pe", "/x/"),
        ("https://evil.pe/", "/x/"),
        ("javascript:alert(1)", "/x/"),
    ],
)
def test_safe_next_url(rf, candidate, expected):
    assert safe_next_url(rf.get("/"), candidate, "/x/") == expected


@pytest.mark.django_db
def test_json_body_without_nul_still_reaches_the_view():
    client = Client()
    response = client.post(
        reverse("chat:start"), json.dumps({"name": "Luis"}), content_type="application/json"
    )

    assert response.status_code in {200, 400}
    assert "carácter no válido" not in response.content.decode()


@pytest.mark.django_db
def test_someone_elses_order_number_is_a_404(client):
    stranger = UserFactory(email="otra@example.pe")
    order = OrderFactory(customer=stranger.customer)
    client.force_login(UserFactory(email="luis@example.pe"))

    response = client.get(reverse("orders:order_detail", args=[order.number]))

    assert response.status_code == 404
    assert Order.objects.filter(pk=order.pk).exists()
