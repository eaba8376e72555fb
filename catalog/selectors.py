"""Reads for the storefront: catalog filters, search and the page sections.

Every function here returns querysets prepared for cards (`for_cards()`), so a page of products
costs the same few queries whatever its length.
"""

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Value,
    When,
    prefetch_related_objects,
)
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from catalog import search_words
from catalog.models import Author, Genre, Product, ProductAuthor, Publisher
from catalog.text import looks_like_isbn, normalize, normalize_isbn
from catalog.versions import catalog_generation
from core.parsing import parse_decimal

PAGE_SIZE = 24
FUZZY_COUNT_CAP = 120
MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
FACETS_CACHE_SECONDS = 600


class Sort:
    RELEVANCE = "relevancia"
    NEWEST = "novedades"
    PRICE_UP = "precio-asc"
    PRICE_DOWN = "precio-desc"
    BEST_SELLING = "mas-vendidos"

    CHOICES = [
        (RELEVANCE, "Relevancia"),
        (NEWEST, "Novedades"),
        (PRICE_UP, "Precio: menor a mayor"),
        (PRICE_DOWN, "Precio: mayor a menor"),
        (BEST_SELLING, "Más vendidos"),
    ]
    ORDERING = {
        NEWEST: ["-created_at", "-pk"],
        PRICE_UP: ["price", "pk"],
        PRICE_DOWN: ["-price", "-pk"],
        BEST_SELLING: ["-sold_count", "-pk"],
    }


@dataclass
class CatalogFilters:
    """What the customer asked for, already checked. `notices` explain what was ignored.

    `store_slug`, `store_name` and `in_stock` are filled by the storefront (shop.views), which
    applies them through inventory by passing `catalog_page` a `base` already restricted.
    """

    q: str = ""
    genre: Genre | None = None
    author: Author | None = None
    publisher: Publisher | None = None
    language: str = ""
    format: str = ""
    price_min: Decimal | None = None
    price_max: Decimal | None = None
    store_slug: str = ""
    store_name: str = ""
    in_stock: bool = False
    sort: str = Sort.RELEVANCE
    page: str = "1"
    notices: list[str] = field(default_factory=list)

    @property
    def active_count(self) -> int:
        values = [
            self.genre,
            self.author,
            self.publisher,
            self.language,
            self.format,
            self.price_min is not None,
            self.price_max is not None,
            self.store_slug,
            self.in_stock,
        ]
        return sum(1 for value in values if value)

    def panel_key(self, *, sort: bool = True) -> str:
        """Everything the filter panel shows of this request (catalog/product_list.html caches
        the panel under it, with the catalog's generation and the language); without the sort,
        what the number of results depends on."""
        parts = [
            self.q,
            self.genre.pk if self.genre else "",
            self.author.pk if self.author else "",
            self.publisher.pk if self.publisher else "",
            self.language,
            self.format,
            "" if self.price_min is None else str(self.price_min),
            "" if self.price_max is None else str(self.price_max),
            self.store_slug,
            int(self.in_stock),
            self.sort if sort else "",
        ]
        return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def _price(raw: str, label: str, notices: list[str]) -> Decimal | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    # Bounded parsing: "1e309", "NaN" or twenty digits are "not a number" here, never a 500.
    value = parse_decimal(raw, low=None, high=None)
    if value is None:
        notices.append(
            _("El precio %(label)s debe ser un número; no lo aplicamos.") % {"label": label}
        )
        return None
    if value < 0:
        notices.append(
            _("El precio %(label)s no puede ser negativo; no lo aplicamos.") % {"label": label}
        )
        return None
    return value


def parse_filters(params) -> CatalogFilters:
    """Read filters from a QueryDict; unknown or malformed values are dropped with a notice.

    The stock filters (`tienda`, `en_stock`) are not read here: the catalog knows nothing of
    stores, so the storefront (shop.views) reads and applies them."""
    notices: list[str] = []
    filters = CatalogFilters(notices=notices)
    filters.q = " ".join(params.get("q", "").split())[:MAX_QUERY_LENGTH]

    genre_slug = params.get("genero", "")[:120]
    if genre_slug:
        filters.genre = _genre_by_slug(genre_slug)
        if filters.genre is None:
            notices.append(_("No encontramos ese género; mostramos todos."))
    author_slug = params.get("autor", "")[:180]
    if author_slug:
        filters.author = Author.objects.filter(slug=author_slug).first()
        if filters.author is None:
            notices.append(_("No encontramos ese autor; mostramos todos."))
    publisher_slug = params.get("editorial", "")[:180]
    if publisher_slug:
        filters.publisher = Publisher.objects.filter(slug=publisher_slug).first()
        if filters.publisher is None:
            notices.append(_("No encontramos esa editorial; mostramos todas."))

    language = params.get("idioma", "")
    if language in Product.Language.values:
        filters.language = language
    fmt = params.get("formato", "")
    if fmt in Product.Format.values:
        filters.format = fmt

    filters.price_min = _price(params.get("precio_min", ""), _("mínimo"), notices)
    filters.price_max = _price(params.get("precio_max", ""), _("máximo"), notices)
    if (
        filters.price_min is not None
        and filters.price_max is not None
        and filters.price_min > filters.price_max
    ):
        filters.price_min, filters.price_max = filters.price_max, filters.price_min

    sort = params.get("orden", "")
    valid_sorts = {value for value, _label in Sort.CHOICES}
    filters.sort = sort if sort in valid_sorts else Sort.RELEVANCE
    filters.page = params.get("pagina", "1")[:10]
    return filters


def _genre_by_slug(slug: str) -> Genre | None:
    """The genre of a `genero=` filter, from the cached tree (no query); a genre newer than
    the tree is read from the database."""
    for genre, children in genre_tree():
        if genre.slug == slug:
            return genre
        for child in children:
            if child.slug == slug:
                return child
    return Genre.objects.filter(slug=slug).first()


def filter_products(queryset, filters: CatalogFilters):
    """Apply every filter except the text search and the stock (see `parse_filters`)."""
    if filters.genre is not None:
        # A parent genre includes its children ("Literatura" shows novels and poetry).
        in_genre = Product.genres.through.objects.filter(product_id=OuterRef("pk")).filter(
            Q(genre=filters.genre) | Q(genre__parent=filters.genre)
        )
        queryset = queryset.filter(Exists(in_genre))
    if filters.author is not None:
        queryset = queryset.filter(
            Exists(ProductAuthor.objects.filter(product=OuterRef("pk"), author=filters.author))
        )
    if filters.publisher is not None:
        queryset = queryset.filter(publisher=filters.publisher)
    if filters.language:
        queryset = queryset.filter(language=filters.language)
    if filters.format:
        queryset = queryset.filter(format=filters.format)
    if filters.price_min is not None:
        queryset = queryset.filter(price__gte=filters.price_min)
    if filters.price_max is not None:
        queryset = queryset.filter(price__lte=filters.price_max)
    return queryset


def search(queryset, q: str):
    """Restrict `queryset` to products matching `q`, annotated with `relevance` (higher first).

    Matches title, subtitle, authors, publisher, genres, synopsis and ISBN (with or without hyphens,
    ISBN-10 too), ignoring case and accents: every word must appear. On PostgreSQL a Spanish
    full-text match counts too (plurals, stems). When nothing matches, callers fall back to
    `fuzzy_search` (a typo per word).
    """
    if looks_like_isbn(q):
        try:
            isbn = normalize_isbn(q)
        except Exception:
            isbn = "".join(ch for ch in q if ch.isdigit())
        return queryset.filter(isbn=isbn).annotate(relevance=Value(100, IntegerField()))

    text = normalize(q)
    words = text.split()[:MAX_WORDS]
    if not words:
        return queryset.none()
    every_word = Q()
    for word in words:
        every_word &= Q(search_text__contains=word)
    relevance = Case(
        When(search_text__startswith=text, then=Value(30)),  # the title starts with it
        When(search_text__contains=text, then=Value(20)),  # a whole author name or phrase
        When(every_word, then=Value(10)),
        default=Value(0),
        output_field=IntegerField(),
    )
    if connection.vendor != "postgresql":
        return queryset.filter(every_word).annotate(relevance=relevance)

    from django.contrib.postgres.search import SearchQuery

    tsquery = SearchQuery(text, config="es_unaccent", search_type="plain")
    return (
        queryset.alias(search_vector_match=_search_vector())
        .filter(every_word | Q(search_vector_match=tsquery))
        .annotate(relevance=relevance)
    )


# How close a catalog word must be to a misspelt one: "ribeiro"/"ribeyro" score 0.45,
# "llossa"/"llosa" 0.5; "garcia"/"gracia" (0.27) is another word, not a typo.
TYPO_MIN_SIMILARITY = 0.4


def typo_alternatives(words: list[str], *, per_word: int = 3) -> dict[str, list[str]]:
    """For each query word, the catalog words it most resembles (one query).

    Looks in the catalog vocabulary with pg_trgm's similarity, so "llossa" gives "llosa" and
    "ribeiro" gives "ribeyro": on PostgreSQL the materialized view of migration 0006, on SQLite
    the tables of catalog.search_words (same trigrams, same threshold).
    """
    wanted = [word for word in words if len(word) > 2]
    if not wanted:
        return {}
    if connection.vendor != "postgresql":
        return search_words.similar_words(
            wanted, min_similarity=TYPO_MIN_SIMILARITY, per_word=per_word
        )
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT q.w, s.word FROM unnest(%s::text[]) AS q(w)
            CROSS JOIN LATERAL (
                SELECT word FROM catalog_searchword
                WHERE word %% q.w AND similarity(word, q.w) >= %s
                ORDER BY word <-> q.w LIMIT %s
            ) s
            """,
            [wanted, TYPO_MIN_SIMILARITY, per_word],
        )
        found: dict[str, list[str]] = {}
        for word, similar in cursor.fetchall():
            found.setdefault(word, []).append(similar)
    return found


def fuzzy_search(queryset, q: str):
    """Products matching `q` with a typo allowed per word, as `search` does
    for exact words: every word (or a word resembling it) must appear."""
    words = normalize(q).split()[:MAX_WORDS]
    alternatives = typo_alternatives(words)
    condition = Q()
    for word in words:
        options = Q(search_text__contains=word)
        for similar in alternatives.get(word, []):
            options |= Q(search_text__contains=similar)
        condition &= options
    return queryset.filter(condition).annotate(relevance=Value(0, IntegerField()))


def _search_vector():
    from django.contrib.postgres.search import SearchVector

    # Same expression as the index of migration 0003, so PostgreSQL can use it.
    return SearchVector("search_text", config="es_unaccent")


class CappedPaginator(Paginator):
    """Counts at most COUNT_CAP rows: "más de 1.000 resultados" is as useful to a reader as
    the exact figure, and counting 80,000 matches of "el" is what made searches slow."""

    COUNT_CAP = 1000

    def __init__(self, *args, count_key: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self):
        """The capped count; with a `count_key` (catalog_page's: the filters and the catalog's
        generation) read from the cache, so the pages of one listing count once."""
        if self.count_key:
            found = cache.get(self.count_key)
            if found is not None:
                return found
        value = self.object_list.order_by().values("pk")[: self.COUNT_CAP + 1].count()
        if self.count_key:
            cache.set(self.count_key, value, FACETS_CACHE_SECONDS)
        return value

    def page(self, number):
        """Like Django's, but the rows of a page are never cut at the count: a cached count
        lower than the truth (a book added and not yet seen by the generation) must not hide
        books from the page."""
        if not self.count_key:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(self.object_list[bottom : bottom + self.per_page], number, self)

    @property
    def capped(self) -> bool:
        return self.count > self.COUNT_CAP


def _ordered(queryset, filters: CatalogFilters):
    if filters.sort in Sort.ORDERING:
        return queryset.order_by(*Sort.ORDERING[filters.sort])
    if filters.q:
        return queryset.order_by("-relevance", "-sold_count", "pk")
    return queryset.order_by("-sold_count", "-pk")


def catalog_page(filters: CatalogFilters, *, base=None):
    """The products for /libros/ and /buscar/: filtered, searched, sorted, one page.

    `base` (default: the active products) is where to look, e.g. only those in stock."""
    queryset = (base if base is not None else Product.objects.active()).card_rows()
    queryset = filter_products(queryset, filters)
    # The number of matches is the same on every page and for every sort of one listing, and
    # changes only with the catalog (its generation): counted once. A caller's own `base` (the
    # storefront's stock filters) is named by the filters' store and in_stock fields.
    count_key = f"catalog:count:v1:{catalog_generation()}:{filters.panel_key(sort=False)}"
    if not filters.q:
        paginator = CappedPaginator(_ordered(queryset, filters), PAGE_SIZE, count_key=count_key)
        return paginator.get_page(filters.page)
    matches = search(queryset, filters.q)
    paginator = CappedPaginator(_ordered(matches, filters), PAGE_SIZE, count_key=count_key)
    if paginator.capped and filters.sort == Sort.RELEVANCE:
        # Over a thousand matches ("el", "novela"): ranking them all costs more than it tells;
        # best sellers first, read straight from the sales index.
        count = paginator.count
        paginator = CappedPaginator(matches.order_by("-sold_count", "-pk"), PAGE_SIZE)
        paginator.count = count
    page = paginator.get_page(filters.page)
    if page.paginator.count or looks_like_isbn(filters.q):
        return page
    # Nothing spelled like that: allow a typo per word ("vargas llossa"). These are guesses, so
    # a few pages of them are plenty (and counting them stays cheap).
    fuzzy = _ordered(fuzzy_search(queryset, filters.q), filters)
    paginator = CappedPaginator(fuzzy, PAGE_SIZE)
    paginator.COUNT_CAP = FUZZY_COUNT_CAP
    return paginator.get_page(filters.page)


def suggestions(q: str, *, limit: int = 6) -> list[Product]:
    """Instant results under the header search box (2 characters at least)."""
    q = " ".join(q.split())[:MAX_QUERY_LENGTH]
    if len(q) < 2:
        return []
    base = Product.objects.active().for_cards()
    found = list(search(base, q).order_by("-relevance", "-sold_count", "pk")[:limit])
    if found or looks_like_isbn(q):
        return found
    return list(fuzzy_search(base, q).order_by("-sold_count", "pk")[:limit])


def genre_tree() -> list[tuple[Genre, list[Genre]]]:
    """Top-level genres with their children, for menus (cached: it rarely changes)."""
    key = "catalog:genre-tree:v1"
    tree = cache.get(key)
    if tree is None:
        genres = list(Genre.objects.select_related("parent").order_by("name"))
        children: dict[int, list[Genre]] = {}
        for genre in genres:
            if genre.parent_id:
                children.setdefault(genre.parent_id, []).append(genre)
        tree = [(genre, children.get(genre.pk, [])) for genre in genres if not genre.parent_id]
        cache.set(key, tree, FACETS_CACHE_SECONDS)
    return tree


def top_publishers(limit: int = 40) -> list[Publisher]:
    key = f"catalog:top-publishers:v1:{limit}"
    publishers = cache.get(key)
    if publishers is None:
        publishers = list(
            Publisher.objects.annotate(n=Count("products", filter=Q(products__is_active=True)))
            .filter(n__gt=0)
            .order_by("-n", "name")[:limit]
        )
        publishers.sort(key=lambda publisher: normalize(publisher.name))
        cache.set(key, publishers, FACETS_CACHE_SECONDS)
    return publishers


def home_shelves(limit: int = 12) -> dict[str, list[Product]]:
    """The home page's three shelves in three queries, one per shelf (the cards' authors are
    read only for the cards not in the fragment cache: catalog.cards), kept a minute under the
    catalog's generation (a new or changed book shows at once; best sellers move within
    HOME_SHELVES_SECONDS)."""
    key = f"catalog:home-shelves:v1:{catalog_generation()}:{limit}"
    shelves = cache.get(key)
    if shelves is None:
        shelves = _home_shelves(limit)
        cache.set(key, shelves, HOME_SHELVES_SECONDS)
    return shelves


HOME_SHELVES_SECONDS = 60


def _home_shelves(limit: int) -> dict[str, list[Product]]:
    cards = Product.objects.active().card_rows()
    peruvian = ProductAuthor.objects.filter(
        product=OuterRef("pk"), author__nationality__in=["peruana", "peruano"]
    )
    shelves = {
        "new_arrivals": list(cards.order_by("-created_at", "-pk")[:limit]),
        "best_sellers": list(cards.order_by("-sold_count", "-pk")[:limit]),
        "peruvian": list(cards.filter(Exists(peruvian)).order_by("-sold_count", "-pk")[:limit]),
    }
    return shelves


def prefetch_cards(products) -> None:
    """What `for_cards()` prefetches (the authors in credit order), for products fetched
    without it: several lists of one page share one query."""
    prefetch_related_objects(
        list(products),
        Prefetch(
            "product_authors",
            queryset=ProductAuthor.objects.select_related("author").order_by("position"),
        ),
    )


def best_sellers(limit: int = 12):
    return list(Product.objects.active().for_cards().order_by("-sold_count", "-pk")[:limit])


def author_books(author: Author):
    return list(
        Product.objects.active()
        .for_cards()
        .filter(Exists(ProductAuthor.objects.filter(product=OuterRef("pk"), author=author)))
        .order_by("-publication_year", "title")
    )
