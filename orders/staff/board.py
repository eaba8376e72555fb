"""The order board (tabs by status, today's deliveries) and the staff's order page, with the
board's one forward move and the annulment."""

from datetime import date, timedelta

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from inventory.exceptions import InventoryError
from inventory.staff import staff_required, staff_store
from orders import selectors, status
from orders.exceptions import OrderError
from orders.models import Order
from orders.staff.common import board_url, decorate, detail_url, order_for_staff
from orders.staff.courier import reschedule_options
from orders.staff_forms import CancelForm

S = Order.Status


@staff_required
@require_GET
def board(request):
    store = staff_store(request)
    tab = request.GET.get("estado", "")[:20]
    if tab not in {*S.values, "hoy", "cerrados", "todos"}:
        tab = ""
    q = " ".join(request.GET.get("buscar", "").split())[:100]
    polled = request.htmx and request.htmx.target == "board-orders"
    version = selectors.board_version(store=store)
    if polled and request.GET.get("version") == version:
        return HttpResponse(status=204)  # nothing changed: htmx keeps the page as it is
    context = {
        "store": store,
        "tab": tab,
        "q": q,
        **_tabs_context(store),
        "version": version,
        "poll_seconds": settings.STAFF_BOARD_POLL_SECONDS,
        "poll_query": urlencode(
            {
                key: value
                for key, value in {
                    "tienda": store.slug,
                    "estado": tab,
                    "buscar": q,
                    "dia": request.GET.get("dia", "")[:10],
                    "version": version,
                }.items()
                if value
            }
        ),
        # An htmx redraw of the list brings the tab counts with it (out of band).
        "oob_tabs": polled,
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
                decorate(order)
        context["groups"] = groups
        context["orders"] = []
    else:
        context["orders"] = [
            decorate(order) for order in selectors.board_orders(store=store, status=tab, q=q)
        ]
    template = "orders/staff/board.html"
    if polled:
        template += "#board-orders"
    return render(request, template, context)


def _tabs_context(store) -> dict:
    counts = selectors.board_counts(store=store)
    return {
        "counts": counts,
        "tabs": [(value, S(value).label, counts.get(value, 0)) for value in selectors.BOARD_TABS],
    }


@staff_required
@require_POST
def advance(request, number):
    """The card's button: the one forward move the board offers (htmx swaps the card)."""
    order, store = order_for_staff(request, number)
    wanted = request.POST.get("to", "")[:20]
    seen = request.POST.get("desde", "")[:20]
    error = None
    try:
        order = status.advance_on_board(order=order, to=wanted, actor=request.user, seen=seen)
    except (OrderError, InventoryError) as exc:
        error = exc.message
    order = Order.objects.select_related("store", "delivery_slot__window", "customer").get(
        pk=order.pk
    )
    if request.htmx:
        tab = request.POST.get("estado", "")[:20]
        context = {
            "store": store,
            "order": decorate(order),
            "error": error,
            "moved": not error,
            "tab": tab,
        }
        card = render_to_string("orders/staff/partials/order_card.html", context, request)
        # The tab counts changed with the move: swapped in out of band.
        tabs = render_to_string(
            "orders/staff/partials/board_tabs.html",
            {"store": store, "tab": tab, "oob": True, **_tabs_context(store)},
            request,
        )
        return HttpResponse(card + tabs)
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
        return redirect(detail_url(order, store))
    return redirect(board_url(store))


@staff_required
@require_GET
def order_detail(request, number):
    order, store = order_for_staff(request, number, full=True)
    context = {
        "store": store,
        "order": decorate(order),
        "lines": list(order.lines.all()),
        "events": list(order.events.all()),
        "payments": list(order.payments.all()),
        "disputes": list(order.disputes.all()),
        "cancel_form": CancelForm(),
        "reschedule_slots": reschedule_options(order),
    }
    return render(request, "orders/staff/order_detail.html", context)


@staff_required
@require_POST
def cancel(request, number):
    order, store = order_for_staff(request, number)
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("reason", [])))
        return redirect(detail_url(order, store))
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
    return redirect(detail_url(order, store))


def _parse_day(raw: str, *, default: date) -> date:
    """A ?dia=YYYY-MM-DD within a month of today; anything else is today."""
    try:
        day = date.fromisoformat((raw or "")[:10])
    except ValueError:
        return default
    return day if abs((day - default).days) <= 31 else default
