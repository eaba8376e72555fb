"""Validation of Peruvian identifiers and phone numbers, shared by forms and services of every
app (ground: accounts and inventory forms use it as well as crm and orders)."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_errors
from stdnum.pe import cui, ruc

PHONE_ERROR = _(
    "Ingresa un teléfono peruano válido: un celular de 9 dígitos que empieza con 9 "
    "(por ejemplo 987 654 321) o un fijo con su código de ciudad."
)
DNI_ERROR = _("El DNI debe tener 8 dígitos (por ejemplo 45871236).")
RUC_ERROR = _("El RUC debe tener 11 dígitos válidos (por ejemplo 20100047218).")


def normalize_phone(value: str) -> str:
    """Return a Peruvian phone number in E.164 (+51...), or raise ValidationError."""
    raw = (value or "").strip()
    if len(raw) > 30:
        raise ValidationError(PHONE_ERROR, code="invalid_phone")
    try:
        number = phonenumbers.parse(raw, "PE")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(PHONE_ERROR, code="invalid_phone") from exc
    if number.country_code != 51 or not phonenumbers.is_valid_number(number):
        raise ValidationError(PHONE_ERROR, code="invalid_phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone(e164: str) -> str:
    """+51987654321 -> "987 654 321", as people write it."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, "PE")
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def normalize_dni(value: str) -> str:
    """Return the 8 digits of a DNI (a trailing check digit is verified and dropped)."""
    raw = (value or "").strip()
    if len(raw) > 20:
        raise ValidationError(DNI_ERROR, code="invalid_dni")
    try:
        compact = cui.validate(raw)
    except stdnum_errors.ValidationError as exc:
        raise ValidationError(DNI_ERROR, code="invalid_dni") from exc
    return compact[:8]


def normalize_ruc(value: str) -> str:
    raw = (value or "").strip()
    if len(raw) > 20:
        raise ValidationError(RUC_ERROR, code="invalid_ruc")
    try:
        return ruc.validate(raw)
    except stdnum_errors.ValidationError as exc:
        raise ValidationError(RUC_ERROR, code="invalid_ruc") from exc
