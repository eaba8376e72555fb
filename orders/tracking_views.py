"""Customer pages after checkout: my orders, a guest's lookup, the tracking page with its
pickup QR, and the wholesale customer's "recibido".

Who may see an order: its customer, or a guest who proved it (orders.access); anyone else
gets a 404, the same answer as for a number that does not exist. The guest's lookup does not
tell either: a wrong e-mail and a number that does not exist get the same page after the same
single query, and the lookup is rate-limited per client and per number (core.abuse).
"""

import hashlib

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
from orders import access, status
from orders.exceptions import OrderError
from orders.forms import OrderLookupForm
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
            "can_confirm_receipt": order.channel == Channel.WHOLESALE
            and status.allowed(order, Order.Status.RECEIVED),
        },
    )


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
    qr = segno.make(f"{order.number}|{order.pickup_code}", error="m")
    return HttpResponse(qr.svg_inline(scale=5, dark="#2b2118"), content_type="image/svg+xml")


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
