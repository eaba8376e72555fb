"""Card payment pages and Stripe's webhook.

The pay page shows the order and Stripe's card field; the amount is the order's, created
server-side in orders.payments. After Stripe.js charges the card, the page posts to
`pay_confirm`, which asks Stripe itself before marking anything paid. The webhook does the same
from Stripe's side, so an order is completed even when the customer closes the page.
"""

import json
import logging

import stripe
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from orders import payments
from orders.exceptions import PaymentError
from orders.models import Order
from orders.tracking_views import order_for_request

logger = logging.getLogger(__name__)


def _payable_or_redirect(request, order: Order):
    """None when the order can be paid by card now; else where to send the customer."""
    if order.can_pay_online():
        return None
    unpaid = order.payment_status == Order.PaymentStatus.PENDING
    if unpaid and order.is_cancelled:
        messages.error(request, _("Este pedido fue anulado; ya no se puede pagar."))
    return redirect(order.get_absolute_url())


@never_cache  # the page carries the PaymentIntent's client secret
@require_GET
def pay(request, number):
    order = order_for_request(request, number)
    elsewhere = _payable_or_redirect(request, order)
    if elsewhere is not None:
        return elsewhere
    context = {
        "order": order,
        "lines": list(order.lines.all()),
        "stripe_enabled": settings.STRIPE_ENABLED,
        "error": "",
    }
    if settings.STRIPE_ENABLED:
        try:
            context["client_secret"] = payments.create_payment_intent(order)
        except PaymentError as error:
            context["error"] = error.message
        context.update(
            publishable_key=settings.STRIPE_PUBLISHABLE_KEY,
            stripe_js_url=settings.STRIPE_JS_URL,
            # localstripe's Stripe.js needs the server to attach the card (see attach_test_card)
            local_stripe=bool(settings.STRIPE_API_BASE),
        )
    return render(request, "orders/pay.html", context)


@require_POST
def pay_test_card(request, number):
    """localstripe only (404 otherwise): attach the tokenized card and confirm, as JSON."""
    if not settings.STRIPE_API_BASE or not settings.STRIPE_ENABLED:
        raise Http404
    order = order_for_request(request, number)
    if _payable_or_redirect(request, order) is not None:
        return JsonResponse({"error": _("Este pedido ya no está pendiente de pago.")}, status=409)
    try:
        result = payments.attach_test_card(order, token=request.POST.get("token", ""))
    except PaymentError as error:
        return JsonResponse({"error": error.message}, status=400)
    return JsonResponse(result)


OUTCOME_MESSAGES = {
    "paid": (messages.SUCCESS, gettext_lazy("¡Pago recibido! Ya estamos preparando tu pedido.")),
    "not_succeeded": (
        messages.INFO,
        gettext_lazy(
            "Estamos confirmando tu pago con el banco; te avisaremos por correo en unos minutos."
        ),
    ),
    "mismatch": (
        messages.ERROR,
        gettext_lazy(
            "Hubo un problema con el monto de tu pago; un librero te contactará hoy mismo."
        ),
    ),
    "refunded": (
        messages.WARNING,
        gettext_lazy(
            "Tu pago llegó cuando el pedido ya no podía atenderse; lo devolvimos a tu tarjeta."
        ),
    ),
}


@require_POST
def pay_confirm(request, number):
    """Stripe.js says the card was charged: check with Stripe, then show the tracking page."""
    order = order_for_request(request, number)
    if order.is_paid:
        return redirect(order.get_absolute_url())
    try:
        outcome = payments.confirm_payment(order)
    except PaymentError as error:
        messages.error(request, error.message)
        return redirect("orders:pay", number=order.number)
    level, text = OUTCOME_MESSAGES.get(outcome, OUTCOME_MESSAGES["not_succeeded"])
    messages.add_message(request, level, text)
    return redirect(order.get_absolute_url())


@csrf_exempt  # Stripe cannot send our CSRF token; the signature authenticates the request
@require_POST
def stripe_webhook(request):
    """Stripe's events, verified with STRIPE_WEBHOOK_SECRET.

    400 for a bad signature or a malformed body (nothing is changed). 200 for everything
    verified, including events already handled (replays, duplicates) and objects that are not
    ours: Stripe retries any non-2xx answer for days, and retrying those would never succeed;
    they are logged instead. 503 when Stripe could not be read back (every handler re-reads
    the object from Stripe) or a refund could not reach Stripe, so it retries.
    """
    secret = settings.STRIPE_WEBHOOK_SECRET
    if not secret:
        logger.error("Stripe webhook called but STRIPE_WEBHOOK_SECRET is not set")
        return HttpResponse("webhook not configured", status=503, content_type="text/plain")
    signature = request.META.get("HTTP_STRIPE_SIGNATURE", "")
    try:
        event = stripe.Webhook.construct_event(request.body, signature, secret)
    except stripe.SignatureVerificationError:
        logger.warning("Stripe webhook: bad signature, refused")
        return HttpResponse("bad signature", status=400, content_type="text/plain")
    except (ValueError, AttributeError, TypeError):  # not UTF-8, not JSON, not an object
        return HttpResponse("malformed payload", status=400, content_type="text/plain")
    try:
        if not isinstance(event["id"], str) or not isinstance(event["type"], str):
            raise TypeError
        if event["type"] in payments.HANDLED_EVENTS:
            object_id = event["data"]["object"]["id"]
            if not isinstance(object_id, str) or not object_id or len(object_id) > 255:
                raise TypeError
    except (KeyError, TypeError, AttributeError):
        return HttpResponse("malformed event", status=400, content_type="text/plain")
    try:
        outcome = payments.handle_event(event)
    except PaymentError as error:
        logger.error("Stripe webhook: event %s not applied: %s", event["id"], error)
        return HttpResponse("try again later", status=503, content_type="text/plain")
    return HttpResponse(json.dumps({"result": outcome}), content_type="application/json")
