"""The staff console (/tienda/) and its stock pages, for clerks and managers of a store.

Each view finds the store it works on with `_staff_store()`: staff act only on their own store
(403 for another one, also when a forged id points elsewhere); admins and the owner can pick
any store with ?tienda=<slug>. Views parse input and call inventory.stock; a domain error
becomes a Spanish message on the page, never a 500.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.parsing import parse_id, parse_int
from inventory import selectors, stock
from inventory.exceptions import InventoryError, UnknownIsbn
from inventory.forms import AdjustForm, ReceiveForm, TransferRequestForm
from inventory.ledger import ledger_rows
from inventory.models import StockItem, Store, Transfer
from inventory.staff import staff_required, staff_url
from inventory.staff import staff_store as _staff_store

PAGE_SIZE = 50
COUNT_PAGE_SIZE = 60


def _check_can_change(user) -> None:
    if not user.has_perm("inventory.change_stockitem"):
        raise PermissionDenied(
            _("Tu rol no permite cambiar el stock; pide ayuda al jefe de tienda.")
        )


@staff_required
def console(request):
    store = None
    if request.user.store_id:
        store = request.user.store
    return render(request, "inventory/staff/console.html", {"store": store})


@staff_required
def stock_list(request):
    store = _staff_store(request)
    q = request.GET.get("q", "")[:100]
    low_only = request.GET.get("bajo", "") in {"1", "on"}
    items = selectors.store_stock(store=store, q=q, low_only=low_only)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("pagina"))
    context = {
        "store": store,
        "q": q,
        "low_only": low_only,
        "page": page,
        "filter_query": urlencode({"tienda": store.slug, "q": q, "bajo": "1" if low_only else ""}),
    }
    if request.htmx and request.htmx.target == "stock-table":
        return render(request, "inventory/staff/stock_list.html#stock-table", context)
    context["alerts"] = list(selectors.low_stock_alerts(store=store)[:20])
    context["receive_form"] = ReceiveForm()
    context["open_transfers"] = Transfer.objects.filter(
        Q(from_store=store, state=Transfer.State.REQUESTED)
        | Q(to_store=store, state=Transfer.State.SENT)
    ).count()
    return render(request, "inventory/staff/stock_list.html", context)


def _product_by_isbn(isbn: str):
    from catalog.models import Product

    product = Product.objects.filter(isbn=isbn).first()
    if product is None:
        raise UnknownIsbn(isbn)
    return product


@staff_required
@require_POST
def stock_receive(request):
    store = _staff_store(request)
    _check_can_change(request.user)
    form = ReceiveForm(request.POST)
    context = {"store": store, "receive_form": form}
    if form.is_valid():
        try:
            product = _product_by_isbn(form.cleaned_data["isbn"])
            item = stock.receive(store, product, form.cleaned_data["quantity"], request.user)
        except InventoryError as error:
            form.add_error(None, error.message)
        else:
            context["received"] = {
                "product": product,
                "quantity": form.cleaned_data["quantity"],
                "item": item,
            }
            context["receive_form"] = ReceiveForm()
            if not request.htmx:
                messages.success(
                    request,
                    _("Recibiste %(qty)s × «%(title)s». Ahora hay %(on_hand)s en tienda.")
                    % {
                        "qty": form.cleaned_data["quantity"],
                        "title": product.title,
                        "on_hand": item.on_hand,
                    },
                )
                return redirect(staff_url("staff:stock", store))
    if request.htmx:
        response = render(request, "inventory/staff/stock_list.html#receive-panel", context)
        if "received" in context:
            response["HX-Trigger"] = "stock-changed"
        return response
    # Without JavaScript: the whole page with the form's errors (htmx swaps only 2xx answers).
    return _render_stock_page(request, store, context, status=400)


def _render_stock_page(request, store, extra, *, status=200):
    items = selectors.store_stock(store=store)
    context = {
        "store": store,
        "q": "",
        "low_only": False,
        "page": Paginator(items, PAGE_SIZE).get_page(1),
        "filter_query": urlencode({"tienda": store.slug}),
        "alerts": list(selectors.low_stock_alerts(store=store)[:20]),
        "receive_form": ReceiveForm(),
        "open_transfers": 0,
        **extra,
    }
    return render(request, "inventory/staff/stock_list.html", context, status=status)


def _item_of_store(item_id: int, store: Store) -> StockItem:
    item = get_object_or_404(StockItem.objects.select_related("product", "store"), pk=item_id)
    if item.store_id != store.pk:
        raise PermissionDenied(
            _("Ese producto es del stock de otra tienda; solo puedes cambiar el de la tuya.")
        )
    return item


@staff_required
def stock_adjust(request, item_id):
    store = _staff_store(request)
    item = _item_of_store(item_id, store)
    if request.method not in {"GET", "POST"}:
        return HttpResponseNotAllowed(["GET", "POST"])
    form = AdjustForm(request.POST or None)
    if request.method == "POST":
        _check_can_change(request.user)
        if form.is_valid():
            try:
                stock.adjust(
                    store,
                    item.product,
                    form.cleaned_data["delta"],
                    form.cleaned_data["reason"],
                    request.user,
                )
            except InventoryError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request, _("Ajuste guardado para «%(title)s».") % {"title": item.product.title}
                )
                url = staff_url("staff:stock", store)
                if request.htmx:
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = url
                    return response
                return redirect(url)
    context = {"store": store, "item": item, "form": form}
    template = "inventory/staff/stock_adjust.html"
    if request.htmx:
        template += "#adjust-form"
    return render(request, template, context)


def _parse_counts(post) -> tuple[dict[int, int], list[str]]:
    """{product_id: counted} from fields named counted-<product id>; blank fields are skipped."""
    counts, errors = {}, []
    for name, value in post.items():
        if not name.startswith("counted-"):
            continue
        raw_id, value = name.removeprefix("counted-"), value.strip()
        if not value:
            continue
        item_id, counted = parse_id(raw_id), parse_int(value, low=0, high=100_000)
        if item_id is None:
            errors.append(_("Hay una fila del conteo que no reconocemos; recarga la página."))
            continue
        if counted is None:
            errors.append(
                _(
                    "«%(value)s» no es una cantidad válida: escribe cuántas unidades "
                    "contaste (0 o más)."
                )
                % {"value": value[:20]}
            )
            continue
        counts[item_id] = counted
    return counts, errors


@staff_required
def stock_count(request):
    """Step 1 (GET): type what is on the shelf. Step 2 (preview): see the differences.
    Step 3 (confirm): the counts are applied in one transaction."""
    store = _staff_store(request)
    q = (
        request.GET.get("q", "")[:100]
        if request.method == "GET"
        else request.POST.get("q", "")[:100]
    )
    context = {"store": store, "q": q}
    if request.method == "POST":
        _check_can_change(request.user)
        counts, errors = _parse_counts(request.POST)
        if not counts and not errors:
            errors.append(_("No escribiste ninguna cantidad; cuenta al menos un producto."))
        # Only items of this store can be counted here: a forged id of another store is a 403.
        items = {
            item.product_id: item
            for item in selectors.with_available(
                StockItem.objects.filter(product_id__in=list(counts)).select_related("product")
            ).filter(store=store)
        }
        if set(counts) - set(items):
            raise PermissionDenied(
                _("El conteo incluye productos que no son del stock de tu tienda.")
            )
        lines = [
            {"item": items[pid], "counted": value, "difference": value - items[pid].on_hand}
            for pid, value in counts.items()
        ]
        lines.sort(key=lambda line: line["item"].product.title)
        context.update({"lines": lines, "errors": errors})
        if not errors and request.POST.get("action") == "confirm":
            try:
                stock.count(
                    store,
                    [(items[pid].product, value) for pid, value in counts.items()],
                    request.user,
                    note=request.POST.get("note", "")[:100],
                )
            except InventoryError as error:
                context["errors"] = [error.message]
            else:
                changed = sum(1 for line in lines if line["difference"])
                counted = ngettext(
                    "Conteo confirmado: %(n)s producto contado",
                    "Conteo confirmado: %(n)s productos contados",
                    len(lines),
                ) % {"n": len(lines)}
                corrected = _("%(changed)s con diferencias corregidas.") % {"changed": changed}
                messages.success(request, f"{counted}, {corrected}")
                return redirect(staff_url("staff:stock", store))
        return render(request, "inventory/staff/stock_count.html", context, status=200)
    items = selectors.store_stock(store=store, q=q)[:COUNT_PAGE_SIZE]
    context["items"] = list(items)
    if request.htmx and request.htmx.target == "count-rows":
        return render(request, "inventory/staff/stock_count.html#count-rows", context)
    return render(request, "inventory/staff/stock_count.html", context)


@staff_required
def product_history(request, product_id):
    from catalog.models import Product

    store = _staff_store(request)
    product = get_object_or_404(Product, pk=product_id)
    item = selectors.with_available(StockItem.objects.filter(store=store, product=product)).first()
    rows = ledger_rows(selectors.product_history(store=store, product=product), store=store)
    context = {
        "store": store,
        "product": product,
        "item": item,
        "rows": rows,
    }
    return render(request, "inventory/staff/product_history.html", context)


@staff_required
def transfer_list(request):
    store = _staff_store(request)
    transfers = list(selectors.store_transfers(store=store))
    context = {
        "store": store,
        "transfers": transfers,
        "form": TransferRequestForm(to_store=store),
    }
    return render(request, "inventory/staff/transfers.html", context)


@staff_required
@require_POST
def transfer_request(request):
    store = _staff_store(request)
    _check_can_change(request.user)
    form = TransferRequestForm(request.POST, to_store=store)
    if form.is_valid():
        try:
            product = _product_by_isbn(form.cleaned_data["isbn"])
            transfer = stock.request_transfer(
                form.cleaned_data["from_store"],
                store,
                product,
                form.cleaned_data["quantity"],
                request.user,
                note=form.cleaned_data["note"],
            )
        except InventoryError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Pediste %(qty)s × «%(title)s» a %(store)s (transferencia #%(id)s).")
                % {
                    "qty": transfer.quantity,
                    "title": product.title,
                    "store": transfer.from_store,
                    "id": transfer.pk,
                },
            )
            return redirect(reverse("staff:transfers") + "?" + urlencode({"tienda": store.slug}))
    context = {
        "store": store,
        "transfers": list(selectors.store_transfers(store=store)),
        "form": form,
    }
    return render(request, "inventory/staff/transfers.html", context)


@staff_required
@require_POST
def transfer_action(request, transfer_id, action):
    store = _staff_store(request)
    _check_can_change(request.user)
    transfer = get_object_or_404(
        Transfer.objects.select_related("from_store", "to_store", "product"), pk=transfer_id
    )
    if action == "enviar":
        if transfer.from_store_id != store.pk:
            raise PermissionDenied(
                _("Solo la tienda que envía puede marcar esta transferencia como enviada.")
            )
        operation, done = stock.send_transfer, _("Transferencia #%(id)s marcada como enviada.")
    elif action == "recibir":
        if transfer.to_store_id != store.pk:
            raise PermissionDenied(
                _("Solo la tienda que recibe puede marcar esta transferencia como recibida.")
            )
        operation, done = (
            stock.receive_transfer,
            _("Transferencia #%(id)s recibida: el stock ya está en tu tienda."),
        )
    elif action == "anular":
        if store.pk not in (transfer.from_store_id, transfer.to_store_id) or (
            transfer.state == Transfer.State.SENT and not transfer.can_be_cancelled_by(store)
        ):
            raise PermissionDenied(
                _(
                    "Solo las tiendas de la transferencia pueden anularla, y una ya enviada "
                    "solo la tienda que la envió."
                )
            )
        operation, done = (
            stock.cancel_transfer,
            _("Transferencia #%(id)s anulada."),
        )
    else:
        raise PermissionDenied(_("Esa acción no existe."))
    try:
        operation(transfer, request.user)
    except InventoryError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done % {"id": transfer.pk})
    return redirect(reverse("staff:transfers") + "?" + urlencode({"tienda": store.slug}))
