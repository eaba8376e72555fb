from django import forms
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from catalog.models import Author, Genre
from core.forms import IdChoiceField, IdMultipleChoiceField
from core.validators import format_phone, normalize_dni, normalize_phone
from crm.models import Address, Customer
from crm.peru import REGIONS
from inventory.models import Store


class ProfileForm(forms.ModelForm):
    phone = forms.CharField(
        label=_("Celular"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    dni = forms.CharField(
        label=_("DNI"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    preferred_store = IdChoiceField(
        label=_("Tienda preferida"),
        queryset=Store.objects.filter(kind=Store.Kind.STORE, is_active=True),
        required=False,
        empty_label=_("Sin preferencia"),
    )
    favorite_genres = IdMultipleChoiceField(
        label=_("Géneros favoritos"),
        # Parents first, each followed by its children: "Literatura", "Literatura › Cuento"...
        queryset=Genre.objects.select_related("parent").order_by(
            Coalesce("parent__name", "name"), F("parent").asc(nulls_first=True), "name"
        ),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    favorite_authors = IdMultipleChoiceField(
        label=_("Autores favoritos"),
        queryset=Author.objects.all(),
        required=False,
        # Checkboxes a finger can tap, with a filter box (templates/crm/profile.html, site.js).
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Marca los que quieras: te recomendamos sus libros."),
    )

    class Meta:
        model = Customer
        fields = [
            "name",
            "phone",
            "dni",
            "preferred_store",
            "favorite_genres",
            "favorite_authors",
            "marketing_consent",
        ]
        labels = {"name": _("Nombre y apellido")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.phone:
            self.initial["phone"] = format_phone(self.instance.phone)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Escribe tu nombre."))
        return name

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "").strip()
        return normalize_phone(phone) if phone else ""

    def clean_dni(self):
        dni = self.cleaned_data.get("dni", "").strip()
        if not dni:
            return ""
        dni = normalize_dni(dni)
        taken = Customer.objects.filter(dni=dni).exclude(pk=self.instance.pk).exists()
        if taken:
            raise forms.ValidationError(
                _("Ese DNI ya está registrado en otra cuenta. Si es tuyo, escríbenos por el chat.")
            )
        return dni

    def validate_unique(self):
        # clean_dni already checked it with a clearer message.
        pass


class AddressForm(forms.ModelForm):
    phone = forms.CharField(
        label=_("Teléfono de contacto"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    region = forms.ChoiceField(label=_("Región"), choices=[(r, r) for r in REGIONS], initial="Lima")

    class Meta:
        model = Address
        fields = [
            "label",
            "street",
            "reference",
            "district",
            "province",
            "region",
            "phone",
            "is_default",
        ]
        widgets = {
            "district": forms.TextInput(attrs={"list": "lima-districts", "autocomplete": "off"}),
            "street": forms.TextInput(attrs={"autocomplete": "street-address"}),
        }

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "").strip()
        return normalize_phone(phone) if phone else ""

    def clean(self):
        cleaned = super().clean()
        for field in ("street", "district", "province"):
            value = cleaned.get(field)
            if isinstance(value, str):
                cleaned[field] = value.strip()
        return cleaned
