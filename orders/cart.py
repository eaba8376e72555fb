"""The cart: one per customer across channels, an anonymous one per browser session.

Writes go through these functions. Quantities are checked here (1 to CartLine.MAX_QUANTITY),
and so is the one add-to-cart rule of every path (the product page's form and htmx, the chat's
cards, a clerk's phone order): a book no store has a copy of is refused (`SoldOut`). Whether the
copies are still there is checked at checkout, where stock is reserved.

Every change to a cart's lines publishes `cart.changed` in its transaction (the chat follows
it: a clerk filling a customer's cart sees what the customer adds or removes themselves).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Product
from inventory.selectors import availability
from orders.exceptions import CartError
from orders.models import Cart, CartLine
from outbox.spine import publish

SESSION_KEY = "cart_id"


class SoldOut(CartError):
    """No store has a copy of the book: nothing to add (the product page shows no button)."""


def parse_quantity(raw) -> int:
    """A quantity from a form: an integer from 0 to the maximum, or CartError."""
    try:
        quantity = int(str(raw).strip())
    except (TypeError, ValueError):
        raise CartError(_("La cantidad debe ser un número entero.")) from None
    if quantity < 0:
        raise CartError(_("La cantidad no puede ser negativa."))
    if quantity > CartLine.MAX_QUANTITY:
        raise CartError(
            _(
                "Puedes llevar hasta %(max)s ejemplares de un libro por pedido. Si necesitas "
                "más, escríbenos: atendemos pedidos mayoristas."
            )
            % {"max": CartLine.MAX_QUANTITY}
        )
    return quantity


def cart_for_customer(customer, *, create: bool = True) -> Cart | None:
    """The customer's open cart (there is at most one)."""
    cart = Cart.objects.filter(customer=customer, checked_out_at__isnull=True).first()
    if cart is None and create:
        try:
            with transaction.atomic():
                cart = Cart.objects.create(customer=customer)
        except IntegrityError:  # created at the same moment by another request
            cart = Cart.objects.get(customer=customer, checked_out_at__isnull=True)
    return cart


def cart_for_request(request, *, create: bool = False) -> Cart | None:
    """The cart of whoever is browsing: the customer's, or the session's anonymous one."""
    if request.user.is_authenticated:
        from crm.customers import customer_for_request

        return cart_for_customer(customer_for_request(request), create=create)
    cart_id = request.session.get(SESSION_KEY)
    cart = None
    if cart_id:
        cart = Cart.objects.filter(
            pk=cart_id, customer__isnull=True, checked_out_at__isnull=True
        ).first()
    if cart is None and create:
        cart = Cart.objects.create()
        request.session[SESSION_KEY] = cart.pk
    return cart


@transaction.atomic
def add_to_cart(*, cart: Cart, product: Product, quantity: int = 1) -> CartLine:
    """Add `quantity` copies (adding to the line if the product is already there)."""
    if quantity < 1:
        raise CartError(_("Agrega al menos un ejemplar."))
    found = Product.objects.filter(pk=product.pk, is_active=True).first()
    if found is None:
        raise CartError(_("Ese producto ya no está a la venta; elige otro."))
    product = found
    if not in_stock_somewhere(product):
        raise SoldOut(
            _("«%(title)s» está agotado en todas nuestras tiendas.") % {"title": product.title}
        )
    line = CartLine.objects.select_for_update().filter(cart=cart, product=product).first()
    total = quantity + (line.quantity if line else 0)
    parse_quantity(total)  # raises past the maximum
    if line is None:
        line = CartLine.objects.create(
            cart=cart, product=product, quantity=total, unit_price_seen=product.price
        )
    else:
        line.quantity = total
        line.unit_price_seen = product.price
        line.save(update_fields=["quantity", "unit_price_seen"])
    Cart.objects.filter(pk=cart.pk).update(updated_at=timezone.now())
    _changed(cart)
    return line


def in_stock_somewhere(product) -> bool:
    """Whether any store has a copy available now (the rule of every "Agregar al carrito")."""
    return any(entry.available > 0 for entry in availability(product))


def _changed(cart: Cart) -> None:
    """Publish `cart.changed` (call inside the change's transaction, after the write)."""
    count = (
        CartLine.objects.filter(cart_id=cart.pk, product__is_active=True).aggregate(
            n=Sum("quantity")
        )["n"]
        or 0
    )
    publish("cart.changed", cart_id=cart.pk, customer_id=cart.customer_id, item_count=count)


@transaction.atomic
def set_quantity(*, cart: Cart, line_id: int, quantity: int) -> CartLine | None:
    """Change a line's quantity; 0 removes it. A line of another cart is a LookupError."""
    line = CartLine.objects.select_for_update().filter(cart=cart, pk=line_id).first()
    if line is None:
        raise LookupError(line_id)
    if quantity == 0:
        line.delete()
        _changed(cart)
        return None
    line.quantity = quantity
    line.save(update_fields=["quantity"])
    _changed(cart)
    return line


@transaction.atomic
def merge_carts(*, source: Cart, target: Cart) -> Cart:
    """Move an anonymous cart's lines into the customer's cart (at login), then drop it."""
    if source.pk == target.pk:
        return target
    existing = {line.product_id: line for line in target.lines.select_for_update()}
    for line in source.lines.select_related("product"):
        mine = existing.get(line.product_id)
        if mine is None:
            line.cart = target
            line.save(update_fields=["cart"])
        else:
            mine.quantity = min(CartLine.MAX_QUANTITY, mine.quantity + line.quantity)
            mine.save(update_fields=["quantity"])
            line.delete()
    source.delete()
    return target


def open_anonymous_cart(cart_id, *, create: bool = False) -> Cart | None:
    """The open anonymous cart `cart_id` (a chat visitor's, kept on the conversation), or a new
    one when `create` and there is none."""
    cart = None
    if cart_id:
        cart = Cart.objects.filter(
            pk=cart_id, customer__isnull=True, checked_out_at__isnull=True
        ).first()
    if cart is None and create:
        cart = Cart.objects.create()
    return cart


def open_cart(cart_id) -> Cart | None:
    """An open cart by id (a handler following `cart.changed`); None when gone or checked out."""
    return Cart.objects.filter(pk=cart_id, checked_out_at__isnull=True).first()


@transaction.atomic
def check_out_with(request, cart: Cart) -> Cart:
    """This browser goes to /checkout/ with `cart` (the anonymous cart a clerk filled in the
    chat): an account takes its lines into its own cart; a visitor's session adopts it (with
    whatever the visitor's own cart held). Returns the cart the checkout will use."""
    if cart.customer_id is not None:
        return cart
    if request.user.is_authenticated:
        target = cart_for_request(request, create=True)
        assert target is not None  # create=True always gives one
        return merge_carts(source=cart, target=target)
    current = cart_for_request(request)
    if current is not None and current.pk != cart.pk:
        merge_carts(source=current, target=cart)
    request.session[SESSION_KEY] = cart.pk
    return cart


def merge_session_cart_on_login(request, user) -> None:
    """Called at login: the cart filled before logging in joins the customer's cart."""
    cart_id = request.session.pop(SESSION_KEY, None)
    if not cart_id:
        return
    source = Cart.objects.filter(
        pk=cart_id, customer__isnull=True, checked_out_at__isnull=True
    ).first()
    if source is None or not source.lines.exists():
        return
    from crm.customers import ensure_customer_for_user

    target = cart_for_customer(ensure_customer_for_user(user=user))
    assert target is not None  # create=True (the default) always gives one
    merge_carts(source=source, target=target)


@dataclass
class SummaryLine:
    line: CartLine
    product: Product
    quantity: int
    unit_price: Decimal
    total: Decimal
    price_changed: bool
    available: bool


@dataclass
class CartSummary:
    lines: list[SummaryLine]
    subtotal: Decimal
    count: int

    @property
    def price_changes(self) -> list[SummaryLine]:
        return [line for line in self.lines if line.price_changed]

    @property
    def unavailable(self) -> list[SummaryLine]:
        return [line for line in self.lines if not line.available]


def summarize(cart: Cart | None) -> CartSummary:
    """The cart with today's prices (a constant number of queries)."""
    if cart is None:
        return CartSummary(lines=[], subtotal=Decimal("0.00"), count=0)
    lines = list(
        cart.lines.select_related("product__publisher").prefetch_related(
            "product__product_authors__author"
        )
    )
    rows = []
    for line in lines:
        product = line.product
        rows.append(
            SummaryLine(
                line=line,
                product=product,
                quantity=line.quantity,
                unit_price=product.price,
                total=product.price * line.quantity,
                price_changed=product.price != line.unit_price_seen,
                available=product.is_active,
            )
        )
    subtotal = sum((row.total for row in rows if row.available), Decimal("0.00"))
    return CartSummary(
        lines=rows, subtotal=subtotal, count=sum(row.quantity for row in rows if row.available)
    )


def cart_count(request) -> int:
    """Copies in the visitor's cart, for the header badge (one query)."""
    if request.user.is_authenticated:
        filters = {"cart__customer__user": request.user}
    else:
        cart_id = request.session.get(SESSION_KEY)
        if not cart_id:
            return 0
        filters = {"cart_id": cart_id, "cart__customer__isnull": True}
    total = CartLine.objects.filter(
        cart__checked_out_at__isnull=True, product__is_active=True, **filters
    ).aggregate(n=Sum("quantity"))["n"]
    return total or 0
