"""/sitemap.xml: every page a search engine should know (Django's sitemaps framework).

An index at /sitemap.xml names one sitemap per section (/sitemap-libros.xml, ?p=2 when a
section has more than `limit` URLs): the pages, the active books, the authors with an active
book, the genres (their list, /libros/?genero=) and the stores. Every URL is absolute on
SITE_URL, as the canonical links of the pages themselves (core.seo). Each sitemap page costs
the same few queries whatever its length (the rows, their count, one for the lastmod).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.db.models import Exists, Max, OuterRef
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control

from catalog.models import Author, Genre, Product, ProductAuthor
from inventory.models import Store

SITEMAP_SECONDS = 3600  # search engines read it a few times a day at most


class SiteSitemap(Sitemap):
    """Locations on SITE_URL (not the request's Host): the same addresses as the canonicals."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class PageSitemap(SiteSitemap):
    changefreq = "daily"

    def items(self):
        return ["home", "catalog:product_list", "inventory:store_list"]

    def location(self, item):
        return reverse(item)


class BookSitemap(SiteSitemap):
    changefreq = "weekly"
    limit = 10_000

    def items(self):
        return Product.objects.active().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        return Product.objects.active().aggregate(latest=Max("updated_at"))["latest"]


class AuthorSitemap(SiteSitemap):
    changefreq = "weekly"
    limit = 10_000

    def items(self):
        has_book = ProductAuthor.objects.filter(author=OuterRef("pk"), product__is_active=True)
        return Author.objects.filter(Exists(has_book)).only("slug").order_by("pk")


class GenreSitemap(SiteSitemap):
    changefreq = "daily"

    def items(self):
        return Genre.objects.only("slug").order_by("pk")

    def location(self, item):
        return f"{reverse('catalog:product_list')}?genero={item.slug}"


class StoreSitemap(SiteSitemap):
    changefreq = "monthly"

    def items(self):
        return (
            Store.objects.filter(is_active=True, kind=Store.Kind.STORE).only("slug").order_by("pk")
        )


SITEMAPS = {
    "paginas": PageSitemap,
    "libros": BookSitemap,
    "autores": AuthorSitemap,
    "generos": GenreSitemap,
    "tiendas": StoreSitemap,
}


@cache_control(public=True, max_age=SITEMAP_SECONDS)
def index(request):
    """The sitemap index, with absolute URLs on SITE_URL (Django's own index view takes the
    request's Host)."""
    items = []
    for section, sitemap_class in SITEMAPS.items():
        site = sitemap_class()
        url = f"{settings.SITE_URL}{reverse('sitemap_section', kwargs={'section': section})}"
        lastmod = site.get_latest_lastmod()
        items.append(SitemapIndexItem(url, lastmod))
        for page in range(2, site.paginator.num_pages + 1):
            items.append(SitemapIndexItem(f"{url}?p={page}", lastmod))
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": items}, content_type="application/xml"
    )


@cache_control(public=True, max_age=SITEMAP_SECONDS)
def section(request, section: str):
    return sitemap_view(request, sitemaps=SITEMAPS, section=section)
