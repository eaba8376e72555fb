from decimal import Decimal

import pytest
from django.urls import reverse

from catalog.models import Product
from orders import cart as carts
from orders.exceptions import CartError
from orders.models import Cart, CartLine

pytestmark = pytest.mark.django_db


def test_adding_twice_adds_up_and_keeps_one_line(customer, books):
    cart = carts.cart_for_customer(customer)
    carts.add_to_cart(cart=cart, product=books[0], quantity=1)
    carts.add_to_cart(cart=cart, product=books[0], quantity=2)

    assert cart.lines.get().quantity == 3


@pytest.mark.parametrize("raw", ["0", "-1", "10000", "abc", "", "1.5"])
def test_bad_quantities_are_refused(raw):
    if raw == "0":
        assert carts.parse_quantity(raw) == 0  # 0 means "remove" on the cart page
        return
    with pytest.raises(CartError):
        carts.parse_quantity(raw)


def test_more_than_twenty_copies_is_refused_with_a_reason(customer, books):
    cart = carts.cart_for_customer(customer)
    carts.add_to_cart(cart=cart, product=books[0], quantity=20)

    with pytest.raises(CartError, match="hasta 20 ejemplares"):
        carts.add_to_cart(cart=cart, product=books[0], quantity=1)
    assert cart.lines.get().quantity == 20


def test_a_deactivated_product_cannot_be_added(customer, books):
    Product.objects.filter(pk=books[0].pk).update(is_active=False)
    cart = carts.cart_for_customer(customer)

    with pytest.raises(CartError, match="ya no está a la venta"):
        carts.add_to_cart(cart=cart, product=books[0])
    assert not cart.lines.exists()


def test_summary_uses_todays_price_and_flags_the_change(customer, books):
    cart = carts.cart_for_customer(customer)
    carts.add_to_cart(cart=cart, product=books[0], quantity=2)
    Product.objects.filter(pk=books[0].pk).update(price=Decimal("50.00"))

    summary = carts.summarize(cart)

    assert summary.subtotal == Decimal("100.00")
    assert summary.lines[0].price_changed


def test_anonymous_cart_merges_into_the_customers_cart_at_login(client, user, books):
    client.post(reverse("orders:cart_add", args=[books[0].pk]), {"cantidad": "2"})
    existing = carts.cart_for_customer(user.customer)
    carts.add_to_cart(cart=existing, product=books[0], quantity=1)
    carts.add_to_cart(cart=existing, product=books[1], quantity=1)

    client.force_login(user)

    lines = {line.product_id: line.quantity for line in existing.lines.all()}
    assert lines == {books[0].pk: 3, books[1].pk: 1}
    assert Cart.objects.filter(customer__isnull=True).count() == 0


def test_cart_page_add_update_remove(client, books):
    client.post(reverse("orders:cart_add", args=[books[0].pk]))
    line = CartLine.objects.get()

    response = client.get(reverse("orders:cart"))
    assert "Los ríos profundos" in response.content.decode()
    assert "S/ 45.90" in response.content.decode()

    client.post(reverse("orders:cart_update", args=[line.pk]), {"cantidad": "3"})
    line.refresh_from_db()
    assert line.quantity == 3

    response = client.post(reverse("orders:cart_update", args=[line.pk]), {"cantidad": "10000"})
    line.refresh_from_db()
    assert line.quantity == 3

    client.post(reverse("orders:cart_update", args=[line.pk]), {"quitar": "1"})
    assert not CartLine.objects.exists()


def test_htmx_add_updates_the_header_count(client, books):
    response = client.post(
        reverse("orders:cart_add", args=[books[0].pk]),
        {"cantidad": "2"},
        headers={"HX-Request": "true"},
    )

    html = response.content.decode()
    assert 'id="cart-count"' in html and 'hx-swap-oob="true"' in html and ">2<" in html


def test_someone_elses_cart_line_is_404(client, customer, books):
    cart = carts.cart_for_customer(customer)
    line = carts.add_to_cart(cart=cart, product=books[0])

    response = client.post(reverse("orders:cart_update", args=[line.pk]), {"cantidad": "5"})

    assert response.status_code == 404
    line.refresh_from_db()
    assert line.quantity == 1


def test_unknown_product_is_404(client, db):
    assert client.post(reverse("orders:cart_add", args=[999999])).status_code == 404


JSON = {"Accept": "application/json"}


def test_json_add_answers_the_new_count_for_the_header_badge(client, books):
    client.post(reverse("orders:cart_add", args=[books[1].pk]))

    response = client.post(
        reverse("orders:cart_add", args=[books[0].pk]), {"cantidad": "2"}, headers=JSON
    )

    assert response.status_code == 200
    assert response.json() == {
        "count": 3,
        "message": "Agregamos «Los ríos profundos» a tu carrito.",
        "cart_url": reverse("orders:cart"),
    }


def test_json_add_of_a_book_sold_out_everywhere_is_refused_in_spanish(client, books):
    from tests.factories.catalog import ProductFactory

    sold_out = ProductFactory(title="Rayuela")  # no copy in any store

    response = client.post(reverse("orders:cart_add", args=[sold_out.pk]), headers=JSON)

    assert response.status_code == 409
    assert response.json() == {"error": "«Rayuela» está agotado en todas nuestras tiendas."}
    assert not CartLine.objects.exists()


def test_json_add_explains_every_other_refusal_with_a_4xx(client, books):
    bad_quantity = client.post(
        reverse("orders:cart_add", args=[books[0].pk]), {"cantidad": "abc"}, headers=JSON
    )
    assert bad_quantity.status_code == 400
    assert bad_quantity.json() == {"error": "La cantidad debe ser un número entero."}

    Product.objects.filter(pk=books[1].pk).update(is_active=False)
    gone = client.post(reverse("orders:cart_add", args=[books[1].pk]), headers=JSON)
    assert gone.status_code == 404 and "ya no está a la venta" in gone.json()["error"]
    assert client.post(reverse("orders:cart_add", args=[999999]), headers=JSON).status_code == 404
    assert not CartLine.objects.exists()


# One add-to-cart rule on every path: a book no store has a copy of is refused
# ------------------------------------------------------------------------------

SOLD_OUT = "«Rayuela» está agotado en todas nuestras tiendas."


@pytest.fixture
def sold_out(books):
    from tests.factories.catalog import ProductFactory

    return ProductFactory(title="Rayuela")  # no copy in any store


def test_the_service_refuses_a_book_sold_out_everywhere(customer, sold_out):
    cart = carts.cart_for_customer(customer)

    with pytest.raises(carts.SoldOut, match="agotado en todas nuestras tiendas"):
        carts.add_to_cart(cart=cart, product=sold_out)
    assert not cart.lines.exists()


def test_the_product_page_form_refuses_a_book_sold_out_everywhere(client, sold_out):
    response = client.post(reverse("orders:cart_add", args=[sold_out.pk]), follow=True)

    assert SOLD_OUT in response.content.decode()
    assert not CartLine.objects.exists()


def test_htmx_add_refuses_a_book_sold_out_everywhere(client, sold_out):
    response = client.post(
        reverse("orders:cart_add", args=[sold_out.pk]), headers={"HX-Request": "true"}
    )

    assert response.status_code == 200 and SOLD_OUT in response.content.decode()
    assert not CartLine.objects.exists()


def test_a_phone_orders_cart_refuses_a_book_sold_out_everywhere(client, miraflores, sold_out):
    from accounts.roles import Role
    from tests.factories import CustomerFactory, UserFactory

    client.force_login(UserFactory(store=miraflores, role=Role.CLERK))
    caller = CustomerFactory(phone="+51955111222")

    response = client.post(
        f"/tienda/pedidos/nuevo/{caller.pk}/agregar/",
        {"producto": sold_out.pk, "cantidad": "1"},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200 and SOLD_OUT in response.content.decode()
    assert not CartLine.objects.exists()


def test_every_change_of_a_carts_lines_publishes_cart_changed(customer, books):
    from outbox.models import Event

    cart = carts.cart_for_customer(customer)
    line = carts.add_to_cart(cart=cart, product=books[0], quantity=2)
    carts.add_to_cart(cart=cart, product=books[1], quantity=1)
    carts.set_quantity(cart=cart, line_id=line.pk, quantity=0)

    payloads = [e.payload for e in Event.objects.filter(name="cart.changed").order_by("pk")]
    assert payloads == [
        {"cart_id": cart.pk, "customer_id": customer.pk, "item_count": count} for count in (2, 3, 1)
    ]
