"""Customer pages of the order flow: cart and checkout (tracking: orders/tracking_views.py).

Views parse input and call the services (orders.cart, orders.checkout, orders.status); a domain
error becomes a Spanish message on the page, never a 500.
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog.models import Product
from crm.customers import customer_for_request, find_or_create_customer
from crm.peru import LIMA_DISTRICTS, REGIONS
from inventory.exceptions import InventoryError
from inventory.selectors import availability_many
from orders import access, prefill, pricing, tenders
from orders import cart as carts
from orders import checkout as checkouts
from orders import fulfilment as fulfilments
from orders.exceptions import CartError, NotYourAccount, OrderError, PricesChanged, TenderRefused
from orders.forms import CheckoutForm
from orders.models import Channel, Order

# Cart
# ------------------------------------------------------------------------------


def _cart_context(request, cart):
    summary = carts.summarize(cart)
    stock = availability_many([line.product for line in summary.lines])
    customer = customer_for_request(request) if request.user.is_authenticated else None
    return {
        "summary": summary,
        "stock_by_product": stock,
        # "Este pedido te da N puntos" (Club Pepito), for a customer who is signed in.
        "earn_points": tenders.earn_preview(customer, amount_paid=summary.subtotal),
    }


def cart_detail(request):
    cart = carts.cart_for_request(request)
    return render(request, "orders/cart.html", _cart_context(request, cart))


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@require_POST
def cart_add(request, product_id):
    if _wants_json(request):
        return _cart_add_json(request, product_id)
    product = get_object_or_404(Product, pk=product_id)
    try:
        quantity = carts.parse_quantity(request.POST.get("cantidad", "1"))
        cart = carts.cart_for_request(request, create=True)
        carts.add_to_cart(cart=cart, product=product, quantity=quantity)
    except CartError as error:
        if request.htmx:
            return render(
                request,
                "orders/partials/added.html",
                {"error": error.message, "product": product},
                status=200,
            )
        messages.error(request, error.message)
        return redirect(product.get_absolute_url() if product.is_active else "orders:cart")
    if request.htmx:
        return render(
            request,
            "orders/partials/added.html",
            {"product": product, "cart_count": carts.cart_count(request)},
        )
    messages.success(request, _("Agregamos «%(title)s» a tu carrito.") % {"title": product.title})
    return redirect("orders:cart")


def _cart_add_json(request, product_id):
    """ "Agregar al carrito" in a chat product card (static/js/chat.js): the new count for the
    header badge and a line for the panel, or a Spanish error with a 4xx.

    The card's stock was read when the clerk sent it, maybe hours ago: today's stock decides
    (orders.cart.add_to_cart, as on every path), as on the product page, which offers no button
    when no store has a copy."""
    product = Product.objects.filter(pk=product_id).first()
    if product is None or not product.is_active:
        return JsonResponse(
            {"error": _("Ese libro no existe o ya no está a la venta.")}, status=404
        )
    try:
        quantity = carts.parse_quantity(request.POST.get("cantidad", "1"))
        carts.add_to_cart(
            cart=carts.cart_for_request(request, create=True), product=product, quantity=quantity
        )
    except carts.SoldOut as error:
        return JsonResponse({"error": error.message}, status=409)
    except CartError as error:
        return JsonResponse({"error": error.message}, status=400)
    return JsonResponse(
        {
            "count": carts.cart_count(request),
            "message": _("Agregamos «%(title)s» a tu carrito.") % {"title": product.title},
            "cart_url": reverse("orders:cart"),
        }
    )


@require_POST
def cart_update(request, line_id):
    cart = carts.cart_for_request(request)
    if cart is None:
        raise Http404
    try:
        quantity = (
            0
            if "quitar" in request.POST
            else carts.parse_quantity(request.POST.get("cantidad", ""))
        )
        carts.set_quantity(cart=cart, line_id=line_id, quantity=quantity)
    except LookupError:
        raise Http404 from None
    except CartError as error:
        messages.error(request, error.message)
    if request.htmx:
        return render(request, "orders/cart.html#cart-body", _cart_context(request, cart))
    return redirect("orders:cart")


# Checkout
# ------------------------------------------------------------------------------


def _initial_contact(request, chat=None) -> dict:
    """The account's contact data, or what a visitor told the chat they pay from (the checkout
    prefill, orders.prefill); the phone given with the chat's address comes first (it is the one
    for this delivery)."""
    initial = {}
    if request.user.is_authenticated:
        customer = customer_for_request(request)
        initial = {
            "name": customer.name or request.user.get_full_name(),
            "email": request.user.email,
            "phone": customer.phone_display,
        }
    elif chat is not None:
        initial = {"name": chat.name, "email": chat.email}
    if chat is not None and chat.address is not None and chat.phone:
        initial["phone"] = chat.phone
    return initial


def _chat_initial(chat) -> dict:
    """From the chat's "Pagar" with an address given there: that address, for delivery; and
    the points and store credit the clerk's payment request offered."""
    if chat is None:
        return {}
    tenders_offered = {"points": chat.points or "", "credit": chat.credit}
    if chat.address is None:
        return tenders_offered
    return {
        **tenders_offered,
        "saved_address": str(chat.address.pk),
        "fulfilment": Order.Fulfilment.DELIVERY,
        # Without a card processor a Lima delivery is paid on delivery.
        "payment_method": Order.PaymentMethod.CARD
        if settings.STRIPE_ENABLED
        else Order.PaymentMethod.ON_DELIVERY,
    }


def _pickup_options(cart, figures, *, customer, addresses):
    """The pickup stores in the customer's order: preferred, their district, their region."""
    home = addresses[0] if addresses else None  # the chat's address, else the main one
    return fulfilments.pickup_options(
        cart,
        lines=figures.lines,
        preferred_store_id=customer.preferred_store_id if customer is not None else None,
        district=home.district if home is not None else "",
        province=home.province if home is not None else "",
        region=home.region if home is not None else "",
    )


def _store_initial(customer, pickup_options) -> dict:
    """The customer's preferred store comes chosen, when it can serve the whole cart."""
    if customer is None or not customer.preferred_store_id:
        return {}
    for option in pickup_options:
        if option.store.pk == customer.preferred_store_id and option.complete:
            return {"store": option.store.pk}
    return {}


def checkout(request):
    token = request.POST.get("checkout_token", "")[:64]
    if token:
        # A second click after the order was placed: show that order, don't make another.
        placed = Order.objects.filter(checkout_token=token).first()
        if placed is not None and placed.number in request.session.get(access.SESSION_KEY, []):
            return redirect(placed.get_absolute_url())
    cart = carts.cart_for_request(request)
    figures = pricing.quote(cart) if cart else None
    if cart is None or not figures.lines:
        messages.info(request, _("Tu carrito está vacío: agrega algún libro para continuar."))
        return redirect("orders:cart")
    addresses = []
    customer = None
    if request.user.is_authenticated:
        customer = customer_for_request(request)
        addresses = list(customer.addresses.all())
    # Paying from the chat: the address given there is offered (only that one, to a visitor).
    chat = prefill.checkout_prefill(request.session, request.user, cart=cart)
    if chat is not None and chat.address is not None and chat.address not in addresses:
        addresses.insert(0, chat.address)

    pickup_options = _pickup_options(cart, figures, customer=customer, addresses=addresses)
    # Club Pepito: the balances and limits, offered as tenders (none on a guest checkout).
    tender = tenders.tender_options(customer, payable=figures.subtotal)
    form = CheckoutForm(
        request.POST or None,
        initial={
            "loyalty_account": tender.account.number if tender is not None else "",
            **_initial_contact(request, chat),
            **_store_initial(customer, pickup_options),
            "checkout_token": uuid.uuid4().hex,
            "expected_subtotal": figures.subtotal,
            "fulfilment": Order.Fulfilment.PICKUP,
            "payment_method": Order.PaymentMethod.CARD
            if settings.STRIPE_ENABLED
            else Order.PaymentMethod.AT_PICKUP,
            **_chat_initial(chat),
        },
        addresses=addresses,
    )
    answer = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            points, credit = _tenders_asked(request, data, tender)
            order = _place(
                request,
                cart=cart,
                data=data,
                customer=customer,
                chat=chat,
                points=points,
                credit=credit,
            )
        except PricesChanged as error:
            messages.warning(request, error.message)
            figures = pricing.quote(cart)
            pickup_options = _pickup_options(cart, figures, customer=customer, addresses=addresses)
            form = _fresh_form(request, form, figures, addresses)
        except TenderRefused as error:
            # Points or credit the program refuses (or a forged amount): nothing was written.
            messages.error(request, error.message)
            form = _fresh_form(request, form, figures, addresses)
            answer = error.status
        except (OrderError, InventoryError, ValidationError) as error:
            # Refused (out of stock, a full window…): the page again with why, as a 409.
            messages.error(request, getattr(error, "message", None) or " ".join(error.messages))
            form = _fresh_form(request, form, figures, addresses)
            answer = 409
        else:
            access.grant(request, order.number)
            if order.payment_method == Order.PaymentMethod.CARD and not order.is_paid:
                return redirect(order.get_absolute_url() + "pagar/")
            messages.success(request, _("¡Listo! Recibimos tu pedido %(n)s.") % {"n": order.number})
            return redirect(order.get_absolute_url())
    elif request.method == "POST":
        messages.error(request, _("Revisa los campos marcados: todavía no hicimos tu pedido."))

    # A chosen saved address (the chat's, or one sent back with an error) shows its windows.
    chosen = form.addresses.get(str(form["saved_address"].value() or ""))
    return render(
        request,
        "orders/checkout.html",
        {
            **(
                fulfilments.delivery_options(
                    cart,
                    district=chosen.district,
                    province=chosen.province,
                    region=chosen.region,
                    slot=str(form["slot"].value() or ""),
                    free_lima=tenders.free_lima_delivery(customer),
                )
                if chosen is not None
                else {}
            ),
            "form": form,
            "figures": figures,
            "tender": tender,
            "earn_points": tender.earn if tender is not None else 0,
            "pickup_options": pickup_options,
            "addresses": addresses,
            "chat_address": chat.address if chat is not None else None,
            "lima_districts": LIMA_DISTRICTS,
            "regions": REGIONS,
            "stripe_enabled": settings.STRIPE_ENABLED,
            "payment_summary": fulfilments.payment_summary(),
            "hold_hours": settings.ORDER_PICKUP_HOLD_HOURS,
        },
        status=answer,
    )


def _fresh_form(request, form, figures, addresses):
    """The same answers with a new token and the subtotal the customer now sees."""
    data = request.POST.copy()
    data["checkout_token"] = uuid.uuid4().hex
    data["expected_subtotal"] = str(figures.subtotal)
    fresh = CheckoutForm(data, addresses=addresses)
    fresh.is_valid()
    return fresh


def _tenders_asked(request, data, tender) -> tuple[int, Decimal]:
    """The points and store credit the customer asked to use, re-checked on the server (the
    page's limits are only a help): TenderRefused for a malformed amount, a guest checkout or
    a customer without an account; NotYourAccount when the page named another's account.
    The limits themselves (balance, minimum, share of the order) are loyalty.reserve's."""
    points = tenders.parse_points(data.get("points"))
    credit = tenders.parse_credit(data.get("credit"))
    if not points and not credit:
        return 0, Decimal("0.00")
    if not request.user.is_authenticated:
        raise TenderRefused(
            _(
                "Los puntos y los vales de Club Pepito se usan con tu cuenta: inicia sesión "
                "para usarlos. Como invitado puedes pagar con tarjeta o al recibir."
            )
        )
    if tender is None:
        raise TenderRefused(_("Todavía no tienes puntos ni vales de Club Pepito para usar."))
    if (data.get("loyalty_account") or "").strip() != tender.account.number:
        raise NotYourAccount(
            _(
                "Esa cuenta Club Pepito no es la tuya. Recarga la página y vuelve a elegir "
                "cuántos puntos usar."
            )
        )
    return points, credit


def _place(request, *, cart, data, customer, chat=None, points=0, credit=Decimal("0.00")):
    fulfilment = data["fulfilment"]
    address = None
    if fulfilment == Order.Fulfilment.DELIVERY:
        address = data["address"]
    if customer is None:
        customer = find_or_create_customer(
            name=data["name"], email=data["email"], phone=data["phone"], source="checkout"
        )
    # Left by chat's "Pagar" button (chat.views.pay) once it checked that this browser owns the
    # conversation (orders.prefill): the order belongs to that conversation, which the chat
    # hears of through `order.placed`.
    chat_conversation_id = chat.conversation_id if chat is not None else None
    order = checkouts.place_order(
        cart=cart,
        contact=checkouts.Contact(name=data["name"], email=data["email"], phone=data["phone"]),
        fulfilment=fulfilment,
        payment_method=data["payment_method"],
        channel=Channel.CHAT if chat_conversation_id else Channel.WEB,
        checkout_token=data["checkout_token"],
        expected_subtotal=data["expected_subtotal"],
        store=data.get("store"),
        address=address,
        slot=data.get("slot", ""),
        customer=customer,
        actor=request.user if request.user.is_authenticated else None,
        conversation_id=chat_conversation_id,
        points=points,
        credit=credit,
    )
    if chat_conversation_id:
        prefill.clear_checkout_prefill(request.session)
    return order


def checkout_fulfilment(request):
    """htmx: the fee and the windows (or courier date) for the address being typed."""
    customer = customer_for_request(request) if request.user.is_authenticated else None
    context = fulfilments.delivery_options(
        carts.cart_for_request(request),
        district=request.GET.get("district", "")[:80],
        province=request.GET.get("province", "Lima")[:80],
        region=request.GET.get("region", "Lima")[:80],
        slot=request.GET.get("slot", "")[:40],
        free_lima=tenders.free_lima_delivery(customer),
    )
    return render(request, "orders/partials/delivery_options.html", context)
