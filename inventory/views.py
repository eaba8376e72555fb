from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core import abuse, seo
from core.seo import PageMeta
from inventory.alerts import request_back_in_stock
from inventory.forms import BackInStockForm
from inventory.models import BackInStockRequest, Store
from inventory.seo import book_store


def store_list(request):
    stores = list(
        Store.objects.filter(is_active=True, kind=Store.Kind.STORE).order_by("region", "name")
    )
    page = reverse("inventory:store_list")
    seo_meta = PageMeta(
        title=_("Nuestras tiendas y horarios"),
        description=_(
            "Tiendas de Libros Pepito: %(places)s. Direcciones, teléfonos y horarios; recoge "
            "ahí tus pedidos en línea."
        )
        % {"places": ", ".join(dict.fromkeys(store.district for store in stores))},
        canonical=seo.canonical(page),
        structured=[
            *(book_store(store) for store in stores),
            seo.breadcrumbs([(_("Inicio"), reverse("home")), (_("Tiendas"), page)]),
        ],
    )
    return render(request, "inventory/store_list.html", {"stores": stores, "seo": seo_meta})


def store_detail(request, slug):
    store = get_object_or_404(Store, slug=slug, is_active=True, kind=Store.Kind.STORE)
    hours = "; ".join(f"{day} {time}" for day, time in store.hours_by_day)
    seo_meta = PageMeta(
        title=store.name,
        description=_("%(name)s: %(address)s, %(district)s, %(city)s. Horario: %(hours)s.")
        % {
            "name": store.name,
            "address": store.address,
            "district": store.district,
            "city": store.city,
            "hours": hours,
        },
        canonical=seo.canonical(store.get_absolute_url()),
        structured=[
            book_store(store),
            seo.breadcrumbs(
                [
                    (_("Inicio"), reverse("home")),
                    (_("Tiendas"), reverse("inventory:store_list")),
                    (store.name, store.get_absolute_url()),
                ]
            ),
        ],
    )
    return render(request, "inventory/store_detail.html", {"store": store, "seo": seo_meta})


@require_http_methods(["GET", "POST"])
def back_in_stock(request, product_id):
    """ "Avísame cuando llegue": htmx swaps the form for the confirmation (or the errors).

    Rate-limited per client (core.abuse: a 429 with the form and its message). A bot that fills
    the honeypot sees the usual confirmation, and nothing is stored."""
    from catalog.models import Product

    product = get_object_or_404(Product, pk=product_id, is_active=True)
    if request.method == "GET":
        return redirect(product.get_absolute_url())
    form = BackInStockForm(request.POST)
    context = {"product": product, "back_in_stock_form": form}
    status = 200
    if not abuse.allow(request, "back_in_stock"):
        form.add_error(None, abuse.rate_limited_message())
        status = 429
    elif form.is_valid():
        if form.is_bot:
            wish = BackInStockRequest(  # shown as if stored; never saved
                product=product,
                email=form.cleaned_data["email"],
                phone=form.cleaned_data["phone"],
                store=form.cleaned_data["store"],
            )
        else:
            customer = (
                getattr(request.user, "customer", None) if request.user.is_authenticated else None
            )
            wish = request_back_in_stock(
                product=product,
                email=form.cleaned_data["email"],
                phone=form.cleaned_data["phone"],
                store=form.cleaned_data["store"],
                customer=customer,
            )
        context["back_in_stock_request"] = wish
        if not request.htmx:
            messages.success(
                request,
                _("Listo: te avisaremos cuando llegue «%(title)s».") % {"title": product.title},
            )
            return redirect(product.get_absolute_url())
    if request.htmx:
        return render(request, "inventory/partials/back_in_stock_form.html", context, status=status)
    return render(request, "inventory/back_in_stock.html", context, status=status)
