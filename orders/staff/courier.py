"""The courier's phone pages (/tienda/reparto/): the route with "entregado" / "no entregado", the
end-of-day cash-up that a manager closes, and the board's "reprogramar" for a failed delivery.

Couriers (the repartidor role) and store staff open them; each works on the store of
`inventory.staff.staff_store` (a courier's own store, the warehouse in the demo). The rules
live in orders.courier; these views only parse the input.
"""

from datetime import date, timedelta
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from accounts.roles import Role
from inventory.staff import can_pick_store, staff_required, staff_store, staff_url
from orders import courier, delivery
from orders.exceptions import OrderError
from orders.models import CollectMeans, DeliveryAttempt, Order, Payment
from orders.staff.common import detail_url, order_for_staff


def courier_required(view):
    """Couriers and store staff; anyone else gets a 403."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not (user.is_courier or user.is_store_staff):
            raise PermissionDenied(
                _("Esta sección es solo para repartidores y personal de tienda.")
            )
        return view(request, *args, **kwargs)

    return wrapper


def _route_context(request, store, **extra) -> dict:
    today = timezone.localdate()
    return {
        "store": store,
        "today": today,
        "stops": courier.route(store=store),
        "done": courier.attempts_of_day(courier=request.user, day=today),
        "means": CollectMeans.choices,
        "reasons": DeliveryAttempt.Reason.choices,
        "is_courier": request.user.is_courier,
        **extra,
    }


@courier_required
@require_GET
def route(request):
    store = staff_store(request)
    return render(request, "orders/staff/courier_route.html", _route_context(request, store))


def _stop_order(request, number) -> tuple[Order, object]:
    store = staff_store(request)
    order = Order.objects.filter(number=(number or "")[:20].upper()).first()
    if order is None or (not can_pick_store(request.user) and order.store_id != store.pk):
        raise Http404  # the same answer as for a number that does not exist
    return order, store


def _answer(request, store, order, *, error: str = "", done: str = ""):
    if error:
        context = _route_context(request, store, error=error, error_number=order.number)
        return render(request, "orders/staff/courier_route.html", context, status=400)
    messages.success(request, done)
    return redirect(staff_url("staff:courier_route", store))


@courier_required
@require_POST
def deliver(request, number):
    order, store = _stop_order(request, number)
    try:
        order = courier.deliver(
            order=order,
            courier=request.user,
            means=request.POST.get("means", "")[:10],
            operation=request.POST.get("operation", "")[:40],
            store=store,
        )
    except OrderError as exc:
        return _answer(request, store, order, error=exc.message)
    return _answer(
        request,
        store,
        order,
        done=_("Entregaste el pedido %(number)s. ¡Bien!") % {"number": order.number},
    )


@courier_required
@require_POST
def report_failed(request, number):
    order, store = _stop_order(request, number)
    try:
        order = courier.report_failed(
            order=order,
            courier=request.user,
            reason=request.POST.get("reason", "")[:12],
            note=request.POST.get("note", "")[:400],
            store=store,
        )
    except OrderError as exc:
        return _answer(request, store, order, error=exc.message)
    return _answer(
        request,
        store,
        order,
        done=_("El pedido %(number)s vuelve a la tienda; avisamos al cliente.")
        % {"number": order.number},
    )


def _can_close(user) -> bool:
    return user.has_perm("orders.add_courierdayclose")


def _couriers(store) -> list[User]:
    """The couriers of the store, and anyone else who collected at the door for it lately."""
    since = timezone.now() - timedelta(days=31)
    collected = Payment.objects.filter(
        method=Order.PaymentMethod.ON_DELIVERY, order__store=store, created_at__gte=since
    ).values("received_by")
    return list(
        User.objects.filter(Q(store=store, groups__name=Role.COURIER.value) | Q(pk__in=collected))
        .distinct()
        .order_by("first_name", "email")
    )


def _parse_day(raw: str, *, default: date) -> date:
    try:
        day = date.fromisoformat((raw or "")[:10])
    except ValueError:
        return default
    return day if 0 <= (default - day).days <= 62 else default


@courier_required
@require_http_methods(["GET", "POST"])
def cashup(request):
    """The day's collections per means against what was handed over; a manager closes it."""
    store = staff_store(request)
    today = timezone.localdate()
    source = request.POST if request.method == "POST" else request.GET
    day = _parse_day(source.get("dia", ""), default=today)
    user = request.user
    if user.is_courier and not user.is_store_staff:
        couriers, chosen = [user], user
    else:
        couriers = _couriers(store)
        wanted = str(source.get("repartidor", ""))[:12]
        chosen = next(
            (c for c in couriers if str(c.pk) == wanted), couriers[0] if couriers else None
        )
    error = ""
    answer = 200
    if request.method == "POST":
        if not _can_close(user):
            raise PermissionDenied(_("Solo el jefe de tienda cierra la caja del repartidor."))
        if chosen is None:
            raise Http404
        try:
            courier.close_day(
                courier=chosen,
                day=day,
                store=store,
                counted={
                    means: source.get(f"contado_{means}", "") for means in CollectMeans.values
                },
                note=source.get("note", "")[:400],
                actor=user,
            )
        except OrderError as exc:
            error, answer = exc.message, 400
        else:
            messages.success(
                request,
                _("Cerraste la caja de %(who)s del %(day)s.")
                % {"who": chosen.get_full_name() or chosen.email, "day": day.strftime("%d/%m/%Y")},
            )
            return redirect(
                staff_url("staff:courier_cashup", store, repartidor=chosen.pk, dia=day.isoformat())
            )
    summary = courier.day_summary(courier=chosen, day=day) if chosen else None
    rows = [
        (*row, source.get(f"contado_{row[0]}", "") if request.method == "POST" else row[2])
        for row in (summary.rows if summary else [])
    ]
    context = {
        "store": store,
        "day": day,
        "rows": rows,
        "today": today,
        "yesterday": today - timedelta(days=1),
        "couriers": couriers,
        "chosen": chosen,
        "summary": summary,
        "can_close": _can_close(user),
        "error": error,
        "note": source.get("note", "")[:300] if request.method == "POST" else "",
        "is_courier": user.is_courier,
    }
    return render(request, "orders/staff/courier_cashup.html", context, status=answer)


@staff_required
@require_POST
def reschedule(request, number):
    """The staff's "reprogramar" on the order's page: a new day and window for a delivery."""
    order, store = order_for_staff(request, number)
    try:
        courier.reschedule(order=order, slot=request.POST.get("slot", "")[:40], actor=request.user)
    except OrderError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Reprogramaste el pedido %(number)s; despáchalo otra vez ese día.")
            % {"number": order.number},
        )
    return redirect(detail_url(order, store))


def reschedule_options(order: Order) -> list:
    """The windows the staff's order page offers for a new delivery day (Lima, not yet out)."""
    if not order.is_delivery or order.status not in (Order.Status.PROCESSING, Order.Status.PACKED):
        return []
    zone = delivery.zone_for_district(order.address_district)
    if zone is None:
        return []
    return delivery.slot_options(zone, days=7)
