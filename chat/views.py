"""Chat pages: the customer's start and "Pagar" endpoints, and the clerk inbox (/tienda/chat/).

The conversation itself runs over the websocket (chat.consumers); these views only parse
input and call the chat services (access, assignment, selling, followups) or chat.selectors.
"""

import secrets

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from chat import access, assignment, followups, presence, selectors, selling
from chat.exceptions import ChatError, ChatForbidden
from chat.models import ClerkPresence, Conversation
from core import abuse
from inventory.staff import staff_required

# Customer
# ------------------------------------------------------------------------------


@require_POST
def start(request):
    """Start (or return) this browser's conversation; the socket connects right after."""
    from orders import cart as carts

    try:
        existing = access.customer_conversation(session=request.session, user=request.user)
    except ChatForbidden:
        existing = None
    if existing is not None and existing.is_open:
        return JsonResponse({"conversation": existing.pk})
    # Only a new conversation writes: the honeypot and the limit (core.abuse) guard that.
    if abuse.is_bot_data(request.POST):  # the usual answer, nothing written
        return JsonResponse({"conversation": secrets.randbelow(10**6) + 1}, status=201)
    if not abuse.allow(request, "chat_start"):
        return abuse.too_many_requests(request, as_json=True)
    customer = None
    name = request.POST.get("name", "")
    if request.user.is_authenticated:
        from crm.customers import customer_for_request

        customer = customer_for_request(request)
        name = name or customer.name or request.user.get_full_name() or request.user.email
    try:
        conversation = assignment.start_conversation(
            name=name,
            customer=customer,
            # A visitor's chat cart is the browser's own anonymous cart: what the clerk adds
            # shows up in the header badge, and /checkout/ finds it with no extra step.
            cart=None if customer else carts.cart_for_request(request, create=True),
        )
    except ChatError as error:
        return JsonResponse({"error": error.message, "code": error.code}, status=400)
    request.session[access.SESSION_KEY] = conversation.visitor_token
    return JsonResponse({"conversation": conversation.pk}, status=201)


def pay(request):
    """ "Pagar" in a payment request: the checkout with the conversation's cart, channel chat.

    Only after checking that this browser (or account) owns the conversation does it leave the
    checkout what was said there (orders.prefill): the address, its phone, the e-mail."""
    from orders import cart as carts
    from orders import prefill

    try:
        conversation = access.customer_conversation(session=request.session, user=request.user)
    except ChatForbidden:
        messages.info(request, _("No encontramos tu conversación: revisa tu carrito."))
        return redirect("orders:cart")
    cart = selling.chat_cart(conversation, create=False)
    if cart is not None:
        cart = carts.check_out_with(request, cart)
    prefill.set_checkout_prefill(
        request.session,
        **selectors.checkout_delivery(conversation),
        cart_id=cart.pk if cart is not None else None,
        user=request.user,
        **selling.payment_tenders(conversation),
    )
    return redirect("orders:checkout")


@require_GET
def stock(request):
    """Live stock per store for the product cards on screen (?ids=1,2,3): public, as on /libros/."""
    try:
        rows = selling.live_stock(request.GET.get("ids", ""))
    except ChatError as error:
        return JsonResponse({"error": error.message, "code": error.code}, status=400)
    return JsonResponse({"stock": rows})


# Clerk inbox
# ------------------------------------------------------------------------------


class NotesForm(forms.Form):
    notes = forms.CharField(
        required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )


@staff_required
def inbox(request):
    wish = ClerkPresence.objects.filter(user=request.user).first()
    return render(
        request,
        "chat/staff/inbox.html",
        {
            **selectors.inbox(user=request.user, q=request.GET.get("q", "")),
            # The switch shows the clerk's wish; the status line whether routing sees them
            # (another tab may keep them live; this page's socket is not connected yet).
            "online": bool(wish and wish.wants_online),
            "live_online": presence.is_online(request.user),
            "heartbeat_seconds": presence.heartbeat_every(),
            "colleagues": selectors.colleagues(request.user),
            "canned_answers": selectors.canned_answers(),
        },
    )


@staff_required
def inbox_lists(request):
    return render(
        request,
        "chat/staff/inbox.html#inbox-lists",
        selectors.inbox(user=request.user, q=request.GET.get("q", "")),
    )


def _conversation(request, conversation_id) -> Conversation:
    conversation = get_object_or_404(
        Conversation.objects.select_related("customer", "store", "assigned_clerk"),
        pk=conversation_id,
    )
    if not access.clerk_can_access(request.user, conversation):
        raise PermissionDenied(_("Esta conversación es de otra tienda."))
    return conversation


@staff_required
def customer_panel(request, conversation_id):
    conversation = _conversation(request, conversation_id)
    context = selectors.customer_context(conversation)
    context["cart"] = selling.cart_summary(conversation)
    if context["customer"] is not None:
        context["notes_form"] = NotesForm(initial={"notes": context["customer"].notes})
    return render(request, "chat/staff/partials/customer.html", context)


@require_POST
@staff_required
def customer_notes(request, conversation_id):
    conversation = _conversation(request, conversation_id)
    form = NotesForm(request.POST)
    if conversation.customer is not None and form.is_valid():
        from crm.customers import update_profile

        update_profile(customer=conversation.customer, data={"notes": form.cleaned_data["notes"]})
        messages.success(request, _("Notas guardadas."))
    return customer_panel(request, conversation_id)


@staff_required
def product_search(request, conversation_id):
    from catalog.selectors import suggestions
    from inventory.selectors import availability_many

    _conversation(request, conversation_id)
    q = request.GET.get("q", "")[:100]
    products = suggestions(q, limit=8) if q else []
    stock = availability_many(products)
    return render(
        request,
        "chat/staff/partials/products.html",
        {
            "rows": [(p, stock.get(p.pk, [])) for p in products],
            "q": q,
            "conversation_id": conversation_id,
        },
    )


@require_POST
@staff_required
def follow_up_done(request, follow_up_id):
    try:
        followups.handle_follow_up(user=request.user, follow_up_id=follow_up_id)
    except ChatForbidden:
        raise PermissionDenied from None
    return inbox_lists(request)
