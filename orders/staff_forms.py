"""Forms of the staff order pages (board, pickup desk, phone orders).

They check the shape of what the clerk typed; orders.checkout, orders.status and orders.pickup
enforce the rules.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import IdChoiceField
from core.validators import normalize_dni, normalize_phone
from crm.peru import REGIONS
from inventory.models import Store
from orders.checkout import Address
from orders.models import Order
from orders.pickup import MEANS


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo de la anulación"),
        max_length=300,
        widget=forms.TextInput(attrs={"placeholder": _("Por ejemplo: el cliente ya no lo quiere")}),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Escribe por qué se anula el pedido."))
        return reason


class HandOverForm(forms.Form):
    code = forms.CharField(
        label=_("Código de recojo"),
        max_length=100,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "placeholder": "K7P2QX",
            }
        ),
    )


class PaymentForm(forms.Form):
    means = forms.ChoiceField(
        label=_("¿Cómo paga?"), choices=list(MEANS.items()), widget=forms.RadioSelect
    )


class NewCustomerForm(forms.Form):
    """A customer met on the phone: name and phone are enough; e-mail and DNI if they give them."""

    name = forms.CharField(label=_("Nombre y apellido"), max_length=150)
    phone = forms.CharField(
        label=_("Celular"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(label=_("Correo electrónico (opcional)"), required=False)
    dni = forms.CharField(
        label=_("DNI (opcional)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Escribe el nombre del cliente."))
        return name

    def clean_phone(self):
        return normalize_phone(self.cleaned_data["phone"])

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_dni(self):
        dni = self.cleaned_data["dni"].strip()
        return normalize_dni(dni) if dni else ""


class PickupStoreSelect(forms.Select):
    """The pickup store list of a phone order: stores that lack a line of the cart are shown
    disabled, with what they lack, so the clerk never offers one (the service still refuses a
    forged choice)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lacking: dict[str, list[str]] = {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        missing = self.lacking.get(str(value))
        if missing:
            option["attrs"]["disabled"] = True
            option["label"] = _("%(store)s — sin stock de %(titles)s") % {
                "store": label,
                "titles": ", ".join(f"«{title}»" for title in missing),
            }
        return option


class PhoneOrderForm(forms.Form):
    """How the phone order is received and paid; the lines are the customer's cart."""

    fulfilment = forms.ChoiceField(
        label=_("Entrega"),
        choices=[
            (Order.Fulfilment.PICKUP, _("Recojo en tienda")),
            (Order.Fulfilment.DELIVERY, _("Delivery a domicilio")),
        ],
        widget=forms.RadioSelect,
    )
    store = IdChoiceField(
        label=_("Tienda de recojo"),
        queryset=Store.objects.filter(is_active=True, pickup_enabled=True),
        required=False,
        empty_label=_("Elige la tienda"),
        widget=PickupStoreSelect,
    )
    street = forms.CharField(label=_("Dirección"), max_length=200, required=False)
    reference = forms.CharField(label=_("Referencia"), max_length=200, required=False)
    district = forms.CharField(label=_("Distrito"), max_length=80, required=False)
    province = forms.CharField(label=_("Provincia"), max_length=80, required=False, initial="Lima")
    region = forms.ChoiceField(
        label=_("Región"), choices=[(r, r) for r in REGIONS], required=False, initial="Lima"
    )
    slot = forms.CharField(required=False, max_length=40)
    payment_method = forms.ChoiceField(
        label=_("Pago"),
        choices=[
            (Order.PaymentMethod.AT_PICKUP, _("Paga en tienda al recoger (efectivo o tarjeta)")),
            (Order.PaymentMethod.CARD, _("Tarjeta: le enviamos el enlace de pago")),
            (
                Order.PaymentMethod.ON_DELIVERY,
                _("Contra entrega en Lima (efectivo, tarjeta, Yape o Plin al repartidor)"),
            ),
        ],
        widget=forms.RadioSelect,
    )
    # The points and store credit the customer asks to use (orders.tenders parses them).
    points = forms.CharField(label=_("Usar puntos"), required=False, max_length=40)
    credit = forms.CharField(label=_("Usar el vale del cliente"), required=False, max_length=40)
    checkout_token = forms.CharField(widget=forms.HiddenInput, max_length=64, min_length=16)

    def offer_pickup_stores(self, options) -> None:
        """List the stores of `options` (orders.fulfilment.pickup_options: those that can serve
        the whole cart first, then those marked with the books they lack)."""
        field = self.fields["store"]
        by_pk = {option.store.pk: option for option in options}
        stores = [store for store in field.queryset if store.pk in by_pk or not options]
        stores.sort(key=lambda store: bool(by_pk[store.pk].missing) if options else False)
        field.choices = [("", field.empty_label)] + [
            (store.pk, field.label_from_instance(store)) for store in stores
        ]
        field.widget.lacking = {
            str(pk): list(option.missing) for pk, option in by_pk.items() if option.missing
        }

    def clean(self):
        data = super().clean()
        fulfilment = data.get("fulfilment")
        if fulfilment == Order.Fulfilment.PICKUP and not data.get("store"):
            self.add_error("store", _("Elige la tienda donde recogerá el pedido."))
        if fulfilment == Order.Fulfilment.DELIVERY:
            missing = False
            for name in ("street", "district"):
                if not (data.get(name) or "").strip():
                    self.add_error(name, _("Este dato es necesario para el delivery."))
                    missing = True
            data["address"] = (
                None
                if missing
                else Address(
                    street=data["street"].strip(),
                    reference=(data.get("reference") or "").strip(),
                    district=data["district"].strip(),
                    province=(data.get("province") or "Lima").strip(),
                    region=data.get("region") or "Lima",
                )
            )
            if data.get("payment_method") == Order.PaymentMethod.AT_PICKUP:
                self.add_error(
                    "payment_method",
                    _(
                        "El pago en tienda es solo para recojo; para delivery elige tarjeta o "
                        "contra entrega (Lima)."
                    ),
                )
        if (
            fulfilment == Order.Fulfilment.PICKUP
            and data.get("payment_method") == Order.PaymentMethod.ON_DELIVERY
        ):
            self.add_error(
                "payment_method",
                _("Contra entrega es solo para delivery; al recoger paga en la tienda."),
            )
        return data
