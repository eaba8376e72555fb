"""Customer pages after checkout: my orders, a guest's lookup, the tracking page with its
pickup QR, the customer's own annulment, and the wholesale customer's "recibido".

Who may see an order: its customer, or a guest who proved it (orders.access); anyone else
gets a 404, the same answer as for a number that does not exist. The guest's lookup does not
tell either: a wrong e-mail and a number that does not exist get the same page after the same
single query, and the lookup is rate-limited per client and per number (core.abuse).
"""

import hashlib
import io

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import abuse
from crm.customers import customer_for_request
from inventory.exceptions import InventoryError
from orders import access, status
from orders.exceptions import OrderError
from orders.forms import CustomerCancelForm, OrderLookupForm
from orders.models import Channel, Order


def order_for_request(request, number: str) -> Order:
    """The order if this visitor may see it (its customer, or a guest who proved it); else 404."""
    order = (
        Order.objects.select_related("store", "delivery_slot__window", "customer")
        .filter(number=number[:20])
        .first()
    )
    if order is None:
        raise Http404
    user = request.user
    if user.is_authenticated and order.customer_id and order.customer.user_id == user.id:
        return order
    if access.has_access(request, order.number):
        return order
    raise Http404


@login_required
def order_list(request):
    customer = customer_for_request(request)
    orders = (
        Order.objects.filter(customer=customer)
        .select_related("store", "delivery_slot__window")
        .order_by("-created_at")[:100]
    )
    return render(request, "orders/order_list.html", {"orders": orders})


def order_lookup(request):
    """A guest follows an order with its number and e-mail.

    Number and e-mail are matched in one query, so a wrong e-mail and an unknown number take
    the same path to the same answer. A bot that fills the honeypot gets that answer too."""
    form = OrderLookupForm(request.POST or None)
    if request.method == "POST":
        if not _lookup_allowed(request):
            form.add_error(None, abuse.rate_limited_message())
            return render(request, "orders/order_lookup.html", {"form": form}, status=429)
        if form.is_valid():
            order = Order.objects.filter(
                number__iexact=form.cleaned_data["number"],
                contact_email__iexact=form.cleaned_data["email"],
            ).first()
            if order is None or form.is_bot:
                form.add_error(
                    None,
                    _(
                        "No encontramos un pedido con ese número y ese correo. Revisa el correo "
                        "de confirmación o escríbenos por el chat."
                    ),
                )
            else:
                access.grant(request, order.number)
                return redirect(order.get_absolute_url())
    return render(request, "orders/order_lookup.html", {"form": form})


def _lookup_allowed(request) -> bool:
    """Per client, and per order number whoever asks (one order's e-mail guessed from many
    addresses). The number is hashed: the cache keeps no order numbers."""
    number = str(request.POST.get("number", "")).strip().upper()[:20]
    number_key = "number:" + hashlib.sha256(number.encode()).hexdigest()[:32]
    return abuse.allow(request, "order_lookup") and abuse.allow(
        request, "order_lookup_number", key=number_key
    )


def order_detail(request, number):
    order = order_for_request(request, number)
    events = list(order.events.select_related("actor").order_by("created_at", "pk"))
    lines = list(order.lines.select_related("product"))
    return render(
        request,
        "orders/order_detail.html",
        {
            "order": order,
            "events": events,
            "lines": lines,
            "steps": _steps(order),
            # No "Pagar ahora" where no card payment is configured: it could not be completed.
            "can_pay": order.can_pay_online() and settings.STRIPE_ENABLED,
            "can_cancel": order.customer_can_cancel(),
            "cancel_note": _cancel_note(order, events),
            "cancel_refusal": _cancel_refusal_shown(order),
            "can_confirm_receipt": order.channel == Channel.WHOLESALE
            and status.allowed(order, Order.Status.RECEIVED),
        },
    )


def _cancel_note(order: Order, events) -> str | None:
    """Why an annulled order was annulled (the annulment's note: "No recibimos el pago a
    tiempo", "No se recogió dentro del plazo", the customer's own...); None otherwise."""
    if not order.is_cancelled:
        return None
    notes = [event.note for event in events if event.status == Order.Status.CANCELLED]
    return notes[-1] if notes else ""


def _cancel_refusal_shown(order: Order) -> str:
    """Packed but not yet out (embalado, listo para recoger): why the customer cannot annul it
    here and whom to ask. Nothing for orders that are on their way, done or annulled."""
    if order.status in (Order.Status.PACKED, Order.Status.READY):
        return status.customer_cancel_refusal(order)
    return ""


def order_cancel(request, number):
    """The customer annuls their own order (or a guest who proved it): a confirmation page,
    then the same annulment as the staff's (stock back, card refunded)."""
    order = order_for_request(request, number)
    form = CustomerCancelForm(request.POST if request.method == "POST" else None)
    refusal = status.customer_cancel_refusal(order)
    if request.method == "POST":
        if refusal:
            messages.error(request, refusal)
            return redirect(order.get_absolute_url())
        if form.is_valid():
            user = request.user if request.user.is_authenticated else None
            try:
                status.cancel_by_customer(
                    order=order, actor=user, reason=form.cleaned_data["reason"]
                )
            except (OrderError, InventoryError) as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _cancelled_message(order))
            return redirect(order.get_absolute_url())
        status_code = 400
    elif refusal:
        messages.info(request, refusal)
        return redirect(order.get_absolute_url())
    else:
        status_code = 200
    lines = list(order.lines.all())
    return render(
        request,
        "orders/order_cancel.html",
        {"order": order, "lines": lines, "form": form, "refunds": order.is_paid},
        status=status_code,
    )


def _cancelled_message(order: Order) -> str:
    order.refresh_from_db(fields=["payment_method", "payment_status"])
    if order.payment_status == Order.PaymentStatus.REFUNDED:
        if order.payment_method == Order.PaymentMethod.CARD:
            return _(
                "Anulaste tu pedido %(number)s. Te devolvimos el pago a tu tarjeta; según tu "
                "banco puede tardar unos días en verse."
            ) % {"number": order.number}
        return _("Anulaste tu pedido %(number)s. Te devolvimos el pago.") % {"number": order.number}
    return _("Anulaste tu pedido %(number)s. No se te cobró nada.") % {"number": order.number}


def _steps(order: Order) -> list[tuple[str, str]]:
    """The progress bar: [(label, "done" | "current" | "todo")]."""
    S = Order.Status
    last = S.READY if order.fulfilment == Order.Fulfilment.PICKUP else S.DISPATCHED
    flow = [S.PENDING_PAYMENT, S.PROCESSING, S.PACKED, last, S.DELIVERED]
    if order.payment_method != Order.PaymentMethod.CARD:
        flow.remove(S.PENDING_PAYMENT)
    current = S.DELIVERED if order.status == S.RECEIVED else order.status
    if current not in flow:
        return []
    index = flow.index(current)
    steps = []
    for position, step in enumerate(flow):
        label = _("Recogido") if step == S.DELIVERED and last == S.READY else S(step).label
        state = "done" if position < index else "current" if position == index else "todo"
        steps.append((label, state))
    return steps


def pickup_qr(request, number):
    order = order_for_request(request, number)
    if not order.pickup_code:
        raise Http404
    # A standalone SVG document (XML declaration and xmlns): svg_inline() is for HTML pages and
    # lacks the namespace, so browsers drew it as a broken image.
    buffer = io.BytesIO()
    segno.make(order.pickup_qr_text, error="m").save(
        buffer, kind="svg", scale=5, border=2, dark="#2b2118"
    )
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def order_received(request, number):
    """A wholesale customer confirms the order arrived ("recibido por el cliente")."""
    order = order_for_request(request, number)
    if order.channel != Channel.WHOLESALE:
        raise Http404
    try:
        status.advance(
            order=order,
            to=Order.Status.RECEIVED,
            actor=request.user if request.user.is_authenticated else None,
            note=_("Confirmado por el cliente"),
        )
    except OrderError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Gracias por confirmar que recibiste tu pedido."))
    return redirect(reverse("orders:order_detail", args=[order.number]))
