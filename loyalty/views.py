"""The Club Pepito's pages: the customer's points (/cuenta/puntos/) and digital card, the
programme's terms (/club-pepito/), and the managers' page (/tienda/puntos/).

Views parse the input and call one selector or service; the rules live in loyalty.services.
"""

import io
import json

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from crm.customers import customer_for_request
from inventory.staff import staff_required
from loyalty import selectors, services
from loyalty.exceptions import LoyaltyError
from loyalty.forms import AdjustForm, FiguresForm, JoinForm

VIEW_PROGRAM = "loyalty.view_program"
ADJUST_POINTS = "loyalty.adjust_points"


# The customer's pages
# ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def points(request):
    """Balance, points por confirmar, tier and progress, history, expiry calendar, store
    credit; or, for a customer who has not joined, the terms and the join button (POST)."""
    customer = customer_for_request(request)
    status = 200
    form = JoinForm()
    if request.method == "POST":
        form = JoinForm(request.POST)
        if form.is_valid():
            try:
                services.join(customer, accepted_terms=True)
            except LoyaltyError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("¡Bienvenido al Club Pepito! Ya sumas puntos."))
                return redirect("loyalty:points")
        status = 400
    context = selectors.points_page(customer, page_number=request.GET.get("pagina"))
    context["join_form"] = form
    if context["account"] is not None:
        # The header badge from the account just read, instead of its own query.
        context["loyalty_badge"] = selectors.Badge(points=context["account"].points_balance)
    context.update(_program_rules())
    return render(request, "loyalty/points.html", context, status=status)


@login_required
@require_GET
def card(request):
    """The digital card: the QR with the account number for the counter, a page meant to be
    kept on the phone's home screen (its web app manifest is `card_manifest`)."""
    account = selectors.account_for_customer(customer_for_request(request))
    if account is None:
        messages.info(request, _("Únete al Club Pepito para tener tu tarjeta digital."))
        return redirect("loyalty:points")
    return render(request, "loyalty/card.html", {"account": account})


@login_required
@require_GET
def card_qr(request):
    """The card's QR code (the account number), a standalone SVG document like the pickup QR."""
    account = selectors.account_for_customer(customer_for_request(request))
    if account is None:
        raise Http404(_("Todavía no tienes una tarjeta del Club Pepito."))
    buffer = io.BytesIO()
    segno.make(account.number, error="m").save(
        buffer, kind="svg", scale=8, border=2, dark="#2b2118"
    )
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def card_manifest(request):
    """The card page's web app manifest: "add to home screen" opens the card, full screen.

    Public and personal-free: browsers fetch manifests without the session cookie."""
    manifest = {
        "name": _("Club Pepito · Mi tarjeta"),
        "short_name": _("Club Pepito"),
        "description": _("Tu tarjeta de puntos de Libros Pepito, para mostrar en caja."),
        "lang": request.LANGUAGE_CODE,
        "start_url": reverse("loyalty:card"),
        "scope": reverse("loyalty:card"),
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#fbf6ee",
        "theme_color": "#7a1f2b",
        "icons": [
            {
                "src": static(f"img/icon-{size}.png"),
                "sizes": f"{size}x{size}",
                "type": "image/png",
                "purpose": "any maskable",
            }
            for size in (192, 512)
        ],
    }
    response = HttpResponse(
        json.dumps(manifest, ensure_ascii=False), content_type="application/manifest+json"
    )
    response["Cache-Control"] = "public, max-age=3600"
    return response


def _program_rules() -> dict:
    """The programme's figures from settings, as the terms and the join box state them."""
    return {
        "points_per_sol": settings.LOYALTY_POINTS_PER_SOL,
        "point_value_100": services.points_value(100),
        "min_redeem": settings.LOYALTY_MIN_REDEEM_POINTS,
        "min_redeem_value": services.points_value(settings.LOYALTY_MIN_REDEEM_POINTS),
        "max_share": int(settings.LOYALTY_MAX_REDEEM_SHARE * 100),
        "expiry_months": settings.LOYALTY_EXPIRY_MONTHS,
        "warning_days": settings.LOYALTY_EXPIRY_WARNING_DAYS,
        "give_back_days": settings.LOYALTY_GIVE_BACK_MIN_DAYS,
        "signup_bonus": settings.LOYALTY_SIGNUP_BONUS,
        "birthday_bonus": settings.LOYALTY_BIRTHDAY_BONUS,
    }


@require_GET
def terms(request):
    """The programme's terms: how to earn, redeem, the tiers and expiry (public)."""
    context = {"tiers": selectors.tiers(), **_program_rules()}
    return render(request, "loyalty/terms.html", context)


# The managers' page (/tienda/puntos/)
# ------------------------------------------------------------------------------


def _check_manager(request) -> None:
    if not request.user.has_perm(VIEW_PROGRAM):
        raise PermissionDenied(
            _("El Club Pepito lo administran los jefes de tienda, la dueña y la administración.")
        )


@staff_required
@require_GET
def staff_program(request):
    """The programme's figures over a date range, and the account search."""
    _check_manager(request)
    figures_form = FiguresForm(request.GET)
    start, end = figures_form.period()
    q = " ".join((request.GET.get("buscar") or "").split())[:100]
    context = {
        "figures_form": figures_form,
        "figures": selectors.program_figures(start=start, end=end),
        "q": q,
        "results": selectors.find_accounts(q) if q else [],
    }
    status = 400 if figures_form.errors else 200
    return render(request, "loyalty/staff/program.html", context, status=status)


def _staff_account_context(request, account, form) -> dict:
    return {
        "account": account,
        "history": selectors.staff_history_page(account, request.GET.get("pagina")),
        "credit_entries": selectors.staff_credit_history(account),
        "pending": selectors.pending_points(account),
        "form": form,
        "can_adjust": request.user.has_perm(ADJUST_POINTS),
    }


def _account_or_404(number: str):
    account = selectors.staff_account(number)
    if account is None:
        raise Http404(_("No hay una cuenta del Club Pepito con ese número."))
    return account


@staff_required
@require_GET
def staff_account(request, account_number):
    """One account's whole history, and the "Ajustar saldo" form."""
    _check_manager(request)
    account = _account_or_404(account_number)
    context = _staff_account_context(request, account, AdjustForm())
    return render(request, "loyalty/staff/account.html", context)


@staff_required
@require_POST
def staff_adjust(request, account_number):
    """A manager adds or takes points, with a reason (kept on the ledger row with who did it)."""
    _check_manager(request)
    if not request.user.has_perm(ADJUST_POINTS):
        raise PermissionDenied(_("No puedes ajustar saldos de puntos."))
    account = _account_or_404(account_number)
    form = AdjustForm(request.POST)
    if form.is_valid():
        try:
            services.adjust_points(
                account=account,
                points=form.cleaned_data["points"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except LoyaltyError as error:
            form.add_error(None, error.message)
        else:
            change = form.cleaned_data["points"]
            done = (
                _("Sumamos %(points)s puntos a la cuenta %(number)s.")
                if change > 0
                else _("Restamos %(points)s puntos a la cuenta %(number)s.")
            )
            messages.success(request, done % {"points": abs(change), "number": account.number})
            return redirect("staff:loyalty_account", account_number=account.number)
    account.refresh_from_db()
    context = _staff_account_context(request, account, form)
    return render(request, "loyalty/staff/account.html", context, status=400)
