"""The catalog in the Django admin. Product writes go through catalog.services, so the ISBN is
normalised and the search text rebuilt exactly as on every other path."""

import csv

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from catalog.imports import CSV_COLUMNS, write_csv_row
from catalog.models import Author, Genre, ImportJob, Product, ProductAuthor, Publisher
from catalog.services import publish_relabelled, refresh_search_text, save_product, unique_slug
from catalog.text import format_isbn, looks_like_isbn, normalize_isbn


class ProductAuthorInline(admin.TabularInline):
    model = ProductAuthor
    extra = 1
    autocomplete_fields = ["author"]
    ordering = ["position"]
    fields = ["position", "author"]


class ProductAdminForm(forms.ModelForm):
    class Meta:
        model = Product
        fields = [
            "kind",
            "title",
            "subtitle",
            "slug",
            "isbn",
            "is_active",
            "price",
            "compare_at_price",
            "tax_class",
            "publisher",
            "genres",
            "language",
            "format",
            "pages",
            "publication_year",
            "description",
            "cover",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _("Si lo dejas vacío se genera a partir del título.")

    def clean_isbn(self):
        value = self.cleaned_data.get("isbn", "")
        return normalize_isbn(value) if value else ""

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("slug") and cleaned.get("title"):
            self.instance.slug = ""
            cleaned["slug"] = unique_slug(Product, cleaned["title"], exclude_pk=self.instance.pk)
        return cleaned


class _Echo:
    """A file-like object whose write() returns the line, for streaming csv.writer output."""

    def write(self, value):
        return value


@admin.action(description=_("Exportar a CSV (mismas columnas que la importación)"))
def export_csv(modeladmin, request, queryset):
    products = queryset.select_related("publisher").prefetch_related(
        Prefetch(
            "product_authors",
            queryset=ProductAuthor.objects.select_related("author").order_by("position"),
        ),
        Prefetch("genres", queryset=Genre.objects.select_related("parent")),
    )
    writer = csv.writer(_Echo())

    def rows():
        yield "\ufeff"  # so that Excel opens it as UTF-8
        yield writer.writerow(CSV_COLUMNS)
        for product in products.order_by("pk").iterator(chunk_size=1000):
            yield writer.writerow(write_csv_row(product))

    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="catalogo-{stamp}.csv"'
    return response


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    form = ProductAdminForm
    change_list_template = "admin/catalog/product/change_list.html"
    list_display = ["title", "isbn_display", "kind", "price", "publisher", "is_active"]
    list_display_links = ["title"]
    list_filter = ["kind", "is_active", "language", "format", "genres", "publisher", "tax_class"]
    list_select_related = ["publisher"]
    list_per_page = 50
    search_fields = ["title", "subtitle", "isbn", "authors__name"]
    search_help_text = _("Título, autor o ISBN (con o sin guiones, también ISBN-10).")
    autocomplete_fields = ["publisher"]
    filter_horizontal = ["genres"]
    inlines = [ProductAuthorInline]
    actions = [export_csv]
    readonly_fields = ["search_text", "sold_count", "created_at", "updated_at"]
    show_full_result_count = False  # COUNT(*) over 100,000 rows on every page is wasted
    fieldsets = [
        (None, {"fields": ["kind", "title", "subtitle", "slug", "isbn", "is_active"]}),
        (
            _("Precio"),
            {"fields": ["price", "compare_at_price", "tax_class"]},
        ),
        (
            _("Detalles"),
            {
                "fields": [
                    "publisher",
                    "genres",
                    "language",
                    "format",
                    "pages",
                    "publication_year",
                    "description",
                    "cover",
                ]
            },
        ),
        (
            _("Sistema"),
            {
                "classes": ["collapse"],
                "fields": ["search_text", "sold_count", "created_at", "updated_at"],
            },
        ),
    ]

    @admin.display(description=_("ISBN"), ordering="isbn")
    def isbn_display(self, obj):
        return format_isbn(obj.isbn) if obj.isbn else "—"

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if looks_like_isbn(term):
            try:
                isbn = normalize_isbn(term)
            except ValidationError:
                pass
            else:
                return queryset.filter(isbn=isbn), False
        return super().get_search_results(request, queryset, search_term)

    def save_model(self, request, obj, form, change):
        # Authors and genres are saved by save_related (inline and m2m), then the search text.
        save_product(product=obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        refresh_search_text(products=[form.instance])


class _RefreshesProductsOnRename(admin.ModelAdmin):
    """A rename changes what customers can search for: rebuild those products' search text.
    Any edit may change what their cards and pages show (a name, a link, "Autor peruano"):
    their versions are bumped through `products.relabelled`."""

    product_lookup = ""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change or not form.changed_data:
            return
        products = Product.objects.filter(**{self.product_lookup: obj}).only("pk")
        if "name" in form.changed_data:
            refresh_search_text(products=products)
        publish_relabelled(
            label=f"{obj._meta.model_name}:{obj.pk}",
            product_ids=products.values_list("pk", flat=True),
        )


@admin.register(Genre)
class GenreAdmin(_RefreshesProductsOnRename):
    product_lookup = "genres"
    list_display = ["__str__", "slug", "parent"]
    list_select_related = ["parent"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Author)
class AuthorAdmin(_RefreshesProductsOnRename):
    product_lookup = "authors"
    list_display = ["name", "nationality", "slug"]
    list_filter = ["nationality"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    show_full_result_count = False


@admin.register(Publisher)
class PublisherAdmin(_RefreshesProductsOnRename):
    product_lookup = "publisher"
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """Jobs are read-only here; "Añadir" opens the staff import page."""

    list_display = [
        "__str__",
        "format",
        "status",
        "created_count",
        "updated_count",
        "unchanged_count",
        "rejected_count",
        "created_by",
        "created_at",
        "report_link",
    ]
    list_filter = ["status", "format"]
    list_select_related = ["created_by"]
    search_fields = ["original_name", "created_by__email"]
    # The file is private (no URL) and deleted after its retention period.
    exclude = ["report", "file"]

    @admin.display(description=_("reporte"))
    def report_link(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), _("ver reporte"))

    def has_add_permission(self, request):
        return request.user.has_perm("catalog.import_catalog")

    def has_change_permission(self, request, obj=None):
        return False

    def add_view(self, request, form_url="", extra_context=None):
        return redirect(reverse("staff:catalog_import"))
