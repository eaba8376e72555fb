"""Phone orders: find or register the customer, fill their cart with stock at hand, choose
fulfilment and payment, and place the order (orders.phone_orders)."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from catalog.models import Product
from catalog.selectors import search as search_products
from core.parsing import parse_id
from crm.models import Customer
from inventory.exceptions import InventoryError, OutOfStock
from inventory.models import Store
from inventory.selectors import availability_many
from inventory.staff import staff_required, staff_store, staff_url
from orders import cart as carts
from orders import fulfilment as fulfilments
from orders import phone_orders, pricing, tenders
from orders.exceptions import CartError, OrderError, TenderRefused
from orders.models import Order
from orders.staff.common import detail_url
from orders.staff_forms import NewCustomerForm, PhoneOrderForm


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
            return redirect(staff_url("staff:phone_order", store, customer.pk))
    context = {
        "store": store,
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
            # Only stores that have some: the clerk offers them instead.
            "elsewhere": [
                (e.store, e.available)
                for e in entries
                if e.store.pk != store.pk and e.available > 0
            ],
        }
    return rows


def _phone_cart_context(request, store: Store, customer: Customer) -> dict:
    cart = carts.cart_for_customer(customer)
    summary = carts.summarize(cart)
    stock = _stock_rows([line.product for line in summary.lines], store)
    lines = [{"row": row, "stock": stock.get(row.product.pk)} for row in summary.lines]
    figures = pricing.quote(cart)
    return {
        # Club Pepito: balance and tier on the page; the points the customer asks to use.
        "tender": tenders.tender_options(customer, payable=summary.subtotal),
        "customer": customer,
        "cart": cart,
        "summary": summary,
        "lines": lines,
        "pickup_options": fulfilments.pickup_options(cart, lines=figures.lines)
        if figures.lines
        else [],
    }


def _phone_form(customer: Customer, store: Store, data=None, *, options=()) -> PhoneOrderForm:
    """The form, its store list built from `options` (orders.fulfilment.pickup_options):
    the clerk's own store is proposed only when it can serve the whole cart."""
    address = customer.addresses.first()
    complete = [option.store for option in options if option.complete]
    if not options:
        proposed = store if store.pickup_enabled else None
    elif any(candidate.pk == store.pk for candidate in complete):
        proposed = store
    else:
        proposed = complete[0] if complete else None
    initial = {
        "fulfilment": Order.Fulfilment.PICKUP,
        "store": proposed.pk if proposed else None,
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
    form = PhoneOrderForm(data, initial=initial)
    form.offer_pickup_stores(options)
    return form


def _stock_refusal(exc: OutOfStock) -> str:
    """The refusal in a clerk's words, with the pickup stores that do have the copies."""
    entries = availability_many([exc.product]).get(exc.product.pk, [])
    others = [
        entry
        for entry in entries
        if entry.store.pk != exc.store.pk
        and entry.store.pickup_enabled
        and entry.available >= exc.wanted
    ]
    if not others:
        return exc.staff_message + " " + _("Ninguna otra tienda tiene esa cantidad ahora.")
    return (
        exc.staff_message
        + " "
        + _("Tienen stock: %(stores)s.")
        % {"stores": ", ".join(f"{entry.store.short_name} ({entry.available})" for entry in others)}
    )


@staff_required
def phone_order(request, customer_id):
    """Step 2: the customer's cart, then fulfilment and payment; POST places the order."""
    store = staff_store(request)
    customer = get_object_or_404(Customer, pk=customer_id)
    cart_context = _phone_cart_context(request, store, customer)
    options = cart_context["pickup_options"]
    form = _phone_form(customer, store, request.POST or None, options=options)
    answer = 400
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                points = tenders.parse_points(data.get("points"))
                credit = tenders.parse_credit(data.get("credit"))
                order = phone_orders.place_phone_order(
                    customer=customer,
                    clerk=request.user,
                    fulfilment=data["fulfilment"],
                    payment_method=data["payment_method"],
                    checkout_token=data["checkout_token"],
                    store=data.get("store"),
                    address=data.get("address"),
                    slot=data.get("slot", ""),
                    points=points,
                    credit=credit,
                )
            except OutOfStock as exc:
                messages.error(request, _stock_refusal(exc))
            except TenderRefused as exc:
                messages.error(request, exc.message)
                answer = exc.status
            except (OrderError, InventoryError) as exc:
                messages.error(request, exc.message)
            else:
                if order.is_paid:  # the points and store credit paid it whole
                    done = _("Pedido %(number)s registrado y pagado con Club Pepito.") % {
                        "number": order.number
                    }
                elif order.payment_method == Order.PaymentMethod.CARD:
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
                return redirect(detail_url(order, store))
        else:
            messages.error(request, _("Revisa los campos marcados: todavía no se registró."))
        # Same answers, new token: the next click is a new attempt.
        data = request.POST.copy()
        data["checkout_token"] = uuid.uuid4().hex
        form = _phone_form(customer, store, data, options=options)
        form.is_valid()
    context = {
        "store": store,
        **cart_context,
        "form": form,
        "stripe_enabled": settings.STRIPE_ENABLED,
    }
    return render(
        request,
        "orders/staff/phone_order.html",
        context,
        status=answer if request.method == "POST" else 200,
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
        "store": store,
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
            "store": store,
            **_phone_cart_context(request, store, customer),
            "cart_error": error,
        }
        response = render(request, "orders/staff/phone_order.html#phone-cart", context)
        response["HX-Trigger"] = "phone-cart-changed"
        return response
    if error:
        messages.error(request, error)
    return redirect(staff_url("staff:phone_order", store, customer.pk))


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
        context = fulfilments.delivery_options(
            carts.cart_for_customer(customer, create=False),
            district=district,
            province=province,
            region=region,
            slot=slot,
            free_lima=tenders.free_lima_delivery(customer),
        )
    return render(request, "orders/staff/phone_order.html#delivery-options", context)


def _int(raw) -> int:
    # Bounded: an id that does not fit a bigint column is no id at all (0 matches nothing).
    return parse_id(raw) or 0
