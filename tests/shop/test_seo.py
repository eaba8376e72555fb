"""What search engines and link previews read: descriptions, canonical URLs, Open Graph and
Twitter cards, schema.org JSON-LD, the sitemap and robots.txt."""

import json
from decimal import Decimal

import pytest
from django.conf import settings
from lxml import etree, html

from catalog.models import Product
from tests.factories import StoreFactory
from tests.factories.catalog import AuthorFactory, GenreFactory, ProductFactory, PublisherFactory
from tests.factories.inventory import stock_up

pytestmark = pytest.mark.django_db

SITE = "https://librospepito.example"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


def head(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    return html.fromstring(response.content)


def meta(doc, name):
    found = doc.xpath(f'//meta[@name="{name}" or @property="{name}"]/@content')
    return found[0] if found else None


def canonical(doc):
    found = doc.xpath('//link[@rel="canonical"]/@href')
    return found[0] if found else None


def structured(doc) -> list[dict]:
    return [json.loads(text) for text in doc.xpath('//script[@type="application/ld+json"]/text()')]


def of_type(doc, kind) -> list[dict]:
    return [data for data in structured(doc) if data.get("@type") == kind]


@pytest.fixture
def trilce():
    vallejo = AuthorFactory(name="César Vallejo", slug="cesar-vallejo", bio="Poeta peruano.")
    poesia = GenreFactory(name="Poesía", slug="poesia")
    return ProductFactory(
        title="Trilce",
        slug="trilce",
        authors=[vallejo],
        genres=[poesia],
        publisher=PublisherFactory(name="Peisa"),
        isbn="9788437604947",
        price=Decimal("49.90"),
        description="Poemario de vanguardia publicado en 1922 en Lima.",
    )


def test_the_product_page_describes_the_book_with_its_offer(client, trilce):
    stock_up(StoreFactory(slug="miraflores"), trilce, 3)

    doc = head(client, "/libros/trilce/")

    (book,) = of_type(doc, "Book")
    assert book["name"] == "Trilce" and book["isbn"] == "9788437604947"
    assert book["author"] == [
        {"@type": "Person", "name": "César Vallejo", "url": f"{SITE}/autores/cesar-vallejo/"}
    ]
    assert book["offers"]["price"] == "49.90"
    assert book["offers"]["priceCurrency"] == "PEN"
    assert book["offers"]["availability"] == "https://schema.org/InStock"
    (crumbs,) = of_type(doc, "BreadcrumbList")
    assert [item["name"] for item in crumbs["itemListElement"]] == [
        "Inicio",
        "Libros",
        "Poesía",
        "Trilce",
    ]
    assert crumbs["itemListElement"][2]["item"] == f"{SITE}/libros/?genero=poesia"
    assert canonical(doc) == f"{SITE}/libros/trilce/"
    assert meta(doc, "og:url") == f"{SITE}/libros/trilce/"
    assert meta(doc, "og:type") == "book"
    assert meta(doc, "og:title") == "Trilce, de César Vallejo (Peisa)"
    description = meta(doc, "description")
    assert description.startswith("Trilce, de César Vallejo (Peisa): S/")
    assert "Poemario de vanguardia" in description and len(description) <= 160


def test_a_book_out_of_stock_everywhere_says_so(client, trilce):
    doc = head(client, "/libros/trilce/")

    (book,) = of_type(doc, "Book")
    assert book["offers"]["availability"] == "https://schema.org/OutOfStock"


def test_the_preview_image_is_the_cover_photo_on_site_url(client, trilce):
    Product.objects.filter(pk=trilce.pk).update(cover="covers/trilce.jpg")

    doc = head(client, "/libros/trilce/")

    image = meta(doc, "og:image")
    assert image == f"{SITE}{settings.MEDIA_URL}covers/trilce.jpg"
    assert meta(doc, "twitter:image") == image
    assert meta(doc, "twitter:card") == "summary_large_image"
    assert of_type(doc, "Book")[0]["image"] == image


def test_without_a_photo_the_preview_is_the_site_card_never_the_svg(client, trilce):
    doc = head(client, "/libros/trilce/")

    image = meta(doc, "og:image")
    assert image.startswith(f"{SITE}/") and image.endswith(".png")
    assert client.get(image.removeprefix(SITE)).status_code == 200


def test_a_title_cannot_end_the_json_ld_block(client):
    ProductFactory(title="</script><script>alert(1)</script>", slug="raro")

    response = client.get("/libros/raro/")

    assert b"</script><script>alert(1)" not in response.content
    (book,) = of_type(html.fromstring(response.content), "Book")
    assert book["name"] == "</script><script>alert(1)</script>"


def test_a_filtered_and_paginated_list_names_its_canonical_in_a_fixed_order(client):
    novela = GenreFactory(name="Novela", slug="novela")
    ProductFactory.create_batch(30, genres=[novela], price=Decimal("30.00"))

    doc = head(
        client,
        "/libros/",
        orden="precio-asc",
        pagina="2",
        basura="1",  # unknown parameters,
        idioma="xx",  # unknown values and
        precio_max="40.00",
        utm_source="whatsapp",  # trackers say nothing about the page
        genero="novela",
    )

    assert canonical(doc) == f"{SITE}/libros/?genero=novela&precio_max=40&orden=precio-asc&pagina=2"
    assert meta(doc, "og:title") == "Libros de Novela – página 2"
    assert meta(doc, "description").startswith("Página 2. Libros de Novela")


def test_the_first_page_and_the_default_sort_are_left_out_of_the_canonical(client):
    GenreFactory(name="Novela", slug="novela")

    doc = head(client, "/libros/", genero="novela", pagina="1", orden="relevancia")

    assert canonical(doc) == f"{SITE}/libros/?genero=novela"
    (crumbs,) = of_type(doc, "BreadcrumbList")
    assert [item["name"] for item in crumbs["itemListElement"]] == ["Inicio", "Libros", "Novela"]


def test_a_child_genre_has_its_parent_in_the_breadcrumbs(client):
    literatura = GenreFactory(name="Literatura", slug="literatura")
    GenreFactory(name="Cuento", slug="cuento", parent=literatura)

    doc = head(client, "/libros/", genero="cuento")

    (crumbs,) = of_type(doc, "BreadcrumbList")
    assert [item["name"] for item in crumbs["itemListElement"]] == [
        "Inicio",
        "Libros",
        "Literatura",
        "Cuento",
    ]


def test_a_search_names_its_query_in_the_canonical_and_the_description(client, trilce):
    doc = head(client, "/buscar/", q="  vallejo  ", pagina="1")

    assert canonical(doc) == f"{SITE}/buscar/?q=vallejo"
    assert "«vallejo»" in meta(doc, "description")


def test_every_public_page_has_its_own_description(client, trilce):
    store = StoreFactory(slug="miraflores", name="Libros Pepito Miraflores")
    pages = {
        "home": "/",
        "list": "/libros/",
        "genre": "/libros/?genero=poesia",
        "product": "/libros/trilce/",
        "author": "/autores/cesar-vallejo/",
        "stores": "/tiendas/",
        "store": store.get_absolute_url(),
        "search": "/buscar/?q=trilce",
    }
    descriptions = {}
    for name, url in pages.items():
        doc = head(client, url)
        descriptions[name] = meta(doc, "description")
        assert descriptions[name] and len(descriptions[name]) <= 160, name
        assert canonical(doc) and canonical(doc).startswith(SITE), name
        assert meta(doc, "og:image").startswith(SITE), name
        assert meta(doc, "og:title") == meta(doc, "twitter:title"), name
    assert len(set(descriptions.values())) == len(pages)
    assert descriptions["author"] == "Poeta peruano."


def test_every_store_is_a_book_store_with_address_and_hours(client):
    StoreFactory(slug="miraflores", name="Libros Pepito Miraflores", district="Miraflores")
    StoreFactory(
        slug="cusco",
        name="Libros Pepito Cusco",
        district="Cusco",
        city="Cusco",
        region="Cusco",
        opening_hours=[["09:00", "20:00"]] * 6 + [None],
    )

    doc = head(client, "/tiendas/")
    stores = {data["name"]: data for data in of_type(doc, "BookStore")}
    detail = of_type(head(client, "/tiendas/cusco/"), "BookStore")

    assert set(stores) == {"Libros Pepito Miraflores", "Libros Pepito Cusco"}
    cusco = stores["Libros Pepito Cusco"]
    assert cusco["address"]["addressLocality"] == "Cusco"
    assert cusco["address"]["addressCountry"] == "PE"
    assert cusco["address"]["streetAddress"].startswith("Av. Larco")
    assert cusco["telephone"] == "01 445 2020"
    hours = cusco["openingHoursSpecification"]
    assert len(hours) == 6  # closed on Sundays
    assert hours[0] == {
        "@type": "OpeningHoursSpecification",
        "dayOfWeek": "https://schema.org/Monday",
        "opens": "09:00",
        "closes": "20:00",
    }
    assert detail == [cusco]
    assert "Cusco, Miraflores" in meta(doc, "description")  # by region, as listed


def test_the_home_page_offers_the_search_box_to_search_engines(client):
    doc = head(client, "/")

    (site,) = of_type(doc, "WebSite")
    assert (
        site["potentialAction"]["target"]["urlTemplate"]
        == f"{SITE}/buscar/?q={{search_term_string}}"
    )
    assert canonical(doc) == f"{SITE}/"


# The sitemap and robots.txt
# ------------------------------------------------------------------------------
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_urls(client) -> list[str]:
    """Every URL of every sitemap the index names."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    index = etree.fromstring(response.content)
    urls = []
    for location in index.xpath("//s:sitemap/s:loc/text()", namespaces=NS):
        assert location.startswith(f"{SITE}/sitemap-")
        part = client.get(location.removeprefix(SITE))
        assert part.status_code == 200
        urls += etree.fromstring(part.content).xpath("//s:url/s:loc/text()", namespaces=NS)
    return urls


def test_the_sitemap_lists_every_active_book_author_genre_and_store(client, trilce):
    books = ProductFactory.create_batch(5)
    hidden = ProductFactory(title="Retirado", slug="retirado", is_active=False)
    AuthorFactory(name="Sin libros", slug="sin-libros")
    StoreFactory(slug="miraflores")
    StoreFactory(slug="almacen", kind="warehouse")

    urls = sitemap_urls(client)

    for book in [trilce, *books]:
        assert f"{SITE}{book.get_absolute_url()}" in urls
    assert f"{SITE}{hidden.get_absolute_url()}" not in urls
    assert f"{SITE}/autores/cesar-vallejo/" in urls
    assert f"{SITE}/autores/sin-libros/" not in urls
    assert f"{SITE}/libros/?genero=poesia" in urls
    assert f"{SITE}/tiendas/miraflores/" in urls and f"{SITE}/tiendas/almacen/" not in urls
    assert f"{SITE}/" in urls and f"{SITE}/libros/" in urls and f"{SITE}/tiendas/" in urls
    assert len(urls) == len(set(urls))


def test_a_long_catalog_is_split_into_sitemap_pages(client, monkeypatch):
    from shop.sitemaps import BookSitemap

    monkeypatch.setattr(BookSitemap, "limit", 3)
    books = ProductFactory.create_batch(7)

    index = client.get("/sitemap.xml").content.decode()
    urls = sitemap_urls(client)

    assert f"{SITE}/sitemap-libros.xml?p=3" in index
    assert all(f"{SITE}{book.get_absolute_url()}" in urls for book in books)


def test_a_sitemap_page_costs_the_same_queries_for_any_number_of_books(
    client, django_assert_max_num_queries
):
    ProductFactory.create_batch(3)
    with django_assert_max_num_queries(2):
        client.get("/sitemap-libros.xml")
    ProductFactory.create_batch(30)
    with django_assert_max_num_queries(2):
        client.get("/sitemap-libros.xml")


def test_robots_keeps_staff_cart_checkout_and_accounts_out_and_names_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    for private in ["/tienda/", "/admin/", "/carrito/", "/checkout/", "/cuenta/", "/pedidos/"]:
        assert f"Disallow: {private}" in lines
    assert f"Sitemap: {SITE}/sitemap.xml" in lines
    # The public pages stay open: /tiendas/ is not under /tienda/.
    disallowed = [line.split(": ", 1)[1] for line in lines if line.startswith("Disallow:")]
    for public in ["/", "/libros/trilce/", "/tiendas/", "/autores/x/", "/buscar/?q=x"]:
        assert not any(public.startswith(path) for path in disallowed), public
    assert not response.cookies
