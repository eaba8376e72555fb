"""Errors of the loyalty program. Each carries a Spanish message (tú) that says what to do next;
nothing has been written when one is raised."""

from django.utils.translation import gettext as _


class LoyaltyError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return str(self.message)


class NotEnoughPoints(LoyaltyError):
    def __init__(self, balance: int):
        super().__init__(
            _("No tienes tantos puntos: tu saldo es de %(balance)s puntos.") % {"balance": balance}
        )


class NotEnoughCredit(LoyaltyError):
    pass


class BadAmount(LoyaltyError):
    pass


class NotAllowed(LoyaltyError):
    pass
