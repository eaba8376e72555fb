from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import get_script_prefix
from django.utils.functional import cached_property

from inventory.models import Store
from inventory.staff import can_pick_store, staff_store


def site(request):
    """What every page needs to draw the header and footer."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "STRIPE_ENABLED": settings.STRIPE_ENABLED,
    }


# Which tab and sub-tab of the staff console a URL belongs to, by its route: the longest prefix
# wins. Routes, not URL names, so that the tabs survive the namespaces being merged.
CONSOLE_PAGES = (
    ("tienda/stock/conteo/", "stock", "count"),
    ("tienda/stock/transferencias/", "stock", "transfers"),
    ("tienda/stock/", "stock", "stock"),
    ("tienda/pedidos/recojo/", "orders", "desk"),
    ("tienda/pedidos/nuevo/", "orders", "phone"),
    ("tienda/pedidos/", "orders", "board"),
    ("tienda/reparto/", "courier", "route"),
    ("tienda/chat/", "chat", "inbox"),
    ("tienda/catalogo/", "import", "import"),
    ("tienda/reclamaciones/", "complaints", "complaints"),
    ("tienda/puntos/", "loyalty", "loyalty"),
    ("tienda/", "", ""),
)
# Pages where changing store shows the same page for the other store. Any other page is about
# one store's object (an item, an order) or answers a POST: the picker goes to its tab instead.
SAME_PAGE_FOR_ANOTHER_STORE = {"tienda/pedidos/nuevo/<int:customer_id>/"}


class StaffConsole:
    """What `templates/staff/base.html` draws: the tabs, the store and the store picker.

    Lazy: a page whose view already passes `store` never looks this one up (the templates
    prefer the view's), and nothing is computed on pages that do not draw the console.
    """

    def __init__(self, request, route: str, prefix: str, tool: str, page: str):
        self.request = request
        self.tool = tool
        self.page = page
        path = request.path if route == prefix or route in SAME_PAGE_FOR_ANOTHER_STORE else ""
        self.picker_action = path or get_script_prefix() + prefix

    @cached_property
    def store(self):
        """The store this request works on, or None when the store rules refuse one."""
        try:
            return staff_store(self.request)
        except (PermissionDenied, Http404):
            return None

    @cached_property
    def can_pick_store(self) -> bool:
        # The store rules refuse a picker only when there is no store to pick.
        return bool(self.stores)

    @cached_property
    def stores(self) -> list:
        """The stores in the picker: one query, for owners and admins only."""
        if not can_pick_store(self.request.user):
            return []
        return list(Store.objects.filter(is_active=True).order_by("kind", "name"))


def staff_console(request):
    """`staff_console` for store staff on the console's pages (/tienda/…); nothing elsewhere."""
    match = getattr(request, "resolver_match", None)
    route = getattr(match, "route", "") or ""
    if not route.startswith("tienda/"):
        return {}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_store_staff:
        return {}
    for prefix, tool, page in CONSOLE_PAGES:
        if route.startswith(prefix):
            return {"staff_console": StaffConsole(request, route, prefix, tool, page)}
    return {}
