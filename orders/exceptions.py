"""Errors of the order flow. Each carries a Spanish message that tells the customer or clerk
what to do next; nothing has been written when one is raised."""

from django.utils.translation import gettext as _


class OrderError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return str(self.message)


class CartError(OrderError):
    pass


class EmptyCart(OrderError):
    def __init__(self):
        super().__init__(_("Tu carrito está vacío: agrega algún libro antes de pagar."))


class PricesChanged(OrderError):
    def __init__(self, changes):
        super().__init__(
            _(
                "Algunos precios o la disponibilidad cambiaron desde que abriste esta página. "
                "Revisa el nuevo total y confirma otra vez."
            )
        )
        self.changes = changes


class SlotFull(OrderError):
    def __init__(self):
        super().__init__(
            _("Ese horario de entrega acaba de llenarse. Elige otro horario u otro día.")
        )


class NotDeliverable(OrderError):
    pass


class IllegalTransition(OrderError):
    pass


class StaleBoardMove(IllegalTransition):
    """The card was out of date: someone else moved (or annulled) the order meanwhile."""

    def __init__(self, order):
        super().__init__(
            _(
                "El pedido %(number)s cambió mientras tanto: ahora está «%(status)s». No se "
                "hizo ningún cambio; revisa la tarjeta actualizada."
            )
            % {"number": order.number, "status": order.get_status_display()}
        )
        self.order = order


class PaymentError(OrderError):
    pass


class TenderRefused(OrderError):
    """Points or store credit that cannot pay this order (more than the balance, under the
    minimum, over the share of the order, a guest checkout): the loyalty program's reason."""

    status = 400


class NotYourAccount(TenderRefused):
    """The form named a loyalty account that is not the customer's own."""

    status = 403
