"""`python manage.py seed_catalog --books 100000`: a large synthetic catalog, with stock.

The books, authors, publishers and covers come from catalog.synthetic (see its docstring); this
command lives in inventory because the stock does: every new book gets copies in `--stores`
shops (the demo's shops, created when missing) through `stock.receive_many`, one receipt line
per book and store in the ledger, so `manage.py reconcile` stays clean. About one book in
twenty is out of stock everywhere and one pair (book, store) in eight has none, like a real
catalog; the rest have 1 to 15 copies (a few low). Books seeded before stock existed get theirs
on the next run. `--reset` deletes the synthetic books and their stock rows and ledger first.
"""

import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, ProtectedError

from catalog import synthetic
from catalog.models import Product
from inventory import demo, stock
from inventory.models import BackInStockRequest, Reservation, StockItem, StockMovement, Store

REASON = "Carga inicial del catálogo sintético"
REFERENCE = ("seed", "catalog")


def _tidy_after_bulk_load() -> None:
    """On PostgreSQL, VACUUM ANALYZE the tables a bulk load filled: the search indexes are GIN,
    whose fast-update pending list holds every row inserted since the last vacuum and is read
    in full by each search (a 10,000-book seed made "ciudad de los andes" take 8 ms instead of
    0.4), and the planner needs the new row counts. Autovacuum would do it, minutes later."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        for table in (Product._meta.db_table, StockItem._meta.db_table):
            cursor.execute(f'VACUUM ANALYZE "{table}"')


def shops(count: int) -> list[Store]:
    """`count` active shops (not the warehouse): the demo's, created when missing."""
    have = list(Store.objects.filter(kind=Store.Kind.STORE, is_active=True).order_by("pk"))
    if len(have) < count:
        demo.seed(out=_Quiet())
        have = list(Store.objects.filter(kind=Store.Kind.STORE, is_active=True).order_by("pk"))
    for n in range(len(have), count):
        have.append(
            Store.objects.create(
                name=f"Libros Pepito Sintética {n + 1}",
                slug=f"sintetica-{n + 1}",
                address=f"Av. Sintética {100 + n}",
                district="Lima",
                city="Lima",
                region="Lima",
            )
        )
    return have[:count]


class _Quiet:
    def write(self, line: str) -> None:
        pass


def stock_for(product_ids, stores: list[Store], *, seed: int) -> dict[int, dict[int, int]]:
    """{store pk: {product id: copies}}: deterministic for a product id and seed."""
    plan: dict[int, dict[int, int]] = {store.pk: {} for store in stores}
    for pid in product_ids:
        rng = random.Random(seed * 1_000_003 + pid)
        if rng.random() < 0.05:
            continue  # agotado everywhere
        for store in stores:
            if rng.random() < 0.125:
                continue
            plan[store.pk][pid] = 1 + int(rng.random() * 15)
    return plan


class Command(BaseCommand):
    help = (
        "Genera un catálogo sintético grande (por defecto 100 000 libros) con stock en varias "
        "tiendas, para pruebas de carga."
    )

    def add_arguments(self, parser):
        parser.add_argument("--books", type=int, default=100_000)
        parser.add_argument("--stores", type=int, default=5, help="tiendas con stock")
        parser.add_argument("--authors", type=int, default=None, help="por defecto libros / 5")
        parser.add_argument("--batch", type=int, default=5000)
        parser.add_argument("--seed", type=int, default=2026, help="semilla aleatoria")
        parser.add_argument(
            "--reset", action="store_true", help="borra antes el catálogo sintético"
        )

    def handle(self, *args, books, stores, authors, batch, seed, reset, verbosity, **options):
        if not 0 < books <= synthetic.MAX_BOOKS:
            raise CommandError(f"--books debe estar entre 1 y {synthetic.MAX_BOOKS}.")
        if not 0 <= stores <= 50:
            raise CommandError("--stores debe estar entre 0 y 50.")
        if batch < 1:
            raise CommandError("--batch debe ser al menos 1.")
        started = time.perf_counter()
        if reset:
            self._reset()
        write = self.stdout.write if verbosity else (lambda line: None)
        shop_rows = shops(stores) if stores else []
        stocked = 0

        def add_stock(products) -> None:
            nonlocal stocked
            stocked += self._stock([p.pk for p in products], shop_rows, seed)

        created = synthetic.seed_books(
            books=books, authors=authors, batch=batch, seed=seed, on_batch=add_stock, write=write
        )
        # Books seeded before this command made stock (or with --stores 0) get theirs now.
        if shop_rows:
            bare = (
                synthetic.synthetic_books()
                # NOT EXISTS, an anti-join: `pk NOT IN (400,000 ids)` overflows work_mem and
                # PostgreSQL then probes the list once per book (minutes at 100,000 books).
                .exclude(Exists(StockItem.objects.filter(product_id=OuterRef("pk"))))
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            last = 0
            while True:
                ids = list(bare.filter(pk__gt=last)[:batch])
                if not ids:
                    break
                with transaction.atomic():
                    stocked += self._stock(ids, shop_rows, seed)
                last = ids[-1]
        # Also when there was nothing to add: a migration may have rewritten every row since.
        _tidy_after_bulk_load()
        if created == 0 and stocked == 0:
            write(
                f"Ya hay {synthetic.synthetic_books().count()} libros sintéticos con stock; "
                "nada que hacer (usa --reset para rehacer)."
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Listo: {created} libros sintéticos nuevos, {stocked} filas de stock en "
                f"{len(shop_rows)} tiendas, en {time.perf_counter() - started:.1f} s."
            )
        )

    def _stock(self, product_ids, shop_rows, seed) -> int:
        lines = 0
        for store_pk, quantities in stock_for(product_ids, shop_rows, seed=seed).items():
            store = next(s for s in shop_rows if s.pk == store_pk)
            lines += stock.receive_many(store, quantities, reason=REASON, reference=REFERENCE)
        return lines

    def _reset(self):
        products = synthetic.synthetic_books()
        try:
            with transaction.atomic():
                # Synthetic data only: its ledger goes with the books (a real one never does).
                BackInStockRequest.objects.filter(product__in=products).delete()
                Reservation.objects.filter(product__in=products).delete()
                StockMovement.objects.filter(product__in=products).delete()
                StockItem.objects.filter(product__in=products).delete()
                deleted = synthetic.reset_books()
        except ProtectedError as error:
            raise CommandError(
                "Hay pedidos o carritos con libros sintéticos; usa una base de datos propia "
                f"para las pruebas de carga ({error.args[0]})."
            ) from None
        self.stdout.write(f"Borrado el catálogo sintético ({deleted} filas).")
