"""The storefront pages: home, catalog, search, product, author, favorites and instant search.

They compose the layers below: products and search from catalog, stock per store from
inventory, favorites and the customer from crm, recommendations (shop.recommendations) from
what customers bought in orders. URL names keep the `catalog:` namespace (shop/urls.py).
"""

import hashlib
import textwrap
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from catalog import selectors
from catalog.cards import fragment_cache, page_parts
from catalog.models import Author, Genre, Product
from catalog.versions import catalog_generation
from core.http import redirect_to_next
from crm.customers import customer_for_request
from crm.favorites import (
    add_favorite,
    favorite_ids_of_user,
    favorite_products,
    remember_pending_favorite,
    remove_favorite,
)
from inventory.models import Store
from inventory.selectors import availability_many, customer_stores, filter_in_stock
from shop import recommendations, seo

IN_STOCK_VALUES = {"1", "on", "true", "si", "sí"}


def _stock_for(products, stores=None):
    return availability_many(products, stores=stores)


def _favorite_ids(request, products) -> set[int]:
    return favorite_ids_of_user(request.user, [p.pk for p in products])


class _LazyList:
    """A list read from the database the first time something iterates it (or never): the
    list page's stores serve its filter panel and the cards not cached, often neither."""

    def __init__(self, read):
        self._read = read
        self._items = None

    def _list(self) -> list:
        if self._items is None:
            self._items = list(self._read())
        return self._items

    def __iter__(self):
        return iter(self._list())

    def __len__(self) -> int:
        return len(self._list())

    def __bool__(self) -> bool:
        return bool(self._list())


def _cards(request, products, *, stores=None) -> dict:
    """Context shared by every grid of product cards: their fixed parts (one cache read for
    the page; stock is read only for the cards not cached), the stock reader for any other
    card, and favorites. `stores`: the page's list of customer stores, when it shows them
    too (one query less)."""
    products = list(products)

    def stock_for(items):
        return _stock_for(items, stores)

    return {
        "card_parts": page_parts(request, products, stock_for=stock_for),
        "card_stock": stock_for,
        "favorite_ids": _favorite_ids(request, products),
    }


def home(request):
    sections = selectors.home_shelves()
    for_you = []
    if request.user.is_authenticated:
        customer = customer_for_request(request)
        for_you = recommendations.for_customer(customer, limit=8)
    everything = [p for products in sections.values() for p in products]
    everything += [rec.product for rec in for_you]
    stores = _LazyList(customer_stores)
    return render(
        request,
        "catalog/home.html",
        {
            **sections,
            "for_you": for_you,
            # The genre and store chips are cached with the catalog's generation: these two
            # are read only when they are not.
            "genres": selectors.genre_tree,
            "stores": stores,
            "seo": seo.home(),
            "chips_key": f"{catalog_generation()}:{get_language()}",
            **_cards(request, everything, stores=stores),
        },
    )


@vary_on_headers("HX-Request")
def product_list(request):
    return _listing(request, template="catalog/product_list.html")


@vary_on_headers("HX-Request")
def search(request):
    return _listing(request, template="catalog/product_list.html", is_search=True)


def _stock_filters(params, filters: selectors.CatalogFilters):
    """Read `tienda` and `en_stock` into `filters` (with a notice for an unknown store) and
    return the products to look in: those with stock (at that store, or anywhere), or None
    for the whole catalog."""
    store = None
    store_slug = params.get("tienda", "")[:120]
    if store_slug:
        store = Store.objects.filter(slug=store_slug, is_active=True).first()
        if store is None:
            filters.notices.append(_("No encontramos esa tienda; mostramos todas."))
        else:
            filters.store_slug, filters.store_name = store.slug, store.name
    filters.in_stock = params.get("en_stock", "") in IN_STOCK_VALUES
    if store is None and not filters.in_stock:
        return None
    return filter_in_stock(Product.objects.active(), store=store)


def _listing(request, *, template: str, is_search: bool = False):
    filters = selectors.parse_filters(request.GET)
    base = _stock_filters(request.GET, filters)
    page = selectors.catalog_page(filters, base=base)
    stores = _LazyList(customer_stores)
    # Read only when the filter panel is not in the cache, or a genre's page names its parent.
    genres = _LazyList(selectors.genre_tree)
    context = {
        "filters": filters,
        "page": page,
        "q": filters.q,
        "is_search": is_search,
        "genres": genres,
        "seo": seo.listing(request.path, filters, page, is_search=is_search, genre_tree=genres),
        # Read only when the filter panel is not in the cache (the template calls it).
        "publishers": selectors.top_publishers,
        "stores": stores,
        "sort_choices": selectors.Sort.CHOICES,
        "languages": Product.Language.choices,
        "formats": Product.Format.choices,
        "base_url": request.path,
        # The filter panel is the same for every request with these filters: cached (with the
        # catalog's generation, so a renamed genre or a new publisher shows at once).
        "panel_key": ":".join(
            [str(catalog_generation()), get_language() or "", request.path, filters.panel_key()]
        ),
        "querystring": _querystring_without(request.GET, "pagina"),
        **_cards(request, page.object_list, stores=stores),
    }
    if request.htmx and request.htmx.target == "results":
        template += "#results"
    return render(request, template, context)


def _querystring_without(params, *keys) -> str:
    copy = params.copy()
    for key in keys:
        copy.pop(key, None)
    return copy.urlencode()


PRODUCT_PAGE_DATA_SECONDS = 60


def _product_page_data(slug):
    """The book (publisher, genres, authors) and its two lists: four queries, kept in the
    fragment cache under the catalog's generation (any change of any book starts a new one;
    a list refreshed by the spine shows within PRODUCT_PAGE_DATA_SECONDS). Its stock is read
    on every request."""
    cache = fragment_cache()
    key = f"product-page:v1:{catalog_generation()}:{hashlib.sha256(slug.encode()).hexdigest()[:32]}"
    found = cache.get(key)
    if found is not None:
        return found
    product = get_object_or_404(
        Product.objects.active()
        .select_related("publisher")
        .prefetch_related(Prefetch("genres", queryset=Genre.objects.select_related("parent"))),
        slug=slug,
    )
    lists = recommendations.product_page_lists(product)
    selectors.prefetch_cards([product, *lists.products])
    cache.set(key, (product, lists), PRODUCT_PAGE_DATA_SECONDS)
    return product, lists


def product_detail(request, slug):
    """The book, its stock in every store and its two precomputed lists, in six queries: the
    book (with its publisher), its genres, the lists' rows with their books, every card's
    authors, the stores and the stock (plus the favorites of a logged-in customer). The first
    four are kept a minute under the catalog's generation (`_product_page_data`)."""
    product, lists = _product_page_data(slug)
    shown = [product, *lists.products]
    stores = list(customer_stores())
    # One stock read for the book and its lists' cards (those not in the fragment cache).
    stock = _stock_for(shown, stores)
    product_stock = stock.get(product.pk, [])
    in_stock = any(s.available > 0 for s in product_stock)
    return render(
        request,
        "catalog/product_detail.html",
        {
            "product": product,
            "product_stock": product_stock,
            "out_of_stock_everywhere": not in_stock,
            "seo": seo.product(product, in_stock=in_stock),
            "same_author": lists.same_author,
            "also": lists.also,
            "also_from_orders": lists.also_from_orders,
            "card_parts": page_parts(request, lists.products, stock_for=lambda ids: stock),
            "card_stock": lambda ids: stock,
            "favorite_ids": _favorite_ids(request, shown),
        },
    )


def author_detail(request, slug):
    author = get_object_or_404(Author, slug=slug)
    books = selectors.author_books(author)
    return render(
        request,
        "catalog/author_detail.html",
        {
            "author": author,
            "books": books,
            "seo": seo.author(author, books),
            **_cards(request, books),
        },
    )


def search_suggest(request):
    """The dropdown under the header search box (htmx, after 2 characters)."""
    q = request.GET.get("q", "")
    products = selectors.suggestions(q)
    return render(
        request,
        "catalog/partials/search_suggestions.html",
        {"products": products, "q": " ".join(q.split())[: selectors.MAX_QUERY_LENGTH]},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def favorite_toggle(request, slug):
    """♡ on a card or a product page. A visitor's tap (the link a visitor gets, GET, or a POST
    from a page opened before logging out) is kept in the session and they are sent to log in:
    once in, the favorite is added (crm.adapters) and they are back on the book. A customer
    changes favorites by POST only; a GET just shows the book."""
    product = get_object_or_404(Product.objects.active(), slug=slug)
    if not request.user.is_authenticated:
        remember_pending_favorite(request, product=product)
        login = f"{reverse('account_login')}?next={quote(product.get_absolute_url())}"
        if request.htmx:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = login
            return response
        return redirect(login)
    if request.method != "POST":
        return redirect(product.get_absolute_url())
    customer = customer_for_request(request)
    if request.POST.get("action") == "remove":
        remove_favorite(customer=customer, product=product)
        is_favorite = False
    else:
        add_favorite(customer=customer, product=product)
        is_favorite = True
    if request.htmx:
        return render(
            request,
            "catalog/partials/favorite_button.html",
            {"product": product, "is_favorite": is_favorite},
        )
    messages.success(
        request,
        _("Guardado en tus favoritos.") if is_favorite else _("Lo quitamos de tus favoritos."),
    )
    return redirect_to_next(request, request.POST.get("next"), product.get_absolute_url())


@login_required
def favorite_list(request):
    customer = customer_for_request(request)
    products = favorite_products(customer)
    return render(
        request,
        "catalog/favorite_list.html",
        {"products": products, "card_stock": _stock_for, "favorite_ids": {p.pk for p in products}},
    )


COVER_COLORS = ["#7a1f2b", "#1f4e5f", "#2f6b3a", "#5b3a7a", "#8a5a12", "#24466e", "#6b2f4f"]


@cache_control(public=True, max_age=86400)
def product_cover(request, slug):
    """A generated cover for products without a photo: title and author on a coloured spine."""
    product = get_object_or_404(Product.objects.for_cards(), slug=slug)
    digest = int(hashlib.md5(product.slug.encode(), usedforsecurity=False).hexdigest(), 16)
    color = COVER_COLORS[digest % len(COVER_COLORS)]
    lines = textwrap.wrap(product.title, 16)[:6]
    title = "".join(
        f'<text x="100" y="{90 + i * 26}" class="t">{escape(line)}</text>'
        for i, line in enumerate(lines)
    )
    author = escape(textwrap.shorten(product.author_names or "Libros Pepito", 26, placeholder="…"))
    svg = f"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 300" width="200"
 height="300">
<style>.t{{font:bold 19px Georgia,serif;fill:#fff;text-anchor:middle}}
.a{{font:14px Georgia,serif;fill:#f6e7cf;text-anchor:middle}}</style>
<rect width="200" height="300" fill="{color}"/>
<rect x="12" y="12" width="176" height="276" fill="none" stroke="#f6e7cf" stroke-opacity=".5"/>
<rect x="0" y="0" width="10" height="300" fill="#000" fill-opacity=".18"/>
{title}
<line x1="60" y1="245" x2="140" y2="245" stroke="#f6e7cf" stroke-opacity=".6"/>
<text x="100" y="268" class="a">{author}</text>
</svg>"""
    return HttpResponse(svg, content_type="image/svg+xml")
