"""Domain errors of the inventory. Each carries a Spanish message that says what to do next,
ready to show to a customer or a clerk; nothing has been written when one is raised."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class InventoryError(Exception):
    """Base class: `message` is shown as is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return str(self.message)


class InvalidQuantity(InventoryError):
    def __init__(self, quantity=None):
        super().__init__(
            _("La cantidad debe ser un número entero mayor que cero; corrígela e intenta de nuevo.")
        )
        self.quantity = quantity


class ReasonRequired(InventoryError):
    def __init__(self):
        super().__init__(
            _("Escribe el motivo del ajuste (por ejemplo «libro dañado» o «error de conteo»).")
        )


class InactiveProduct(InventoryError):
    def __init__(self, product):
        super().__init__(
            _("«%(title)s» ya no está a la venta; elige otro producto.") % {"title": product}
        )
        self.product = product


class InactiveStore(InventoryError):
    def __init__(self, store):
        super().__init__(
            _("La tienda %(store)s no está activa; elige otra tienda.") % {"store": store}
        )
        self.store = store


class OutOfStock(InventoryError):
    def __init__(self, product, store, available: int, wanted: int):
        if available <= 0:
            message = _(
                "«%(title)s» está agotado en %(store)s; elige otra tienda o pide que te "
                "avisemos cuando llegue."
            )
        else:
            message = ngettext(
                "Solo queda %(available)s de «%(title)s» en %(store)s y pediste %(wanted)s; "
                "reduce la cantidad o elige otra tienda.",
                "Solo quedan %(available)s de «%(title)s» en %(store)s y pediste %(wanted)s; "
                "reduce la cantidad o elige otra tienda.",
                available,
            )
        super().__init__(
            message
            % {"title": product, "store": store, "available": max(available, 0), "wanted": wanted}
        )
        self.product, self.store, self.available, self.wanted = product, store, available, wanted

    @property
    def staff_message(self) -> str:
        """The same refusal told to a clerk serving the customer (phone, counter, chat)."""
        available = max(self.available, 0)
        if available == 0:
            return _(
                "«%(title)s» no tiene stock en %(store)s. Ofrécele al cliente otra tienda que "
                "lo tenga o quítalo del carrito."
            ) % {"title": self.product, "store": self.store}
        return ngettext(
            "En %(store)s queda solo %(available)s copia de «%(title)s» y el cliente pide "
            "%(wanted)s; baja la cantidad u ofrécele otra tienda.",
            "En %(store)s quedan solo %(available)s copias de «%(title)s» y el cliente pide "
            "%(wanted)s; baja la cantidad u ofrécele otra tienda.",
            available,
        ) % {
            "title": self.product,
            "store": self.store,
            "available": available,
            "wanted": self.wanted,
        }


class TransferExceedsStock(OutOfStock):
    """A transfer asks the sending store for more copies than it has free (at request time)."""

    def __init__(self, product, store, available: int, wanted: int):
        super().__init__(product, store, available, wanted)
        available = max(available, 0)
        if available == 0:
            self.message = _(
                "%(store)s no tiene copias disponibles de «%(title)s»; pide la transferencia a "
                "otra tienda."
            ) % {"store": store, "title": product}
        else:
            self.message = ngettext(
                "%(store)s tiene solo %(available)s copia disponible de «%(title)s» y pediste "
                "%(wanted)s; pide %(available)s o menos, o el resto a otra tienda.",
                "%(store)s tiene solo %(available)s copias disponibles de «%(title)s» y pediste "
                "%(wanted)s; pide %(available)s o menos, o el resto a otra tienda.",
                available,
            ) % {"store": store, "title": product, "available": available, "wanted": wanted}
        self.args = (self.message,)


class TransferNotCancellable(InventoryError):
    def __init__(self, transfer):
        super().__init__(
            _(
                "La transferencia #%(id)s ya está «%(state)s» y no se puede anular. Si las "
                "copias deben volver, pide una transferencia de regreso."
            )
            % {"id": transfer.pk, "state": transfer.get_state_display()}
        )


class BelowReserved(InventoryError):
    def __init__(self, product, reserved: int):
        super().__init__(
            ngettext(
                "Hay %(reserved)s unidad de «%(title)s» separada para pedidos; el stock no "
                "puede quedar por debajo. Libera o entrega esa reserva primero.",
                "Hay %(reserved)s unidades de «%(title)s» separadas para pedidos; el stock no "
                "puede quedar por debajo. Libera o entrega esas reservas primero.",
                reserved,
            )
            % {"reserved": reserved, "title": product}
        )


class SameStoreTransfer(InventoryError):
    def __init__(self):
        super().__init__(
            _("La tienda de origen y la de destino son la misma; elige otra tienda de origen.")
        )


class InvalidTransferState(InventoryError):
    def __init__(self, transfer, expected: str):
        super().__init__(
            _(
                "La transferencia #%(id)s está «%(state)s»; solo se puede hacer esto cuando "
                "está «%(expected)s». Recarga la página para ver su estado actual."
            )
            % {"id": transfer.pk, "state": transfer.get_state_display(), "expected": expected}
        )


class ReservationNotActive(InventoryError):
    def __init__(self, reservation):
        super().__init__(
            _(
                "Esta reserva ya está «%(state)s»; vuelve a separar el producto si todavía lo "
                "necesitas."
            )
            % {"state": reservation.get_state_display()}
        )
        self.reservation = reservation


class UnknownIsbn(InventoryError):
    def __init__(self, isbn: str):
        super().__init__(
            _(
                "No encontramos ningún producto con el ISBN %(isbn)s. Revisa el número o "
                "pide al administrador que lo agregue al catálogo."
            )
            % {"isbn": isbn}
        )
        self.isbn = isbn
