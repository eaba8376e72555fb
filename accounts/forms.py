from django import forms
from django.urls import reverse_lazy
from django.utils.text import format_lazy
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

    # Joining the loyalty programme at sign-up (loyalty.adapters does the joining). allauth
    # draws the form with as_p, whose help text is markup: the link to the programme's terms.
    join_club = forms.BooleanField(
        label=_("Quiero unirme al Club Pepito (acepto los términos)"),
        required=False,
        help_text=format_lazy(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse_lazy("loyalty:terms"),
            _("Lee los términos del Club Pepito"),
        ),
    )

    field_order = ["name", "email", "phone", "password1", "password2", "join_club"]

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
