"""The forms of the Libro de Reclamaciones: the consumer's sheet and the staff's answer."""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.abuse import HONEYPOT_FIELD, HoneypotMixin
from core.forms import IdChoiceField
from core.validators import normalize_dni, normalize_phone
from crm.models import Complaint
from inventory.models import Store

CE_ERROR = _("El carné de extranjería tiene de 8 a 12 letras o números (por ejemplo 001234567).")
_CE = re.compile(r"^[A-Z0-9]{8,12}$")


def normalize_document(doc_type: str, value: str) -> str:
    """A DNI's 8 digits (python-stdnum checks it), or a carné de extranjería's characters."""
    raw = (value or "").strip().upper().replace(" ", "").replace("-", "")
    if doc_type == Complaint.DocType.DNI:
        return normalize_dni(raw)
    if not _CE.match(raw):
        raise ValidationError(CE_ERROR, code="invalid_ce")
    return raw


def _required(message):
    return {"required": message}


class ComplaintForm(HoneypotMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Tipo"),
        choices=Complaint.Kind.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Reclamo: no estás conforme con el producto o el servicio. "
            "Queja: te molestó la atención que recibiste."
        ),
        error_messages={
            "required": _("Elige si es un reclamo o una queja."),
            "invalid_choice": _("Elige si es un reclamo o una queja."),
        },
    )
    consumer_name = forms.CharField(
        label=_("Nombre completo"),
        max_length=150,
        error_messages=_required(_("Escribe tu nombre completo.")),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    doc_type = forms.ChoiceField(
        label=_("Documento"),
        choices=Complaint.DocType.choices,
        error_messages={
            "required": _("Elige tu documento."),
            "invalid_choice": _("Elige DNI o carné de extranjería."),
        },
    )
    doc_number = forms.CharField(
        label=_("Número de documento"),
        max_length=20,
        error_messages=_required(_("Escribe el número de tu documento.")),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    address = forms.CharField(
        label=_("Domicilio"),
        max_length=200,
        error_messages=_required(_("Escribe tu domicilio.")),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    phone = forms.CharField(
        label=_("Teléfono"),
        max_length=30,
        error_messages=_required(_("Escribe un teléfono para contactarte.")),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("Correo electrónico (te enviamos la copia)"),
        max_length=254,
        error_messages={
            "required": _("Escribe tu correo: ahí te enviamos la copia numerada."),
            "invalid": _("Revisa tu correo: debe ser como nombre@ejemplo.pe."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    is_minor = forms.BooleanField(label=_("Soy menor de edad"), required=False)
    guardian_name = forms.CharField(
        label=_("Nombre del padre, madre o apoderado"), max_length=150, required=False
    )
    guardian_doc_type = forms.ChoiceField(
        label=_("Documento del apoderado"),
        choices=Complaint.DocType.choices,
        required=False,
        error_messages={"invalid_choice": _("Elige DNI o carné de extranjería.")},
    )
    guardian_doc_number = forms.CharField(
        label=_("Número de documento del apoderado"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    good_type = forms.ChoiceField(
        label=_("Bien contratado"),
        choices=Complaint.GoodType.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Elige si es un producto o un servicio."),
            "invalid_choice": _("Elige si es un producto o un servicio."),
        },
    )
    good_description = forms.CharField(
        label=_("¿Qué producto o servicio?"),
        max_length=300,
        error_messages=_required(_("Describe el producto o servicio (por ejemplo, el libro).")),
    )
    amount = forms.DecimalField(
        label=_("Monto reclamado en soles (opcional)"),
        required=False,
        min_value=Decimal("0"),
        max_value=Decimal("99999999.99"),
        max_digits=10,
        decimal_places=2,
        error_messages={
            "invalid": _("Escribe el monto en soles, por ejemplo 59.90."),
            "min_value": _("El monto no puede ser negativo."),
            "max_value": _("Revisa el monto: es demasiado alto."),
            "max_digits": _("Revisa el monto: es demasiado alto."),
            "max_decimal_places": _("El monto lleva como máximo dos decimales."),
        },
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    order_number = forms.CharField(
        label=_("Número de pedido (opcional)"), max_length=30, required=False
    )
    store = IdChoiceField(
        label=_("¿Dónde ocurrió?"),
        queryset=Store.objects.none(),
        required=False,
        empty_label=_("Tienda virtual (la web)"),
        error_messages={"invalid_choice": _("Elige una tienda de la lista.")},
    )
    detail = forms.CharField(
        label=_("Detalle: ¿qué pasó?"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Cuéntanos qué pasó."),
            "max_length": _("El detalle admite hasta %(limit_value)d caracteres."),
        },
    )
    request = forms.CharField(
        label=_("Tu pedido: ¿qué solución esperas?"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Cuéntanos qué solución esperas."),
            "max_length": _("Tu pedido admite hasta %(limit_value)d caracteres."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["store"].queryset = Store.objects.filter(
            is_active=True, kind=Store.Kind.STORE
        ).order_by("name")

    def clean_phone(self):
        return normalize_phone(self.cleaned_data["phone"])

    def clean_order_number(self):
        return self.cleaned_data["order_number"].strip()

    def clean(self):
        data = super().clean()
        if "doc_type" in data and data.get("doc_number"):
            try:
                data["doc_number"] = normalize_document(data["doc_type"], data["doc_number"])
            except ValidationError as error:
                self.add_error("doc_number", error)
        if data.get("is_minor"):
            if not (data.get("guardian_name") or "").strip():
                self.add_error(
                    "guardian_name", _("Si eres menor de edad, escribe el nombre de tu apoderado.")
                )
            if not data.get("guardian_doc_type"):
                self.add_error("guardian_doc_type", _("Elige el documento de tu apoderado."))
            elif not (data.get("guardian_doc_number") or "").strip():
                self.add_error(
                    "guardian_doc_number", _("Escribe el número de documento de tu apoderado.")
                )
            else:
                try:
                    data["guardian_doc_number"] = normalize_document(
                        data["guardian_doc_type"], data["guardian_doc_number"]
                    )
                except ValidationError as error:
                    self.add_error("guardian_doc_number", error)
        else:
            data["guardian_name"] = data["guardian_doc_type"] = data["guardian_doc_number"] = ""
        return data

    def complaint_fields(self) -> dict:
        """What crm.complaints.file_complaint writes (the honeypot left out)."""
        names = [name for name in self.fields if name != HONEYPOT_FIELD]
        return {name: self.cleaned_data[name] for name in names}


class ComplaintAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Respuesta al consumidor"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Escribe la respuesta para el consumidor."),
            "max_length": _("La respuesta admite hasta %(limit_value)d caracteres."),
        },
    )
