"""One row: validate, then create, update or leave alone (in its own savepoint)."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.text import slugify
from django.utils.translation import gettext as _

from catalog.imports.parsing import (
    GENRE_LEVEL_SEPARATOR,
    CleanRow,
    RowError,
    SourceRow,
    clean_row,
)
from catalog.models import Author, Genre, Product, Publisher
from catalog.services import save_product, unique_slug
from catalog.text import normalize

STATUS_CREATED = "created"
STATUS_UPDATED = "updated"
STATUS_UNCHANGED = "unchanged"
STATUS_REJECTED = "rejected"


@dataclass
class RowResult:
    line: int
    status: str
    isbn: str = ""
    title: str = ""
    reason: str = ""
    product_id: int | None = None

    def as_report(self) -> dict:
        return {
            "line": self.line,
            "status": self.status,
            "isbn": self.isbn,
            "title": self.title,
            "reason": self.reason,
        }


@dataclass
class RowImporter:
    """Imports rows one by one; remembers authors, publishers and genres it has looked up.

    Lookups made inside a row that is then rolled back are forgotten with it.
    """

    cache: dict = field(default_factory=dict)
    pending: dict = field(default_factory=dict)
    seen_keys: dict = field(default_factory=dict)  # isbn or merchandise title -> first line

    def import_row(self, row: SourceRow) -> RowResult:
        values = row.values
        result = RowResult(
            line=row.line,
            status=STATUS_REJECTED,
            isbn=values.get("isbn", "")[:30],
            title=values.get("title", "")[:255],
        )
        if row.error:
            result.reason = row.error
            return result
        try:
            clean = clean_row(values)
            result.isbn = clean.isbn or result.isbn
            key = clean.isbn or f"merch:{normalize(clean.title)}"
            if key in self.seen_keys:
                raise RowError(
                    _("Repetido en el archivo: ya viene en la línea %(line)s.")
                    % {"line": self.seen_keys[key]}
                )
            with transaction.atomic():
                status, product, reason = self._upsert(clean)
        except RowError as exc:
            result.reason = str(exc)
        except ValidationError as exc:
            result.reason = " ".join(_validation_messages(exc))
        except (IntegrityError, DataError) as exc:
            result.reason = _("No se pudo guardar: %(error)s") % {"error": str(exc)[:200]}
        else:
            self.seen_keys[key] = row.line
            self.cache.update(self.pending)
            result.status, result.reason, result.product_id = status, reason, product.pk
        self.pending.clear()
        return result

    # -- lookups ------------------------------------------------------------------------------

    def _remember(self, key, obj):
        self.pending[key] = obj
        return obj

    def _lookup(self, key):
        return self.pending.get(key) or self.cache.get(key)

    def author(self, name: str) -> Author:
        if len(name) > 160:
            raise RowError(
                _("El nombre del autor es demasiado largo: «%(name)s…».") % {"name": name[:40]}
            )
        key = ("author", normalize(name))
        if found := self._lookup(key):
            return found
        slug = slugify(name)
        author = _by_slug_or_name(Author, slug=slug, name=name)
        if author is None:
            author = Author.objects.create(
                name=name, slug=unique_slug(Author, name, max_length=170)
            )
        return self._remember(key, author)

    def publisher(self, name: str) -> Publisher:
        if len(name) > 160:
            raise RowError(_("El nombre de la editorial es demasiado largo."))
        key = ("publisher", normalize(name))
        if found := self._lookup(key):
            return found
        slug = slugify(name)
        publisher = _by_slug_or_name(Publisher, slug=slug, name=name)
        if publisher is None:
            publisher = Publisher.objects.create(
                name=name, slug=unique_slug(Publisher, name, max_length=170)
            )
        return self._remember(key, publisher)

    def genre(self, spec: str) -> Genre:
        parts = [part.strip() for part in spec.split(GENRE_LEVEL_SEPARATOR)]
        if len(parts) > 2 or not all(parts):
            raise RowError(
                _("Género no válido «%(genre)s»: usa «Padre > Hijo» (dos niveles como máximo).")
                % {"genre": spec}
            )
        if any(len(part) > 100 for part in parts):
            raise RowError(_("El nombre del género es demasiado largo."))
        key = ("genre", tuple(normalize(part) for part in parts))
        if found := self._lookup(key):
            return found
        if len(parts) == 1:
            genre = self._find_genre(parts[0], parent=None, any_level=True)
        else:
            parent = self.genre(parts[0])
            genre = self._find_genre(parts[1], parent=parent, any_level=False)
        return self._remember(key, genre)

    def _find_genre(self, text: str, *, parent: Genre | None, any_level: bool) -> Genre:
        siblings = Genre.objects.all() if any_level else Genre.objects.filter(parent=parent)
        found = (
            siblings.filter(slug=text).first()
            or siblings.filter(name__iexact=text).order_by("parent_id", "pk").first()
            or siblings.filter(slug=slugify(text)).first()
        )
        if found is None:
            # "Novela" under "Infantil" gets "infantil-novela" when "novela" is taken.
            base = text
            if parent is not None and Genre.objects.filter(slug=slugify(text)).exists():
                base = f"{parent.name} {text}"
            found = Genre.objects.create(
                name=text, parent=parent, slug=unique_slug(Genre, base, max_length=110)
            )
        return found

    # -- upsert -------------------------------------------------------------------------------

    def _upsert(self, clean: CleanRow) -> tuple[str, Product, str]:
        authors = [self.author(name) for name in clean.authors] if clean.authors else None
        genres = [self.genre(spec) for spec in clean.genres] if clean.genres else None
        fields = dict(clean.fields)
        if clean.publisher:
            fields["publisher"] = self.publisher(clean.publisher)

        product = _find_product(clean)
        if product is None:
            product = Product(kind=clean.kind, isbn=clean.isbn, title=clean.title)
            if clean.kind == Product.Kind.MERCHANDISE:
                product.tax_class = Product.TaxClass.STANDARD
            for name, value in fields.items():
                setattr(product, name, value)
            save_product(product=product, authors=authors or [], genres=genres or [])
            return STATUS_CREATED, product, ""

        changed = [name for name, value in fields.items() if getattr(product, name) != value]
        if product.kind != clean.kind:
            changed.append("kind")
        if product.title != clean.title:
            changed.append("title")
        authors_changed = authors is not None and [
            link.author_id for link in product.product_authors.order_by("position")
        ] != _unique_ids(authors)
        genres_changed = genres is not None and set(
            product.genres.values_list("pk", flat=True)
        ) != {genre.pk for genre in genres}
        if not (changed or authors_changed or genres_changed):
            return STATUS_UNCHANGED, product, ""
        for name, value in fields.items():
            setattr(product, name, value)
        if clean.kind == Product.Kind.MERCHANDISE and product.kind != clean.kind:
            product.tax_class = Product.TaxClass.STANDARD  # a book turned merchandise pays IGV
        product.kind = clean.kind
        product.title = clean.title
        save_product(
            product=product,
            authors=authors if authors_changed else None,
            genres=genres if genres_changed else None,
        )
        labels = [str(Product._meta.get_field(name).verbose_name) for name in changed]
        if authors_changed:
            labels.append(str(Product._meta.get_field("authors").verbose_name))
        if genres_changed:
            labels.append(str(Product._meta.get_field("genres").verbose_name))
        return STATUS_UPDATED, product, _("Cambió: %(fields)s.") % {"fields": ", ".join(labels)}


def _by_slug_or_name(model, *, slug: str, name: str):
    """The row whose slug is the name's slug (unique index, and "Jose Maria Arguedas" finds
    "José María Arguedas"), else the one with that name in any case (the lower(name) trigram
    index serves authors on PostgreSQL)."""
    found = model.objects.filter(slug=slug).first() if slug else None
    if found is None:
        found = (
            model.objects.alias(lower_name=Lower("name")).filter(lower_name=name.lower()).first()
        )
    return found


def _unique_ids(objects) -> list[int]:
    ids: list[int] = []
    for obj in objects:
        if obj.pk not in ids:
            ids.append(obj.pk)
    return ids


def _find_product(clean: CleanRow) -> Product | None:
    if clean.isbn:
        return Product.objects.filter(isbn=clean.isbn).select_related("publisher").first()
    slug = slugify(clean.title)
    return (
        Product.objects.filter(kind=Product.Kind.MERCHANDISE, isbn="")
        .filter(Q(slug=slug) | Q(title__iexact=clean.title))
        .select_related("publisher")
        .order_by("pk")
        .first()
    )


def _validation_messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        messages = []
        for name, errors in exc.message_dict.items():
            try:
                label = str(Product._meta.get_field(name).verbose_name)
            except Exception:
                label = name
            messages += [f"{label}: {message}" for message in errors]
        return messages
    return list(exc.messages)
