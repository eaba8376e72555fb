"""Password strength for staff: a staff password opens the till, the stock and customers' data.

Django's four validators apply to everyone (AUTH_PASSWORD_VALIDATORS); this one adds, for staff
only, a longer minimum and no part of the person's e-mail or names in the password. It runs
wherever Django validates a password: allauth's set, change and reset pages, the admin's add
and change-password forms, and `accounts.demo` for the demo staff.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.roles import Role

# Shorter pieces ("ana", "luz") are too common in ordinary words to refuse.
MIN_PIECE = 4


def is_staff_account(user) -> bool:
    """Staff for the password rules: a store, is_staff or superuser, or a staff role. A user
    being added in the admin has no groups yet, but a store if they work in one."""
    if user is None:
        return False
    if getattr(user, "store_id", None) or user.is_staff or user.is_superuser:
        return True
    if user.pk is None:
        return False
    return bool(user.role_names & Role.staff_values())


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def personal_pieces(user) -> set[str]:
    """The e-mail's name ("jefe.miraflores" → "jefe", "miraflores") and the person's names."""
    local = (user.email or "").partition("@")[0]
    words = [local, user.first_name, user.last_name]
    pieces = {p for w in words for p in re.split(r"[\W_\d]+", _plain(w)) if len(p) >= MIN_PIECE}
    return pieces


class StaffPasswordValidator:
    def __init__(self, min_length: int = 12):
        self.min_length = min_length

    def validate(self, password: str, user=None) -> None:
        if not is_staff_account(user):
            return
        errors = []
        if len(password) < self.min_length:
            errors.append(
                ValidationError(
                    ngettext(
                        "Las cuentas del personal necesitan una contraseña de al menos "
                        "%(min_length)d carácter.",
                        "Las cuentas del personal necesitan una contraseña de al menos "
                        "%(min_length)d caracteres: prueba una frase de varias palabras.",
                        self.min_length,
                    )
                    % {"min_length": self.min_length},
                    code="staff_password_too_short",
                )
            )
        plain = _plain(password)
        found = sorted(p for p in personal_pieces(user) if p in plain)
        if found:
            errors.append(
                ValidationError(
                    _(
                        "La contraseña no puede contener tu correo ni tu nombre (%(found)s): "
                        "elige palabras que no se adivinen sabiendo quién eres."
                    )
                    % {"found": ", ".join(found)},
                    code="staff_password_personal",
                )
            )
        if errors:
            raise ValidationError(errors)

    def get_help_text(self) -> str:
        return _(
            "Si trabajas en Libros Pepito: al menos %(min_length)d caracteres, sin tu correo "
            "ni tu nombre."
        ) % {"min_length": self.min_length}
