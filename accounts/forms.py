from django import forms
from django.utils.translation import gettext_lazy as _

from core.validators import normalize_phone


class SignupExtraForm(forms.Form):
    """Fields added to allauth's sign-up form; the adapter links the customer profile."""

    name = forms.CharField(
        label=_("Nombre y apellido"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name", "placeholder": _("Rosa Quispe")}),
    )
    phone = forms.CharField(
        label=_("Celular (opcional)"),
        max_length=30,
        required=False,
        widget=forms.TextInput(
            attrs={"autocomplete": "tel", "inputmode": "tel", "placeholder": "987 654 321"}
        ),
    )

    field_order = ["name", "email", "phone", "password1", "password2"]

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Escribe tu nombre."))
        return name

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "").strip()
        return normalize_phone(phone) if phone else ""

    def signup(self, request, user):
        """Required by allauth; the work is done in AccountAdapter.save_user."""
