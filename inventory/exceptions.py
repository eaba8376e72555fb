"""Domain errors of the inventory. Each carries a Spanish message that says what to do next,
ready to show to a customer or a clerk; nothing has been written when one is raised."""

from django.utils.translation import gettext as _


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
            message = _(
                "Solo quedan %(available)s de «%(title)s» en %(store)s y pediste %(wanted)s; "
                "reduce la cantidad o elige otra tienda."
            )
        super().__init__(
            message
            % {"title": product, "store": store, "available": max(available, 0), "wanted": wanted}
        )
        self.product, self.store, self.available, self.wanted = product, store, available, wanted


class BelowReserved(InventoryError):
    def __init__(self, product, reserved: int):
        super().__init__(
            _(
                "Hay %(reserved)s unidades de «%(title)s» separadas para pedidos; el stock no "
                "puede quedar por debajo. Libera o entrega esas reservas primero."
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
