import pytest

from accounts.roles import Role
from inventory.models import StockItem, StockMovement, Transfer
from tests.factories import UserFactory
from tests.factories.catalog import ProductFactory
from tests.factories.inventory import stock_up

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(store):
    return UserFactory(email="rosa@librospepito.pe", store=store, role=Role.CLERK)


@pytest.fixture
def clerk_client(client, clerk):
    client.force_login(clerk)
    return client


@pytest.fixture
def superuser_client(client, superuser):
    """Logged in as our superuser (pytest-django's own `superuser_client` is left as it is)."""
    client.force_login(superuser)
    return client


def test_console_and_stock_need_store_staff(client, user):
    assert client.get("/tienda/stock/").status_code == 302  # to the login
    client.force_login(user)  # a customer

    assert client.get("/tienda/").status_code == 403
    assert client.get("/tienda/stock/").status_code == 403


def test_the_nav_shows_tienda_only_to_staff(client, user, clerk):
    client.force_login(user)
    assert 'href="/tienda/"' not in client.get("/tiendas/").content.decode()
    client.force_login(clerk)
    assert 'href="/tienda/"' in client.get("/tiendas/").content.decode()
    assert "Stock" in client.get("/tienda/").content.decode()


def test_clerk_sees_the_stock_of_their_store_with_search_and_low_filter(
    clerk_client, store, other_store, product
):
    slow = ProductFactory(title="Conversación en La Catedral")
    stock_up(store, product, 10)
    stock_up(store, slow, 1, reorder_point=2)
    stock_up(other_store, ProductFactory(title="Solo en Arequipa"), 3)

    html = clerk_client.get("/tienda/stock/").content.decode()
    assert product.title in html and slow.title in html and "Solo en Arequipa" not in html

    html = clerk_client.get("/tienda/stock/", {"bajo": "1"}).content.decode()
    assert slow.title in html and product.title not in html

    response = clerk_client.get(
        "/tienda/stock/", {"q": "catedral"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="stock-table"
    )
    html = response.content.decode()
    assert "<html" not in html and slow.title in html and product.title not in html
    by_isbn = clerk_client.get("/tienda/stock/", {"q": product.isbn}).content.decode()
    assert product.title in by_isbn and slow.title not in by_isbn


def test_clerk_of_store_a_gets_403_on_store_b(clerk_client, other_store, product):
    stock_up(other_store, product, 3)
    item_b = StockItem.objects.get(store=other_store)
    transfer = Transfer.objects.create(
        from_store=other_store,
        to_store=other_store.__class__.objects.get(slug="miraflores"),
        product=product,
        quantity=1,
    )

    assert clerk_client.get("/tienda/stock/", {"tienda": "arequipa"}).status_code == 403
    receive = clerk_client.post(
        "/tienda/stock/recibir/", {"tienda": "arequipa", "isbn": product.isbn, "quantity": 5}
    )
    assert receive.status_code == 403
    # A forged item id of store B, posted as if it were ours.
    adjust = clerk_client.post(
        f"/tienda/stock/{item_b.pk}/ajustar/", {"delta": -1, "reason": "robo"}
    )
    assert adjust.status_code == 403
    count = clerk_client.post(
        "/tienda/stock/conteo/", {f"counted-{product.pk}": "0", "action": "confirm"}
    )
    assert count.status_code == 403
    # Only the sending store marks a transfer sent.
    send = clerk_client.post(f"/tienda/stock/transferencias/{transfer.pk}/enviar/")
    assert send.status_code == 403
    assert StockItem.objects.get(store=other_store).on_hand == 3
    assert StockMovement.objects.count() == 1


def test_admin_can_pick_any_store(superuser_client, other_store, product):
    stock_up(other_store, product, 3)

    response = superuser_client.get("/tienda/stock/", {"tienda": "arequipa"})

    assert response.status_code == 200
    assert product.title in response.content.decode()
    assert 'name="tienda"' in response.content.decode()


def test_receive_by_isbn_through_htmx(clerk_client, clerk, store, product):
    isbn_with_hyphens = f"{product.isbn[:3]}-{product.isbn[3:]}"

    response = clerk_client.post(
        "/tienda/stock/recibir/",
        {"isbn": isbn_with_hyphens, "quantity": "4"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="receive-panel",
    )

    assert response.status_code == 200
    assert response["HX-Trigger"] == "stock-changed"
    assert "Recibiste 4" in response.content.decode()
    item = StockItem.objects.get(store=store, product=product)
    assert item.on_hand == 4
    assert StockMovement.objects.get().actor == clerk


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"isbn": "9780000000000", "quantity": "1"}, "ISBN no es válido"),
        ({"isbn": "978-0-306-40615-7", "quantity": "1"}, "No encontramos ningún producto"),
        ({"isbn": "PRODUCT", "quantity": "0"}, "mayor que cero"),
        ({"isbn": "PRODUCT", "quantity": "-2"}, "mayor que cero"),
        ({"isbn": "PRODUCT", "quantity": "dos"}, "número entero"),
        ({"isbn": "", "quantity": "1"}, "Escanea o escribe el ISBN"),
    ],
)
def test_bad_input_at_the_counter_writes_nothing(clerk_client, product, data, message):
    data = {key: product.isbn if value == "PRODUCT" else value for key, value in data.items()}

    response = clerk_client.post("/tienda/stock/recibir/", data, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not StockMovement.objects.exists()
    without_htmx = clerk_client.post("/tienda/stock/recibir/", data)
    assert without_htmx.status_code == 400
    assert message in without_htmx.content.decode()


def test_adjust_requires_a_reason(clerk_client, store, product):
    item = stock_up(store, product, 3)
    url = f"/tienda/stock/{item.pk}/ajustar/"

    assert clerk_client.get(url).status_code == 200
    response = clerk_client.post(url, {"delta": "-1", "reason": " "})
    assert "El motivo es obligatorio" in response.content.decode()
    too_much = clerk_client.post(url, {"delta": "-5", "reason": "pérdida"})
    assert "Solo quedan 3" in too_much.content.decode()

    response = clerk_client.post(url, {"delta": "-1", "reason": "Dañado por lluvia"})

    assert response.status_code == 302
    assert StockItem.objects.get().on_hand == 2


def test_count_shows_differences_then_confirms(clerk_client, store, product):
    other = ProductFactory()
    stock_up(store, product, 5)
    stock_up(store, other, 2)

    page = clerk_client.get("/tienda/stock/conteo/").content.decode()
    assert f'name="counted-{product.pk}"' in page
    preview = clerk_client.post(
        "/tienda/stock/conteo/",
        {f"counted-{product.pk}": "4", f"counted-{other.pk}": "", "action": "preview"},
    )
    html = preview.content.decode()
    assert "Revisa las diferencias" in html and "-1" in html
    assert StockItem.objects.get(product=product).on_hand == 5  # nothing applied yet

    done = clerk_client.post(
        "/tienda/stock/conteo/", {f"counted-{product.pk}": "4", "action": "confirm"}
    )

    assert done.status_code == 302
    assert StockItem.objects.get(product=product).on_hand == 4
    assert StockItem.objects.get(product=other).on_hand == 2
    bad = clerk_client.post("/tienda/stock/conteo/", {f"counted-{product.pk}": "-3"})
    assert "no es una cantidad válida" in bad.content.decode()


def test_transfer_request_send_and_receive_through_the_pages(
    client, clerk, store, other_store, product
):
    jorge = UserFactory(email="jorge@librospepito.pe", store=other_store, role=Role.CLERK)
    stock_up(other_store, product, 4)
    client.force_login(clerk)

    same = client.post(
        "/tienda/stock/transferencias/pedir/",
        {"isbn": product.isbn, "quantity": 2, "from_store": store.pk},
    )
    assert "Elige una tienda de la lista" in same.content.decode()
    response = client.post(
        "/tienda/stock/transferencias/pedir/",
        {"isbn": product.isbn, "quantity": 2, "from_store": other_store.pk},
    )
    assert response.status_code == 302
    transfer = Transfer.objects.get()

    client.force_login(jorge)
    client.post(f"/tienda/stock/transferencias/{transfer.pk}/enviar/")
    client.force_login(clerk)
    client.post(f"/tienda/stock/transferencias/{transfer.pk}/recibir/")

    transfer.refresh_from_db()
    assert transfer.state == "received"
    assert StockItem.objects.get(store=store).on_hand == 2
    assert StockItem.objects.get(store=other_store).on_hand == 2
    page = client.get("/tienda/stock/transferencias/").content.decode()
    assert "Recibida" in page


def test_product_history_lists_the_movements(clerk_client, store, product):
    stock_up(store, product, 4)

    html = clerk_client.get(f"/tienda/stock/producto/{product.pk}/").content.decode()

    assert "Ingreso" in html and "+4" in html


def test_stock_list_makes_a_constant_number_of_queries(
    clerk_client, store, django_assert_max_num_queries
):
    for _ in range(3):
        stock_up(store, ProductFactory(), 2, reorder_point=3)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        clerk_client.get("/tienda/stock/")
    for _ in range(30):
        stock_up(store, ProductFactory(), 2, reorder_point=3)

    with django_assert_max_num_queries(len(few)):
        response = clerk_client.get("/tienda/stock/")

    assert response.content.decode().count('class="is-low"') == 33
    assert len(few) <= 12


@pytest.mark.parametrize("page", ["/tienda/stock/conteo/", "/tienda/stock/transferencias/"])
def test_count_and_transfer_pages_make_a_constant_number_of_queries(
    clerk_client, store, other_store, page, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from inventory.stock import request_transfer

    def add(n):
        for _ in range(n):
            product = ProductFactory()
            stock_up(store, product, 2)
            stock_up(other_store, product, 1)
            request_transfer(other_store, store, product, 1)

    add(2)
    with CaptureQueriesContext(connection) as few:
        assert clerk_client.get(page).status_code == 200
    add(20)

    with django_assert_max_num_queries(len(few)):
        assert clerk_client.get(page).status_code == 200


def test_history_makes_a_constant_number_of_queries(
    clerk_client, store, product, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    stock_up(store, product, 1)
    url = f"/tienda/stock/producto/{product.pk}/"
    with CaptureQueriesContext(connection) as few:
        clerk_client.get(url)
    for _ in range(20):
        stock_up(store, product, 1)

    with django_assert_max_num_queries(len(few)):
        response = clerk_client.get(url)

    assert response.content.decode().count("Ingreso") >= 21
