"""Staff pages of the orders: the order board, the order page, the pickup desk and phone orders.

Mounted at /tienda/pedidos/. Every view works on the store of `inventory.staff.staff_store`:
clerks and managers see and act on their own store's orders only (another store's order is a
404, also for a forged number in a POST); admins and the owner may open any order. Views parse
input and call orders.status, orders.pickup and orders.phone_orders; a refused action becomes a
Spanish message on the page, never a 500.
"""

import uuid
from datetime import date, timedelta

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from catalog.models import Product
from catalog.selectors import search as search_products
from crm.models import Customer
from inventory.exceptions import InventoryError
from inventory.models import Store
from inventory.selectors import availability_many
from inventory.staff import can_pick_store, staff_required, staff_store
from orders import cart as carts
from orders import checkout as checkouts
from orders import phone_orders, pickup, selectors, status
from orders.exceptions import CartError, OrderError
from orders.models import Order
from orders.staff_forms import (
    CancelForm,
    HandOverForm,
    NewCustomerForm,
    PaymentForm,
    PhoneOrderForm,
)

S = Order.Status

# The button on a card, by the status it moves the order to.
ACTION_LABELS = {
    S.PACKED: gettext_lazy("Marcar como embalado"),
    S.READY: gettext_lazy("Listo para recoger"),
    S.DISPATCHED: gettext_lazy("Despachar"),
    S.DELIVERED: gettext_lazy("Marcar como entregado"),
}


def _action_label(to: str) -> str:
    return str(ACTION_LABELS[to])


def _base_context(request, store: Store) -> dict:
    context = {"store": store, "can_pick_store": can_pick_store(request.user)}
    if context["can_pick_store"]:
        context["all_stores"] = list(Store.objects.filter(is_active=True).order_by("kind", "name"))
    return context


def _decorate(order: Order) -> Order:
    """Attach what a card shows: the one forward move and its button text."""
    order.next_status = status.next_board_status(order)
    order.next_label = _action_label(order.next_status) if order.next_status else ""
    return order


def _order_for_staff(request, number: str, *, full: bool = False) -> tuple[Order, Store]:
    """The order if this staff member may work on it; 404 otherwise (another store's too)."""
    store = staff_store(request)
    if full:
        order = selectors.order_for_staff(number=number)
    else:
        order = (
            Order.objects.select_related("store", "delivery_slot__window", "customer")
            .filter(number=(number or "")[:20].upper())
            .first()
        )
    if order is None:
        raise Http404
    if not can_pick_store(request.user) and order.store_id != store.pk:
        raise Http404  # the same answer as for a number that does not exist
    return order, store


def _board_url(store: Store, **params) -> str:
    query = {"tienda": store.slug, **params}
    return reverse("orders_staff:board") + "?" + urlencode({k: v for k, v in query.items() if v})


def _detail_url(order: Order, store: Store) -> str:
    return (
        reverse("orders_staff:order", args=[order.number]) + "?" + urlencode({"tienda": store.slug})
    )


def _desk_url(store: Store, q: str = "") -> str:
    return _url_with("orders_staff:desk", store, buscar=q)


def _url_with(name: str, store: Store, *args, **params) -> str:
    query = {"tienda": store.slug, **params}
    return reverse(name, args=args) + "?" + urlencode({k: v for k, v in query.items() if v})


# Board
# ------------------------------------------------------------------------------


@staff_required
@require_GET
def board(request):
    store = staff_store(request)
    tab = request.GET.get("estado", "")[:20]
    if tab not in {*S.values, "hoy", "cerrados", "todos"}:
        tab = ""
    q = " ".join(request.GET.get("buscar", "").split())[:100]
    counts = selectors.board_counts(store=store)
    context = {
        **_base_context(request, store),
        "tab": tab,
        "q": q,
        "counts": counts,
        "tabs": [(value, S(value).label, counts.get(value, 0)) for value in selectors.BOARD_TABS],
    }
    if tab == "hoy" and not q:
        today = timezone.localdate()
        day = _parse_day(request.GET.get("dia", ""), default=today)
        context.update(
            {
                "day": day,
                "today": today,
                "tomorrow": today + timedelta(days=1),
                "is_today": day == today,
            }
        )
        groups = selectors.todays_deliveries(store=store, today=day)
        for group in groups:
            for order in group.orders:
                _decorate(order)
        context["groups"] = groups
        context["orders"] = []
    else:
        context["orders"] = [
            _decorate(order) for order in selectors.board_orders(store=store, status=tab, q=q)
        ]
    template = "orders/staff/board.html"
    if request.htmx and request.htmx.target == "board-orders":
        template += "#board-orders"
    return render(request, template, context)


@staff_required
@require_POST
def advance(request, number):
    """The card's button: the one forward move the board offers (htmx swaps the card)."""
    order, store = _order_for_staff(request, number)
    wanted = request.POST.get("to", "")[:20]
    expected = status.next_board_status(order)
    error = None
    if wanted not in S.values:
        error = _("Esa acción no existe; recarga la página.")
    elif wanted != expected:
        error = _(
            "No se puede pasar el pedido %(number)s de «%(current)s» a «%(to)s». Ahora está "
            "«%(current)s»; revisa el pedido."
        ) % {
            "number": order.number,
            "current": order.get_status_display(),
            "to": S(wanted).label,
        }
        if wanted == S.DELIVERED and order.fulfilment == Order.Fulfilment.PICKUP:
            error = _(
                "Un pedido de recojo se entrega en el mostrador de recojo, con el código del "
                "cliente."
            )
    else:
        try:
            order = status.advance(order=order, to=wanted, actor=request.user)
        except (OrderError, InventoryError) as exc:
            error = exc.message
    order = Order.objects.select_related("store", "delivery_slot__window", "customer").get(
        pk=order.pk
    )
    if request.htmx:
        context = {
            **_base_context(request, store),
            "order": _decorate(order),
            "error": error,
            "moved": not error,
        }
        return render(request, "orders/staff/partials/order_card.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(
            request,
            _("Pedido %(number)s: ahora «%(status)s».")
            % {"number": order.number, "status": order.get_status_display()},
        )
    back = request.POST.get("volver", "")
    if back == "detalle":
        return redirect(_detail_url(order, store))
    return redirect(_board_url(store))


@staff_required
@require_GET
def order_detail(request, number):
    order, store = _order_for_staff(request, number, full=True)
    context = {
        **_base_context(request, store),
        "order": _decorate(order),
        "lines": list(order.lines.all()),
        "events": list(order.events.all()),
        "payments": list(order.payments.all()),
        "can_cancel": S.CANCELLED in status.TRANSITIONS.get(order.status, set()),
        "cancel_form": CancelForm(),
        "at_desk": order.fulfilment == Order.Fulfilment.PICKUP
        and order.status in (S.PROCESSING, S.PACKED, S.READY),
    }
    return render(request, "orders/staff/order_detail.html", context)


@staff_required
@require_POST
def cancel(request, number):
    order, store = _order_for_staff(request, number)
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("reason", [])))
        return redirect(_detail_url(order, store))
    try:
        status.cancel(order=order, actor=request.user, reason=form.cleaned_data["reason"])
    except (OrderError, InventoryError) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Anulaste el pedido %(number)s; el stock volvió a la tienda.")
            % {"number": order.number},
        )
    return redirect(_detail_url(order, store))


# Pickup desk
# ------------------------------------------------------------------------------


def _desk_context(request, store, q: str, **extra) -> dict:
    orders = selectors.desk_orders(store=store, q=q) if q else []
    context = {
        **_base_context(request, store),
        "q": q,
        "orders": orders,
        "order": orders[0] if len(orders) == 1 else None,
        "code_form": HandOverForm(),
        "payment_form": PaymentForm(initial={"means": "efectivo"}),
        **extra,
    }
    if q and not orders:
        context["elsewhere"] = selectors.pickup_store_elsewhere(store=store, q=q)
    order = context["order"]
    if order is not None and order.pickup_code and pickup.normalize_code(q) == order.pickup_code:
        context["prefill_code"] = order.pickup_code  # searched (or scanned) by its code
    return context


@staff_required
@require_GET
def desk(request):
    store = staff_store(request)
    q = " ".join(request.GET.get("buscar", "").split())[:100]
    context = _desk_context(request, store, q)
    template = "orders/staff/desk.html"
    if request.htmx and request.htmx.target == "desk-result":
        template += "#desk-result"
    return render(request, template, context)


def _desk_answer(request, store, order: Order, *, error: str = "", done: str = ""):
    """After a desk action: the order's panel again (htmx), or the page (a redirect on success)."""
    if not request.htmx and not error:
        messages.success(request, done)
        return redirect(_desk_url(store, order.number))
    order = selectors.desk_orders(store=store, q=order.number)
    context = _desk_context(request, store, "", error=error, done=done)
    context.update({"q": order[0].number if order else "", "orders": order})
    context["order"] = order[0] if order else None
    if request.htmx:
        return render(request, "orders/staff/desk.html#desk-result", context)
    return render(request, "orders/staff/desk.html", context, status=400)


@staff_required
@require_POST
def desk_pay(request, number):
    order, store = _order_for_staff(request, number)
    form = PaymentForm(request.POST)
    if not form.is_valid():
        return _desk_answer(
            request, store, order, error=_("Elige si paga en efectivo o con tarjeta en caja.")
        )
    try:
        order = pickup.take_payment(
            order=order, means=form.cleaned_data["means"], actor=request.user, store=store
        )
    except OrderError as exc:
        return _desk_answer(request, store, order, error=exc.message)
    return _desk_answer(
        request,
        store,
        order,
        done=_("Cobraste S/ %(total)s del pedido %(number)s (%(means)s).")
        % {
            "total": order.total,
            "number": order.number,
            "means": pickup.MEANS[form.cleaned_data["means"]],
        },
    )


@staff_required
@require_POST
def desk_hand_over(request, number):
    order, store = _order_for_staff(request, number)
    form = HandOverForm(request.POST)
    if not form.is_valid():
        return _desk_answer(
            request, store, order, error=_("Escribe o escanea el código de recojo del cliente.")
        )
    already = order.status == S.DELIVERED
    try:
        order = pickup.hand_over(
            order=order, code=form.cleaned_data["code"], actor=request.user, store=store
        )
    except OrderError as exc:
        return _desk_answer(request, store, order, error=exc.message)
    done = (
        _("El pedido %(number)s ya se había entregado.")
        if already
        else _("Entregaste el pedido %(number)s. ¡Listo!")
    ) % {"number": order.number}
    return _desk_answer(request, store, order, done=done)


# Phone orders
# ------------------------------------------------------------------------------


@staff_required
def phone_customer(request):
    """Step 1: find the customer on the line, or register them."""
    store = staff_store(request)
    q = " ".join(request.GET.get("buscar", "").split())[:100]
    form = NewCustomerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            customer = phone_orders.register_customer(
                name=data["name"], phone=data["phone"], email=data["email"], dni=data["dni"]
            )
        except OrderError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect(_url_with("orders_staff:phone_order", store, customer.pk))
    context = {
        **_base_context(request, store),
        "q": q,
        "customers": phone_orders.find_customers(q) if q else [],
        "form": form,
    }
    if request.htmx and request.htmx.target == "customer-results":
        return render(request, "orders/staff/phone_customer.html#customer-results", context)
    return render(
        request,
        "orders/staff/phone_customer.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


def _stock_rows(products, store: Store) -> dict[int, dict]:
    """{product id: {"here": available at this store, "elsewhere": [(store, n)]}}."""
    rows = {}
    for product_id, entries in availability_many(products).items():
        here = next((e.available for e in entries if e.store.pk == store.pk), 0)
        rows[product_id] = {
            "here": here,
            "elsewhere": [(e.store, e.available) for e in entries if e.store.pk != store.pk],
        }
    return rows


def _phone_cart_context(request, store: Store, customer: Customer) -> dict:
    cart = carts.cart_for_customer(customer)
    summary = carts.summarize(cart)
    stock = _stock_rows([line.product for line in summary.lines], store)
    lines = [{"row": row, "stock": stock.get(row.product.pk)} for row in summary.lines]
    figures = checkouts.quote(cart)
    return {
        "customer": customer,
        "cart": cart,
        "summary": summary,
        "lines": lines,
        "pickup_options": checkouts.pickup_options(cart, lines=figures.lines)
        if figures.lines
        else [],
    }


def _phone_form(customer: Customer, store: Store, data=None) -> PhoneOrderForm:
    address = customer.addresses.first()
    initial = {
        "fulfilment": Order.Fulfilment.PICKUP,
        "store": store.pk if store.pickup_enabled else None,
        "payment_method": Order.PaymentMethod.AT_PICKUP,
        "checkout_token": uuid.uuid4().hex,
    }
    if address is not None:
        initial.update(
            {
                "street": address.street,
                "reference": address.reference,
                "district": address.district,
                "province": address.province,
                "region": address.region,
            }
        )
    return PhoneOrderForm(data, initial=initial)


@staff_required
def phone_order(request, customer_id):
    """Step 2: the customer's cart, then fulfilment and payment; POST places the order."""
    store = staff_store(request)
    customer = get_object_or_404(Customer, pk=customer_id)
    form = _phone_form(customer, store, request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                order = phone_orders.place_phone_order(
                    customer=customer,
                    clerk=request.user,
                    fulfilment=data["fulfilment"],
                    payment_method=data["payment_method"],
                    checkout_token=data["checkout_token"],
                    store=data.get("store"),
                    address=data.get("address"),
                    slot=data.get("slot", ""),
                )
            except (OrderError, InventoryError) as exc:
                messages.error(request, exc.message)
            else:
                if order.payment_method == Order.PaymentMethod.CARD:
                    done = _(
                        "Pedido %(number)s registrado. Enviamos el enlace de pago a %(to)s."
                    ) % {
                        "number": order.number,
                        "to": " y ".join(
                            part for part in (order.contact_email, order.contact_phone) if part
                        ),
                    }
                else:
                    done = _("Pedido %(number)s registrado. Código de recojo: %(code)s.") % {
                        "number": order.number,
                        "code": order.pickup_code,
                    }
                messages.success(request, done)
                return redirect(_detail_url(order, store))
        else:
            messages.error(request, _("Revisa los campos marcados: todavía no se registró."))
        # Same answers, new token: the next click is a new attempt.
        data = request.POST.copy()
        data["checkout_token"] = uuid.uuid4().hex
        form = _phone_form(customer, store, data)
        form.is_valid()
    context = {
        **_base_context(request, store),
        **_phone_cart_context(request, store, customer),
        "form": form,
        "stripe_enabled": settings.STRIPE_ENABLED,
    }
    return render(
        request,
        "orders/staff/phone_order.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


@staff_required
@require_GET
def phone_products(request, customer_id):
    """htmx: catalog search results with stock here and elsewhere, each with «Agregar»."""
    store = staff_store(request)
    customer = get_object_or_404(Customer, pk=customer_id)
    q = " ".join(request.GET.get("buscar", "").split())[:100]
    products = []
    if len(q) >= 2:
        queryset = search_products(Product.objects.active().for_cards(), q)
        products = list(queryset.order_by("-relevance", "-sold_count", "pk")[:10])
    stock = _stock_rows(products, store)
    context = {
        **_base_context(request, store),
        "customer": customer,
        "q": q,
        "results": [{"product": p, "stock": stock.get(p.pk)} for p in products],
    }
    return render(request, "orders/staff/phone_order.html#product-results", context)


@staff_required
@require_POST
def phone_cart_add(request, customer_id):
    store = staff_store(request)
    customer = get_object_or_404(Customer, pk=customer_id)
    product = Product.objects.filter(pk=_int(request.POST.get("producto"))).first()
    try:
        if product is None:
            raise CartError(_("Ese producto no existe; búscalo otra vez."))
        quantity = carts.parse_quantity(request.POST.get("cantidad", "1"))
        carts.add_to_cart(
            cart=carts.cart_for_customer(customer), product=product, quantity=quantity
        )
    except CartError as exc:
        return _phone_cart_answer(request, store, customer, error=exc.message)
    return _phone_cart_answer(request, store, customer)


@staff_required
@require_POST
def phone_cart_update(request, customer_id, line_id):
    store = staff_store(request)
    customer = get_object_or_404(Customer, pk=customer_id)
    try:
        quantity = (
            0
            if "quitar" in request.POST
            else carts.parse_quantity(request.POST.get("cantidad", ""))
        )
        carts.set_quantity(
            cart=carts.cart_for_customer(customer), line_id=line_id, quantity=quantity
        )
    except LookupError:
        raise Http404 from None
    except CartError as exc:
        return _phone_cart_answer(request, store, customer, error=exc.message)
    return _phone_cart_answer(request, store, customer)


def _phone_cart_answer(request, store, customer, *, error: str = ""):
    if request.htmx:
        context = {
            **_base_context(request, store),
            **_phone_cart_context(request, store, customer),
            "cart_error": error,
        }
        response = render(request, "orders/staff/phone_order.html#phone-cart", context)
        response["HX-Trigger"] = "phone-cart-changed"
        return response
    if error:
        messages.error(request, error)
    return redirect(_url_with("orders_staff:phone_order", store, customer.pk))


@staff_required
@require_GET
def phone_delivery(request, customer_id):
    """htmx: the fee and free windows for the district typed (or the courier date)."""
    staff_store(request)
    customer = get_object_or_404(Customer, pk=customer_id)
    district = request.GET.get("district", "")[:80]
    province = request.GET.get("province", "Lima")[:80] or "Lima"
    region = request.GET.get("region", "Lima")[:80] or "Lima"
    slot = request.GET.get("slot", "")[:40]
    context = {"district": district, "selected_slot": slot}
    if district.strip():
        context = checkouts.delivery_options(
            carts.cart_for_customer(customer, create=False),
            district=district,
            province=province,
            region=region,
            slot=slot,
        )
    return render(request, "orders/staff/phone_order.html#delivery-options", context)


def _parse_day(raw: str, *, default: date) -> date:
    """A ?dia=YYYY-MM-DD within a month of today; anything else is today."""
    try:
        day = date.fromisoformat((raw or "")[:10])
    except ValueError:
        return default
    return day if abs((day - default).days) <= 31 else default


def _int(raw) -> int:
    try:
        return int(str(raw).strip())
    except (TypeError, ValueError):
        return 0
