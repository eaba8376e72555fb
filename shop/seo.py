"""The storefront's page metadata (core.seo.PageMeta): descriptions, canonical URLs, link
previews and schema.org JSON-LD for the home, the lists (genre, author, search), the product
and the author pages. Built from what each view already loaded: no query of its own."""

from decimal import Decimal

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from catalog.models import Product
from catalog.selectors import CatalogFilters, Sort
from core import seo
from core.money import format_soles
from core.seo import PageMeta

BOOK_FORMATS = {
    Product.Format.PAPERBACK: "https://schema.org/Paperback",
    Product.Format.POCKET: "https://schema.org/Paperback",
    Product.Format.HARDCOVER: "https://schema.org/Hardcover",
}


def _home_crumb() -> tuple[str, str]:
    return (_("Inicio"), reverse("home"))


def _books_crumb() -> tuple[str, str]:
    return (_("Libros"), reverse("catalog:product_list"))


def _genre_path(genre) -> str:
    return f"{reverse('catalog:product_list')}?genero={genre.slug}"


def home() -> PageMeta:
    search = reverse("catalog:search")
    return PageMeta(
        title=_("%(site)s: libros de autores peruanos y del mundo") % {"site": settings.SITE_NAME},
        description=_(
            "Compra libros en línea en Libros Pepito: novedades, más vendidos y autores "
            "peruanos. Recoge gratis en nuestras tiendas o recíbelos en casa; paga con tarjeta "
            "o al recoger."
        ),
        canonical=seo.canonical(reverse("home")),
        structured=[
            {
                "@context": "https://schema.org",
                "@type": "WebSite",
                "name": settings.SITE_NAME,
                "url": seo.absolute(reverse("home")),
                "inLanguage": "es-PE",
                "potentialAction": {
                    "@type": "SearchAction",
                    "target": {
                        "@type": "EntryPoint",
                        "urlTemplate": seo.absolute(search) + "?q={search_term_string}",
                    },
                    "query-input": "required name=search_term_string",
                },
            }
        ],
    )


def _price_param(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")


def listing_params(filters: CatalogFilters, page_number: int, *, is_search: bool) -> list:
    """The list's checked filters in one fixed order: the canonical query string (unknown
    values were already dropped by parse_filters; the default sort and page 1 say nothing)."""
    return [
        ("q", filters.q if is_search else ""),
        ("genero", filters.genre.slug if filters.genre else ""),
        ("autor", filters.author.slug if filters.author else ""),
        ("editorial", filters.publisher.slug if filters.publisher else ""),
        ("idioma", filters.language),
        ("formato", filters.format),
        ("precio_min", _price_param(filters.price_min)),
        ("precio_max", _price_param(filters.price_max)),
        ("tienda", filters.store_slug),
        ("en_stock", "1" if filters.in_stock else ""),
        ("orden", "" if filters.sort == Sort.RELEVANCE else filters.sort),
        ("pagina", page_number if page_number > 1 else ""),
    ]


def listing(path: str, filters: CatalogFilters, page, *, is_search: bool, genre_tree) -> PageMeta:
    """/libros/ (a genre, an author, a publisher: its filters) and /buscar/. `genre_tree`: the
    page's (cached) menu, where a genre's parent is found without a query."""
    trail = [_home_crumb(), _books_crumb()]
    if is_search and filters.q:
        title = _("«%(q)s» en %(site)s") % {"q": filters.q, "site": settings.SITE_NAME}
        description = _(
            "Libros que encontramos para «%(q)s» en Libros Pepito, con su precio y la "
            "disponibilidad en cada tienda."
        ) % {"q": filters.q}
    elif filters.genre is not None:
        genre = filters.genre
        title = _("Libros de %(genre)s") % {"genre": genre.name}
        description = _(
            "Libros de %(genre)s en Libros Pepito: novedades, más vendidos y autores peruanos, "
            "con precio y stock en cada tienda. Recojo en tienda o envío a casa."
        ) % {"genre": genre.name}
        parent = next((top for top, children in genre_tree if genre in children), None)
        if parent is not None:
            trail.append((parent.name, _genre_path(parent)))
        trail.append((genre.name, _genre_path(genre)))
    elif filters.author is not None:
        title = _("Libros de %(author)s") % {"author": filters.author.name}
        description = _(
            "Libros de %(author)s en Libros Pepito, con precio y stock en cada tienda."
        ) % {"author": filters.author.name}
    else:
        title = _("Catálogo de libros")
        description = _(
            "El catálogo de Libros Pepito: novela, poesía, historia del Perú, infantil y más. "
            "Filtra por género, autor, precio o tienda y mira el stock de cada libro."
        )
    if page.number > 1:
        title = _("%(title)s – página %(page)s") % {"title": title, "page": page.number}
        description = _("Página %(page)s. %(text)s") % {"page": page.number, "text": description}
    return PageMeta(
        title=title,
        description=description,
        canonical=seo.canonical(path, listing_params(filters, page.number, is_search=is_search)),
        structured=[seo.breadcrumbs(trail)],
    )


def _cover(product) -> str:
    """The photo of the cover for link previews; none for the generated SVG covers (WhatsApp
    and Facebook do not show SVG): the site's card instead."""
    return seo.absolute(product.cover.url) if product.cover else ""


def product(product, *, in_stock: bool) -> PageMeta:
    """The product page: a `Book` (or `Product`) with its `Offer` and the breadcrumbs."""
    url = product.get_absolute_url()
    authors = product.ordered_authors
    genres = list(product.genres.all())
    byline = product.title
    if authors:
        byline = _("%(title)s, de %(authors)s") % {
            "title": product.title,
            "authors": product.author_names,
        }
    if product.publisher_id:
        byline = f"{byline} ({product.publisher.name})"
    description = f"{byline}: {format_soles(product.price)}. {product.description}".strip()
    image = _cover(product)
    offer = {
        "@type": "Offer",
        "url": seo.absolute(url),
        "price": f"{product.price:.2f}",
        "priceCurrency": "PEN",
        "availability": "https://schema.org/InStock"
        if in_stock
        else "https://schema.org/OutOfStock",
        "itemCondition": "https://schema.org/NewCondition",
        "seller": {"@type": "BookStore", "name": settings.SITE_NAME},
    }
    is_book = product.kind == Product.Kind.BOOK
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Book" if is_book else "Product",
        "name": product.title,
        "url": seo.absolute(url),
        "image": image or seo.absolute(product.cover_url),
        "offers": offer,
    }
    if product.description:
        data["description"] = seo.describe(product.description, length=500)
    if is_book:
        if product.isbn:
            data["isbn"] = product.isbn
        if authors:
            data["author"] = [
                {"@type": "Person", "name": a.name, "url": seo.absolute(a.get_absolute_url())}
                for a in authors
            ]
        if product.publisher_id:
            data["publisher"] = {"@type": "Organization", "name": product.publisher.name}
        if product.pages:
            data["numberOfPages"] = product.pages
        if product.publication_year:
            data["datePublished"] = str(product.publication_year)
        data["inLanguage"] = product.language
        if product.format in BOOK_FORMATS:
            data["bookFormat"] = BOOK_FORMATS[product.format]
        if genres:
            data["genre"] = [genre.name for genre in genres]
    trail = [_home_crumb(), _books_crumb()]
    if genres:
        trail.append((genres[0].name, _genre_path(genres[0])))
    trail.append((product.title, url))
    return PageMeta(
        title=byline,
        description=description,
        canonical=seo.canonical(url),
        image=image,
        image_alt=_("Portada de %(title)s") % {"title": product.title},
        type="book" if is_book else "product",
        structured=[data, seo.breadcrumbs(trail)],
    )


def author(author, books) -> PageMeta:
    url = author.get_absolute_url()
    titles = ", ".join(book.title for book in list(books)[:3])
    description = author.bio or _("Libros de %(author)s en Libros Pepito: %(titles)s.") % {
        "author": author.name,
        "titles": titles,
    }
    person: dict = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": author.name,
        "url": seo.absolute(url),
    }
    if author.bio:
        person["description"] = seo.describe(author.bio, length=500)
    if author.nationality:
        person["nationality"] = author.nationality
    image = seo.absolute(author.photo.url) if author.photo else ""
    if image:
        person["image"] = image
    return PageMeta(
        title=_("%(author)s: sus libros") % {"author": author.name},
        description=description,
        canonical=seo.canonical(url),
        image=image,
        type="profile",
        structured=[
            person,
            seo.breadcrumbs([_home_crumb(), _books_crumb(), (author.name, url)]),
        ],
    )
