"""Order factories: rows written directly, fast, for listings, pages and status rules.

They hold no stock and make no reservation: a test about stock, holds or checkout places its
order through `orders.checkout.place_order` instead.

    OrderFactory()                       # a pickup order "en proceso", one line, pay at pickup
    OrderFactory(delivery=True)          # home delivery in Miraflores (no pickup code)
    OrderFactory(paid=True)              # paid by card, with its charge
    OrderFactory(lines=[(book, 2), (other, 1, Decimal("30.00"))])  # totals follow the lines
    OrderFactory(lines=[])               # no line at all
"""

from decimal import Decimal

import factory
from django.utils import timezone

from orders.models import Channel, Order, OrderEvent, OrderLine, Payment
from tests.factories.catalog import ProductFactory
from tests.factories.crm import CustomerFactory
from tests.factories.inventory import StoreFactory


class OrderLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrderLine

    order = None  # always given: OrderFactory(lines=...) or OrderLineFactory(order=order)
    product = factory.SubFactory(ProductFactory)
    title = factory.LazyAttribute(lambda line: line.product.title)
    quantity = 1
    unit_price = factory.LazyAttribute(lambda line: line.product.price)
    line_total = factory.LazyAttribute(lambda line: line.unit_price * line.quantity)


class OrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Order
        skip_postgeneration_save = True

    class Params:
        pickup = factory.Trait(
            fulfilment=Order.Fulfilment.PICKUP,
            payment_method=Order.PaymentMethod.AT_PICKUP,
        )
        delivery = factory.Trait(
            fulfilment=Order.Fulfilment.DELIVERY,
            payment_method=Order.PaymentMethod.CARD,
            pickup_code="",
            address_street="Calle Berlín 345",
            address_district="Miraflores",
            address_province="Lima",
            address_region="Lima",
            delivery_fee=Decimal("10.00"),
        )
        paid = factory.Trait(
            payment_method=Order.PaymentMethod.CARD,
            payment_status=Order.PaymentStatus.PAID,
            paid_at=factory.LazyFunction(timezone.now),
        )

    number = factory.Sequence(lambda n: f"LP-2026-{900000 + n:06d}")
    channel = Channel.WEB
    customer = factory.SubFactory(CustomerFactory)
    contact_name = factory.LazyAttribute(
        lambda o: o.customer.name if o.customer else "Luis Ramírez"
    )
    contact_email = factory.LazyAttribute(
        lambda o: o.customer.email if o.customer else "luis@example.pe"
    )
    contact_phone = factory.LazyAttribute(
        lambda o: o.customer.phone if o.customer else "+51987654321"
    )
    status = Order.Status.PROCESSING
    fulfilment = Order.Fulfilment.PICKUP
    store = factory.SubFactory(StoreFactory)
    pickup_code = factory.Sequence(lambda n: f"K{n % 100000:05d}")
    payment_method = Order.PaymentMethod.AT_PICKUP
    # Placeholders until the lines are written (post-generation below sets the real figures).
    subtotal = Decimal("0.00")
    total = Decimal("0.00")

    @factory.post_generation
    def lines(self, create, extracted, **kwargs):
        """`lines=[(product, quantity)]` or `(product, quantity, unit_price)`; default: one
        line of a new book."""
        if not create:
            return
        specs = [(ProductFactory(), 1)] if extracted is None else extracted
        written = []
        for spec in specs:
            product, quantity, *price = spec
            extra = {"unit_price": price[0]} if price else {}
            written.append(
                OrderLineFactory(order=self, product=product, quantity=quantity, **extra)
            )
        self.subtotal = sum((line.line_total for line in written), Decimal("0.00"))
        self.total = self.subtotal + self.delivery_fee - self.discount_total
        Order.objects.filter(pk=self.pk).update(subtotal=self.subtotal, total=self.total)

    @factory.post_generation
    def charge(self, create, extracted, **kwargs):
        """A paid order has its charge (after `lines`, so the amount is the total)."""
        if create and self.payment_status == Order.PaymentStatus.PAID and extracted is not False:
            Payment.objects.create(
                order=self, kind=Payment.Kind.CHARGE, method=self.payment_method, amount=self.total
            )

    @factory.post_generation
    def event(self, create, extracted, **kwargs):
        """The first line of the order's history, as checkout writes it (`event=False`: none)."""
        if create and extracted is not False:
            OrderEvent.objects.create(
                order=self, status=self.status, note=extracted or "Pedido recibido"
            )
