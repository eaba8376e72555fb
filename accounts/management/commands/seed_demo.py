"""`python manage.py seed_demo`: the demo store of Libros Pepito, idempotent.

Each app that has demo data owns a `demo.py` with `seed(out)`; they run in dependency order.
Running the command twice changes nothing: rows are looked up by natural keys and left alone
when they exist.
"""

from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

# Order matters: stores before staff, staff before customers...
DEMO_MODULES = [
    "inventory.demo",
    "catalog.demo",
    "accounts.demo",
    "crm.demo",
    # Stock after the products and the clerks who receive it.
    "inventory.demo_stock",
    # Chat after the clerks and customers it mentions.
    "chat.demo",
    # Orders need stock, customers and clerks.
    "orders.demo",
]


class Command(BaseCommand):
    help = "Crea (o completa) los datos de demostración de Libros Pepito. Idempotente."

    def handle(self, *args, **options):
        with transaction.atomic():
            for name in DEMO_MODULES:
                import_module(name).seed(self.stdout)
        from accounts.demo import print_logins

        print_logins(self.stdout)
