"""Forms check the shape of the input; inventory.stock enforces the business rules."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from catalog.text import normalize_isbn
from core.abuse import HoneypotMixin
from core.forms import IdChoiceField
from core.validators import normalize_phone
from inventory.models import Store
from inventory.selectors import customer_stores

MAX_QUANTITY = 10_000

QUANTITY_ERRORS = {
    "required": _("Escribe la cantidad."),
    "invalid": _("La cantidad debe ser un número entero, por ejemplo 3."),
    "min_value": _("La cantidad debe ser mayor que cero."),
    "max_value": _("Como máximo %(limit_value)s unidades por vez; divide el ingreso en partes."),
}


def quantity_field(label=None, **kwargs):
    return forms.IntegerField(
        label=label or _("Cantidad"),
        min_value=1,
        max_value=MAX_QUANTITY,
        error_messages=QUANTITY_ERRORS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 1}),
        **kwargs,
    )


class IsbnField(forms.CharField):
    """A scanned or typed ISBN (10 or 13 digits, hyphens allowed) -> compact ISBN-13."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("ISBN"))
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("error_messages", {"required": _("Escanea o escribe el ISBN del libro.")})
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "off", "placeholder": "978…"}
        )

    def clean(self, value):
        value = super().clean(value)
        return normalize_isbn(value) if value else value


class ReceiveForm(forms.Form):
    isbn = IsbnField(help_text=_("Escanéalo con la pistola o escríbelo; se aceptan guiones."))
    quantity = quantity_field(initial=1)


class AdjustForm(forms.Form):
    delta = forms.IntegerField(
        label=_("Cambio"),
        help_text=_(
            "Negativo para restar (por ejemplo -1 por un libro dañado), positivo para sumar."
        ),
        min_value=-MAX_QUANTITY,
        max_value=MAX_QUANTITY,
        error_messages={
            "required": _("Escribe cuántas unidades sumar o restar."),
            "invalid": _("Escribe un número entero, por ejemplo -1 o 2."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    reason = forms.CharField(
        label=_("Motivo"),
        max_length=200,
        error_messages={
            "required": _("El motivo es obligatorio: explica por qué cambias el stock.")
        },
        widget=forms.TextInput(attrs={"placeholder": _("Libro dañado, error de conteo…")}),
    )

    def clean_delta(self):
        delta = self.cleaned_data["delta"]
        if delta == 0:
            raise ValidationError(_("El cambio no puede ser cero: escribe cuánto sumar o restar."))
        return delta

    def clean_reason(self):
        reason = " ".join(self.cleaned_data["reason"].split())
        if not reason:
            raise ValidationError(_("El motivo es obligatorio: explica por qué cambias el stock."))
        return reason


class TransferRequestForm(forms.Form):
    isbn = IsbnField()
    quantity = quantity_field()
    from_store = IdChoiceField(
        label=_("Pedir a"),
        queryset=Store.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("Elige una tienda de la lista.")},
    )
    note = forms.CharField(label=_("Nota"), max_length=200, required=False)

    def __init__(self, *args, to_store: Store, **kwargs):
        super().__init__(*args, **kwargs)
        # The form lists the others; service rejects the same store for a forged POST too.
        self.fields["from_store"].queryset = (
            Store.objects.filter(is_active=True).exclude(pk=to_store.pk).order_by("kind", "name")
        )


class BackInStockForm(HoneypotMixin, forms.Form):
    email = forms.EmailField(
        label=_("Tu correo"),
        max_length=254,
        error_messages={
            "required": _("Escribe tu correo para avisarte."),
            "invalid": _("Revisa tu correo: debe ser como nombre@ejemplo.pe."),
        },
    )
    phone = forms.CharField(
        label=_("Celular (opcional, te enviamos un SMS)"), max_length=30, required=False
    )
    store = IdChoiceField(
        label=_("Tienda"),
        queryset=Store.objects.none(),
        required=False,
        empty_label=_("Cualquier tienda"),
        error_messages={"invalid_choice": _("Elige una tienda de la lista.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["store"].queryset = customer_stores()
        self.fields["phone"].widget.attrs.update({"inputmode": "tel", "autocomplete": "tel"})
        self.fields["email"].widget.attrs.update({"autocomplete": "email"})

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        return normalize_phone(phone) if phone else ""
