"""Demo stock: every active product gets stock in several stores, through the services.

Runs after catalog.demo (products), accounts.demo (clerks) and crm.demo (customers): the
seed_demo command hands it the clerks who receive the stock and the customers waiting for
books (inventory sits below accounts and crm). Deterministic: what a product
gets depends only on a hash of its ISBN (or slug), so every machine has the same demo. A
product that already has stock rows is left alone, so a second run changes nothing.

Profiles (hash % 10): 0 agotado everywhere (with people waiting for it), 1 only in one
province store, 2 low (one or two copies left; the first three in Miraflores after a counter
sale that raised the low-stock alert), otherwise several stores plus the warehouse.
"""

import hashlib
from collections.abc import Mapping

from catalog.models import Product
from inventory import stock
from inventory.alerts import request_back_in_stock
from inventory.exceptions import InventoryError
from inventory.models import StockItem, Store, Transfer

LIMA = ["miraflores", "san-isidro", "lima-centro"]
PROVINCES = ["arequipa", "trujillo", "cusco"]
WAREHOUSE = "almacen-central"

# email, phone, store slug (None: any store)
WAITING = [
    ("luis@example.pe", "+51987654321", "miraflores"),
    ("vecina.lectora@example.pe", "", None),
    ("profe.historia@example.pe", "+51912345678", "cusco"),
]


# Low-stock alerts raised by the demo (each is an e-mail printed on the console by `make run`).
MAX_LOW_ALERTS = 3


def _alerted_before(store: Store) -> bool:
    """Whether an earlier run (with other products) already raised the demo's alerts."""
    return StockItem.objects.filter(store=store, low_stock_alerted_at__isnull=False).count() >= (
        MAX_LOW_ALERTS
    )


def _hash(product: Product, salt: str = "") -> int:
    key = f"{product.isbn or product.slug}:{salt}".encode()
    return int(hashlib.sha256(key).hexdigest()[:12], 16)


def _profile(product: Product) -> int:
    return _hash(product) % 10


def waiting_emails() -> list[str]:
    return [email for email, _phone, _slug in WAITING]


def seed(out, *, clerks: Mapping[int, object], customers: Mapping[str, object]) -> None:
    """`clerks`: store pk -> the staff user who receives its stock (the movements' actor);
    `customers`: e-mail -> the customer record of those in WAITING who have one."""
    stores = {store.slug: store for store in Store.objects.filter(is_active=True)}
    if not all(slug in stores for slug in [*LIMA, *PROVINCES, WAREHOUSE]):
        out.write("Stock: faltan las tiendas de demostración; nada que hacer.")
        return
    stocked = set(StockItem.objects.values_list("product_id", flat=True).distinct())
    products = list(Product.objects.filter(is_active=True).order_by("pk"))
    seeded = 0
    alerted = 0
    sold_out = []
    for product in products:
        profile = _profile(product)
        if profile == 0:
            sold_out.append(product)
            continue
        if product.pk in stocked:
            continue
        seeded += 1
        if profile == 1:
            store = stores[PROVINCES[_hash(product, "province") % len(PROVINCES)]]
            stock.receive(store, product, 2 + _hash(product, "qty") % 5, clerks.get(store.pk))
        elif profile == 2:
            miraflores = stores["miraflores"]
            clerk = clerks.get(miraflores.pk)
            if alerted < MAX_LOW_ALERTS and not _alerted_before(miraflores):
                # A counter sale leaves one copy: the manager gets the low-stock alert.
                stock.receive(miraflores, product, 3, clerk)
                stock.record_sale(miraflores, [(product, 2)], clerk)
                alerted += 1
            else:
                stock.receive(miraflores, product, 1, clerk)
            if _hash(product, "second") % 2:
                other = stores[LIMA[1 + _hash(product, "lima") % 2]]
                stock.receive(other, product, 1, clerks.get(other.pk))
        else:
            for slug in [*LIMA, *PROVINCES]:
                roll = _hash(product, slug)
                if roll % 10 < 6:
                    stock.receive(stores[slug], product, 1 + roll % 12, clerks.get(stores[slug].pk))
            stock.receive(stores[WAREHOUSE], product, 10 + _hash(product, WAREHOUSE) % 50)

    # People waiting for the first books that are agotado everywhere.
    waiting = 0
    for product, (email, phone, slug) in zip(sold_out, WAITING, strict=False):
        request_back_in_stock(
            product=product,
            email=email,
            phone=phone,
            store=stores.get(slug) if slug else None,
            customer=customers.get(email),
        )
        waiting += 1
    transfers = _seed_transfers(stores, clerks)
    out.write(
        f"Stock: {seeded} productos con stock nuevo, {len(sold_out)} agotados en todas las "
        f"tiendas, {waiting} avisos de reposición pendientes, {transfers} transferencias "
        "abiertas para Miraflores."
    )


def _seed_transfers(stores: Mapping[str, Store], clerks: Mapping[int, object]) -> int:
    """Once: Miraflores has asked San Isidro for a book (to send, or to annul) and the
    warehouse has sent it another (to receive): the transfers page shows each state."""
    miraflores = stores["miraflores"]
    if Transfer.objects.filter(to_store=miraflores).exists():
        return 0
    made = 0
    for slug, send in (("san-isidro", False), (WAREHOUSE, True)):
        sender = stores[slug]
        item = (
            StockItem.objects.filter(store=sender, on_hand__gte=3, reserved=0)
            .exclude(product__stock_items__store=miraflores)
            .order_by("pk")
            .first()
        )
        if item is None:
            continue
        try:
            asked = stock.request_transfer(
                sender, miraflores, item.product, 2, clerks.get(miraflores.pk), note="Demo"
            )
            if send:
                stock.send_transfer(asked, clerks.get(sender.pk))
        except InventoryError:
            continue
        made += 1
    return made
