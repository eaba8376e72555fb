"""The pickup desk: find the order by its code, number, phone or DNI; take the payment of a
pay-at-pickup order; hand it over against the customer's code (orders.pickup)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from inventory.staff import staff_required, staff_store
from orders import pickup, selectors
from orders.exceptions import OrderError
from orders.models import Order
from orders.staff.common import desk_url, order_for_staff
from orders.staff_forms import HandOverForm, PaymentForm


def _desk_context(request, store, q: str, **extra) -> dict:
    orders = selectors.desk_orders(store=store, q=q) if q else []
    context = {
        "store": store,
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
        return redirect(desk_url(store, order.number))
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
    order, store = order_for_staff(request, number)
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
            "total": order.amount_due,
            "number": order.number,
            "means": pickup.MEANS[form.cleaned_data["means"]],
        },
    )


@staff_required
@require_POST
def desk_hand_over(request, number):
    order, store = order_for_staff(request, number)
    form = HandOverForm(request.POST)
    if not form.is_valid():
        return _desk_answer(
            request, store, order, error=_("Escribe o escanea el código de recojo del cliente.")
        )
    already = order.is_handed_over()
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
