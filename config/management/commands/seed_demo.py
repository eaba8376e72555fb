"""`python manage.py seed_demo`: the demo store of Libros Pepito, idempotent.

Each app that has demo data owns a `demo.py` with `seed(out)`; they run here, in dependency
order, from the top layer (config), the only one that may import every app. Running the
command twice changes nothing: rows are looked up by natural keys and left alone when they
exist.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts import demo as accounts_demo
from catalog import demo as catalog_demo
from chat import demo as chat_demo
from crm import demo as crm_demo
from inventory import demo as inventory_demo
from inventory import demo_stock
from loyalty import demo as loyalty_demo
from orders import demo as orders_demo
from orders.facts import order_fields, order_lines
from orders.models import Order
from shop import recommendations


class Command(BaseCommand):
    help = "Crea (o completa) los datos de demostración de Libros Pepito. Idempotente."

    def handle(self, *args, **options):
        out = self.stdout
        with transaction.atomic():
            # Order matters: stores before staff, staff before customers...
            inventory_demo.seed(out)
            catalog_demo.seed(out)
            accounts_demo.seed(out)
            crm_demo.seed(out)
            # Stock after the products and the clerks who receive it; inventory sits below
            # accounts and crm, so it is handed the clerks and the waiting customers.
            demo_stock.seed(
                out,
                clerks=accounts_demo.clerks_by_store(),
                customers=crm_demo.customers_by_email(demo_stock.waiting_emails()),
            )
            # Chat after the clerks and customers it mentions.
            chat_demo.seed(out)
            # Orders need stock, customers and clerks.
            orders_demo.seed(out)
            # Club Pepito after the orders: loyalty sits below orders, so it is handed the
            # delivered demo orders as their facts' payloads.
            loyalty_demo.seed(out, fulfilled_orders=_fulfilled_orders())
            # Then luis spends some of his points on an open order (a tender at checkout).
            orders_demo.seed_tender_order(out)
            # Last: the product pages' lists learn from every book and order above.
            rewritten = recommendations.rebuild()
            out.write(f"Recomendaciones: {rewritten} listas al día.")
        accounts_demo.print_logins(out)


def _fulfilled_orders() -> list[dict]:
    delivered = (Order.Status.DELIVERED, Order.Status.RECEIVED)
    return [
        {**order_fields(order), "lines": order_lines(order), "at": order.updated_at}
        for order in Order.objects.filter(status__in=delivered, customer__isnull=False)
        .order_by("pk")
        .prefetch_related("lines")
    ]
