"""Who may use the staff console (/tienda/) and which store a request works on.

Shared by every staff page (stock, orders, pickup desk, chat inbox): staff act only on their own
store; admins and the owner may pick any store with ?tienda=<slug>. The roles are the User's own
knowledge (accounts sits above inventory), asked through its attributes: `is_store_staff`,
`can_pick_any_store`, `store`.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from inventory.models import Store


def staff_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_store_staff:
            raise PermissionDenied(_("Esta sección es solo para el personal de las tiendas."))
        return view(request, *args, **kwargs)

    return wrapper


def can_pick_store(user) -> bool:
    return bool(getattr(user, "can_pick_any_store", False))


def staff_store(request) -> Store:
    """The store this request works on; PermissionDenied for someone else's store."""
    user = request.user
    slug = (request.POST.get("tienda") or request.GET.get("tienda") or "")[:120]
    if can_pick_store(user):
        if slug:
            return get_object_or_404(Store, slug=slug)
        if user.store_id:
            return user.store
        store = Store.objects.filter(is_active=True).order_by("kind", "name").first()
        if store is None:
            raise PermissionDenied(_("Todavía no hay tiendas; créalas en la administración."))
        return store
    if not user.store_id:
        raise PermissionDenied(
            _("Tu usuario no tiene una tienda asignada; pide al administrador que te asigne una.")
        )
    store = user.store
    if slug and slug != store.slug:
        raise PermissionDenied(
            _("Solo puedes trabajar con tu tienda (%(store)s).") % {"store": store}
        )
    return store


def staff_url(name: str, store: Store, *args, **params) -> str:
    """A console URL for `store` (`?tienda=<slug>` plus the non-empty params): every staff
    page links and redirects through it, so the store picked travels with the clerk."""
    query = {"tienda": store.slug, **params}
    return reverse(name, args=args) + "?" + urlencode({k: v for k, v in query.items() if v})
