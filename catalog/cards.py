"""Product cards, rendered flat and cached: `{% product_cards products %}` (catalog_tags).

A card has a fixed part, the same for every visitor (cover, title, authors, price, the stock
line and the add-to-cart form), and a personal part (the recommendation's reason, the favorite
button). The fixed part is cached under (product, version, language): one `get_many` per
grid, one `set_many` for the misses, and stock is read only for the misses. A product's version
goes up on every change its card shows (catalog.versions), so a cached card is never stale
and nothing is ever deleted.

Every URL of a grid is reversed once per request (a pattern with a placeholder, the slug or
pk put in its place), not once per card: reversing was most of a list page's time. The HTML
is written here rather than in a template for the same reason; the texts are the templates'
own msgids, so their translations apply.

Anonymous visitors get no form for what needs an account: the favorite button is a link to
the toggle, which keeps the ♡ in the session, sends them to log in and adds it once they are
in. No form prints a CSRF token: pages carry none (so they can be cached); site.js adds the
token to every POST.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core.cache import caches
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext

from catalog.versions import fragment_key
from core.money import format_soles

# Part of every key: change it when the card's markup changes, so no old card is read again.
CARD_FORMAT = "c1"
CARD_TIMEOUT = 24 * 3600

_SLUG = "__slug__"
_PK = 987654321


class CardUrls:
    """The URL patterns of a grid, reversed once and filled per card."""

    def __init__(self):
        self.product = reverse("catalog:product_detail", args=[_SLUG])
        self.cover = reverse("catalog:product_cover", args=[_SLUG])
        self.cart_add = reverse("orders:cart_add", args=[_PK])
        self.favorite = reverse("catalog:favorite_toggle", args=[_SLUG])
        self.login = reverse("account_login")
        # The favorite button's texts, translated once per grid rather than once per card.
        self.save_label = escape(gettext("Guardar en favoritos"))
        self.remove_label = escape(gettext("Quitar de favoritos"))
        self.saved_label = escape(gettext("En favoritos"))

    @classmethod
    def for_request(cls, request) -> CardUrls:
        """One set per request (and language): the home page's four grids share it."""
        if request is None:
            return cls()
        memo = request.__dict__.setdefault("_card_urls", {})
        language = get_language()
        if language not in memo:
            memo[language] = cls()
        return memo[language]

    def product_url(self, product) -> str:
        return self.product.replace(_SLUG, product.slug)

    def cover_url(self, product) -> str:
        if product.cover:
            return product.cover.url
        return self.cover.replace(_SLUG, product.slug)

    def cart_add_url(self, product) -> str:
        return self.cart_add.replace(str(_PK), str(product.pk))

    def favorite_url(self, product) -> str:
        return self.favorite.replace(_SLUG, product.slug)


def card_key(product, language: str) -> str:
    return f"card:{CARD_FORMAT}:{language}:{fragment_key(product)}"


def _stock_line(stock) -> tuple[str, bool]:
    """The compact availability line (as inventory/partials/availability.html compact) and
    whether any store has a copy."""
    present = [entry for entry in stock or [] if entry.available > 0]
    if not present:
        return f'<p class="stock-line out">{escape(gettext("Agotado"))}</p>', False
    if len(present) == 1:
        text = gettext("Disponible en %(store)s") % {"store": present[0].store.short_name}
    else:
        n = len(present)
        text = ngettext("Disponible en %(n)s tienda", "Disponible en %(n)s tiendas", n) % {"n": n}
    return f'<p class="stock-line in-stock">{escape(text)}</p>', True


def render_fixed(product, stock, urls: CardUrls) -> tuple[str, str]:
    """The fixed part of one card, as (head, tail): the personal reason goes between them."""
    url = escape(urls.product_url(product))
    title = escape(product.title)
    alt = escape(gettext("Portada de %(title)s") % {"title": product.title})
    authors = product.ordered_authors
    author_line = (
        f'<p class="card-author">{escape(", ".join(a.name for a in authors))}</p>'
        if authors
        else ""
    )
    price = escape(format_soles(product.price))
    if product.on_sale:
        price += f' <s class="muted">{escape(format_soles(product.compare_at_price))}</s>'
    head = (
        f'<a class="cover-link" href="{url}">'
        f'<img class="cover" src="{escape(urls.cover_url(product))}" alt="{alt}" width="200"'
        f' height="300" loading="lazy"></a>\n'
        f'<div class="card-body">\n'
        f'<h3 class="card-title"><a href="{url}">{title}</a></h3>\n'
        f"{author_line}"
        f'<p class="price">{price}</p>\n'
    )
    line, in_stock = _stock_line(stock)
    tail = line + "\n"
    if in_stock:
        cart = escape(urls.cart_add_url(product))
        tail += (
            f'<form class="add-to-cart" method="post" action="{cart}" hx-post="{cart}"'
            f' hx-target="this" hx-swap="beforeend">'
            f'<input type="hidden" name="cantidad" value="1">'
            f'<button type="submit" class="button small">'
            f"{escape(gettext('Agregar al carrito'))}</button></form>\n"
        )
    return head, tail


def favorite_button(
    product, *, urls: CardUrls, is_favorite: bool, authenticated: bool, next_url: str
) -> str:
    """The card's favorite button: a link to log in for a visitor, a form for a customer."""
    if not authenticated:
        # The toggle's URL: it keeps the ♡ in the session and sends the visitor to log in.
        return (
            f'<a class="favorite-button favorite-login" href="{escape(urls.favorite_url(product))}"'
            ' rel="nofollow">'
            f'♡ <span class="visually-hidden">{urls.save_label}</span></a>'
        )
    action = escape(urls.favorite_url(product))
    if is_favorite:
        state = "remove"
        button = (
            f'<button type="submit" class="favorite-button is-favorite" aria-pressed="true"'
            f' title="{urls.remove_label}">♥ <span class="visually-hidden">'
            f"{urls.saved_label}</span></button>"
        )
    else:
        state = "add"
        button = (
            f'<button type="submit" class="favorite-button" aria-pressed="false"'
            f' title="{urls.save_label}">♡ <span class="visually-hidden">'
            f"{urls.save_label}</span></button>"
        )
    return (
        f'<form class="favorite-form" method="post" action="{action}" hx-post="{action}"'
        f' hx-swap="outerHTML"><input type="hidden" name="next" value="{escape(next_url)}">'
        f'<input type="hidden" name="action" value="{state}">{button}</form>'
    )


def fixed_parts(
    products: list, *, urls: CardUrls, stock_for: Callable[[list[int]], dict]
) -> dict[int, tuple[str, str]]:
    """{product id: (head, tail)} from the cache, rendering (and caching) only the misses.

    `stock_for(ids)` gives {product id: [StoreStock...]} (inventory sits above the catalog:
    the page passes its reader in); it is called once, with the misses only, or not at all."""
    language = get_language() or ""
    cache = fragment_cache()
    keys = {product.pk: card_key(product, language) for product in products}
    found = cache.get_many(list(set(keys.values()))) if keys else {}
    parts = {pk: found[key] for pk, key in keys.items() if key in found}
    missing = [product for product in products if product.pk not in parts]
    if missing:
        _prefetch_authors(missing)
        stock = stock_for([product.pk for product in missing]) or {}
        fresh = {}
        for product in missing:
            if product.pk in parts:  # the same product twice in one grid
                continue
            parts[product.pk] = render_fixed(product, stock.get(product.pk, []), urls)
            fresh[keys[product.pk]] = parts[product.pk]
        cache.set_many(fresh, CARD_TIMEOUT)
    return parts


def _prefetch_authors(products: list) -> None:
    """The authors of the cards about to be rendered, in one query, for those fetched
    without them (`Product.objects.card_rows()`)."""
    from django.db.models import Prefetch, prefetch_related_objects

    from catalog.models import ProductAuthor

    bare = [
        p for p in products if "product_authors" not in getattr(p, "_prefetched_objects_cache", {})
    ]
    if bare:
        prefetch_related_objects(
            bare,
            Prefetch(
                "product_authors",
                queryset=ProductAuthor.objects.select_related("author").order_by("position"),
            ),
        )


def page_parts(request, products: Iterable, *, stock_for: Callable[[list[int]], dict]) -> dict:
    """The fixed parts of every card a page shows, fetched together: a view with several
    grids (the home page's shelves) passes them as `card_parts`, so the page makes one cache
    read and at most one stock read, not one per grid."""
    return fixed_parts(list(products), urls=CardUrls.for_request(request), stock_for=stock_for)


def render_cards(
    items: Iterable,
    *,
    request,
    favorite_ids: Iterable[int] = (),
    stock_for: Callable[[list[int]], dict],
    reasons: bool = False,
    known: dict | None = None,
) -> SafeString:
    """The cards of a grid. `items` are products, or recommendations (`.product`, `.reason`)
    when `reasons` is set; `known` holds fixed parts the view fetched already (`page_parts`)."""
    items = list(items)
    products = [item.product for item in items] if reasons else items
    if not products:
        return mark_safe("")
    urls = CardUrls.for_request(request)
    parts = dict(known or {})
    others = [product for product in products if product.pk not in parts]
    if others:
        parts.update(fixed_parts(others, urls=urls, stock_for=stock_for))
    user = getattr(request, "user", None)
    authenticated = bool(user and user.is_authenticated)
    next_url = request.get_full_path() if request is not None else ""
    favorites = set(favorite_ids or ())
    html = []
    for item, product in zip(items, products, strict=True):
        head, tail = parts[product.pk]
        reason = getattr(item, "reason", "") if reasons else ""
        html.append(
            f'<article class="product-card">\n{head}'
            + (f'<p class="reason">{escape(reason)}</p>\n' if reason else "")
            + tail
            + favorite_button(
                product,
                urls=urls,
                is_favorite=product.pk in favorites,
                authenticated=authenticated,
                next_url=next_url,
            )
            + "\n</div>\n</article>\n"
        )
    return mark_safe("".join(html))  # noqa: S308 - every value above is escaped


def fragment_cache():
    """Django's own choice for template fragments: a "template_fragments" cache if the
    settings have one, else the default."""
    from django.conf import settings

    return caches["template_fragments" if "template_fragments" in settings.CACHES else "default"]
