from django import forms
from django.conf import settings
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from core.abuse import HoneypotMixin
from core.forms import IdChoiceField
from core.validators import normalize_phone
from crm.peru import REGIONS, canonical_district
from inventory.models import Store
from orders.checkout import Address
from orders.models import Order


class CheckoutForm(forms.Form):
    """The checkout page. It checks the shape of the answers; orders.checkout the rules."""

    name = forms.CharField(label=_("Nombre y apellido"), max_length=150)
    email = forms.EmailField(label=_("Correo electrónico"), max_length=254)
    phone = forms.CharField(
        label=_("Celular"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    fulfilment = forms.ChoiceField(
        label=_("¿Cómo lo recibes?"),
        choices=[
            (Order.Fulfilment.PICKUP, _("Recojo en tienda (gratis)")),
            (Order.Fulfilment.DELIVERY, _("Delivery a domicilio")),
        ],
        widget=forms.RadioSelect,
    )
    store = IdChoiceField(
        label=_("Tienda"),
        queryset=Store.objects.filter(is_active=True, pickup_enabled=True),
        required=False,
        widget=forms.RadioSelect,
    )
    saved_address = forms.CharField(required=False)
    street = forms.CharField(label=_("Dirección"), max_length=200, required=False)
    reference = forms.CharField(label=_("Referencia"), max_length=200, required=False)
    district = forms.CharField(label=_("Distrito"), max_length=80, required=False)
    province = forms.CharField(label=_("Provincia"), max_length=80, required=False, initial="Lima")
    region = forms.ChoiceField(
        label=_("Región"), choices=[(r, r) for r in REGIONS], required=False, initial="Lima"
    )
    slot = forms.CharField(required=False, max_length=40)
    payment_method = forms.ChoiceField(
        label=_("¿Cómo pagas?"),
        choices=[
            (Order.PaymentMethod.CARD, _("Tarjeta de crédito o débito")),
            (Order.PaymentMethod.AT_PICKUP, _("Pago en tienda al recoger (efectivo o tarjeta)")),
            (
                Order.PaymentMethod.ON_DELIVERY,
                _("Pago contra entrega en Lima (efectivo, tarjeta, Yape o Plin)"),
            ),
        ],
        widget=forms.RadioSelect,
    )
    # Tenders (Club Pepito): the shape is read by orders.tenders.parse_*, the limits by loyalty.
    points = forms.CharField(
        label=_("Usar puntos"),
        required=False,
        max_length=40,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "1", "min": "0"}),
    )
    credit = forms.CharField(
        label=_("Usar mi vale"),
        required=False,
        max_length=40,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01", "min": "0"}),
    )
    # The account number the page showed: a page left open by someone else is refused.
    loyalty_account = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20)
    checkout_token = forms.CharField(widget=forms.HiddenInput, max_length=64, min_length=16)
    expected_subtotal = forms.DecimalField(
        widget=forms.HiddenInput, max_digits=12, decimal_places=2, min_value=0
    )

    def __init__(self, *args, addresses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.addresses = {str(address.pk): address for address in addresses}
        # Typing the district loads its fee and delivery windows (htmx).
        self.fields["district"].widget.attrs.update(
            {
                "list": "lima-districts",
                "autocomplete": "off",
                "hx-get": reverse_lazy("orders:checkout_fulfilment"),
                "hx-trigger": "change, input changed delay:600ms",
                "hx-target": "#delivery-options",
                "hx-swap": "outerHTML",
                "hx-include": "[name=province],[name=region],[name=slot]",
            }
        )
        # Changing the region or the province changes the options too: Lima's windows or the
        # courier's date.
        for name in ("province", "region"):
            self.fields[name].widget.attrs.update(
                {
                    "hx-get": reverse_lazy("orders:checkout_fulfilment"),
                    "hx-trigger": "change",
                    "hx-target": "#delivery-options",
                    "hx-swap": "outerHTML",
                    "hx-include": "[name=district],[name=province],[name=region],[name=slot]",
                }
            )
        self.fields["street"].widget.attrs["autocomplete"] = "street-address"
        if not settings.STRIPE_ENABLED:
            self.fields["payment_method"].choices = [
                choice
                for choice in self.fields["payment_method"].choices
                if choice[0] != Order.PaymentMethod.CARD
            ]

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Escribe tu nombre."))
        return name

    def clean_phone(self):
        return normalize_phone(self.cleaned_data["phone"])

    def clean(self):
        data = super().clean()
        fulfilment = data.get("fulfilment")
        if fulfilment == Order.Fulfilment.PICKUP and not data.get("store"):
            self.add_error("store", _("Elige la tienda donde recogerás tu pedido."))
        if fulfilment == Order.Fulfilment.DELIVERY:
            data["address"] = self._address(data)
        method = data.get("payment_method")
        if method == Order.PaymentMethod.AT_PICKUP and fulfilment == Order.Fulfilment.DELIVERY:
            self.add_error(
                "payment_method",
                _(
                    "El pago en tienda es solo para recojo; para delivery en Lima elige pago "
                    "contra entrega."
                ),
            )
        if method == Order.PaymentMethod.ON_DELIVERY and fulfilment == Order.Fulfilment.PICKUP:
            self.add_error(
                "payment_method",
                _("El pago contra entrega es solo para delivery; al recoger pagas en la tienda."),
            )
        return data

    def _address(self, data):
        chosen = (data.get("saved_address") or "").strip()
        saved = self.addresses.get(chosen)
        if chosen and saved is None:
            # Only the customer's own addresses (or the one given in their chat) are offered.
            self.add_error(
                "saved_address",
                _("Esa dirección no está entre las tuyas: elige una de la lista o escribe otra."),
            )
            return None
        if saved is not None:
            return Address(
                street=saved.street,
                reference=saved.reference,
                district=saved.district,
                province=saved.province,
                region=saved.region,
            )
        missing = False
        for field in ("street", "district"):
            if not (data.get(field) or "").strip():
                self.add_error(field, _("Este dato es necesario para el delivery."))
                missing = True
        if missing:
            return None
        return Address(
            street=data["street"].strip(),
            reference=(data.get("reference") or "").strip(),
            district=canonical_district(data["district"]),  # "Surco": Santiago de Surco
            province=(data.get("province") or "Lima").strip(),
            region=data.get("region") or "Lima",
        )


class OrderLookupForm(HoneypotMixin, forms.Form):
    number = forms.CharField(
        label=_("Número de pedido"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"placeholder": "LP-2026-000123", "autocapitalize": "characters"}
        ),
    )
    email = forms.EmailField(label=_("Correo con el que compraste"), max_length=254)

    def clean_number(self):
        return self.cleaned_data["number"].strip().upper()


class CustomerCancelForm(forms.Form):
    """The customer's "Anular pedido" confirmation: the reason is optional."""

    reason = forms.CharField(
        label=_("¿Por qué lo anulas? (opcional)"),
        max_length=200,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_reason(self):
        return self.cleaned_data["reason"].strip()
