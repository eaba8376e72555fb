"""Writes to the unified customer database.

The rule: one person, one Customer. A sign-up whose e-mail or phone already belongs to a customer
without an account (a counter or phone customer) takes over that customer instead of creating a
second one.
"""

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone

from crm.models import Address, Customer
from outbox.spine import publish


def _create_customer(*, source: str, **fields) -> Customer:
    """Every new Customer row is made here, and announced (`customer.created`)."""
    customer = Customer.objects.create(**fields)
    publish("customer.created", customer_id=customer.pk, user_id=customer.user_id, source=source)
    return customer


def ensure_customer_for_user(*, user, name: str = "", phone: str = "") -> Customer:
    """Return the user's customer, linking a matching unclaimed one or creating it.

    `phone` must already be normalised to E.164. Matching is by e-mail (case-insensitive) first,
    then by phone. The matched row is locked so two sign-ups cannot claim it at once.
    """
    with transaction.atomic():
        existing = Customer.objects.filter(user=user).first()
        if existing is not None:
            return _fill_blanks(existing, name=name, email=user.email, phone=phone)

        unclaimed = Customer.objects.select_for_update().filter(user__isnull=True).order_by("pk")
        match = unclaimed.filter(email__iexact=user.email).first() if user.email else None
        if match is None and phone:
            match = unclaimed.filter(phone=phone).first()
        if match is not None:
            match.user = user
            match.email = match.email or user.email
            match.save(update_fields=["user", "email", "updated_at"])
            return _fill_blanks(
                match, name=name or user.get_full_name(), email=user.email, phone=phone
            )

        return _create_customer(
            source="account",
            user=user,
            name=name or user.get_full_name(),
            email=user.email,
            phone=phone,
        )


def _fill_blanks(customer: Customer, *, name: str, email: str, phone: str) -> Customer:
    changed = []
    for field, value in (("name", name), ("email", email), ("phone", phone)):
        if value and not getattr(customer, field):
            setattr(customer, field, value)
            changed.append(field)
    if changed:
        customer.save(update_fields=[*changed, "updated_at"])
    return customer


def update_profile(*, customer: Customer, data: dict) -> Customer:
    """Save validated profile data; records when marketing consent is given or withdrawn."""
    with transaction.atomic():
        # The stored consent, not the instance's: a ModelForm has already copied the new
        # value onto it.
        stored_consent = (
            Customer.objects.select_for_update()
            .values_list("marketing_consent", flat=True)
            .get(pk=customer.pk)
        )
        consent = data.pop("marketing_consent", stored_consent)
        genres = data.pop("favorite_genres", None)
        authors = data.pop("favorite_authors", None)
        for field, value in data.items():
            setattr(customer, field, value)
        customer.marketing_consent = consent
        if consent != stored_consent:
            customer.marketing_consent_at = timezone.now() if consent else None
        customer.save()
        if genres is not None:
            customer.favorite_genres.set(genres)
        if authors is not None:
            customer.favorite_authors.set(authors)
        return customer


def set_phone(*, customer: Customer, phone: str) -> Customer:
    """Set the customer's phone (E.164, already normalised by the caller: core.validators)."""
    with transaction.atomic():
        customer.phone = phone
        customer.save(update_fields=["phone", "updated_at"])
        return customer


def save_address(*, customer: Customer, address: Address) -> Address:
    """Attach `address` to `customer`; the first one, or one marked principal, becomes default."""
    with transaction.atomic():
        address.customer = customer
        if not customer.addresses.exclude(pk=address.pk).exists():
            address.is_default = True
        if address.is_default:
            customer.addresses.exclude(pk=address.pk).update(is_default=False)
        address.save()
        return address


def delete_address(*, customer: Customer, address_id: int) -> None:
    """Delete one of `customer`'s addresses (Http404 for anyone else's); when it was the
    default, the first one left becomes the default."""
    with transaction.atomic():
        address = get_object_or_404(customer.addresses.select_for_update(), pk=address_id)
        was_default = address.is_default
        address.delete()
        if was_default:
            first = customer.addresses.first()
            if first:
                first.is_default = True
                first.save(update_fields=["is_default"])


def find_or_create_customer(
    *, name: str, email: str = "", phone: str = "", source: str = "guest"
) -> Customer:
    """The customer with this e-mail (or else this phone), created when there is none.

    Used for guest checkouts, phone and chat orders: the same person keeps one record, and
    their orders follow them when they later sign up with that e-mail or phone.
    `phone` must already be normalised to E.164; `source` says where a new one was met
    (guest checkout, phone, chat), for `customer.created`.
    """
    with transaction.atomic():
        customer = None
        if email:
            customer = (
                Customer.objects.select_for_update()
                .filter(email__iexact=email)
                .order_by("pk")
                .first()
            )
        if customer is None and phone:
            customer = (
                Customer.objects.select_for_update().filter(phone=phone).order_by("pk").first()
            )
        if customer is None:
            return _create_customer(source=source, name=name, email=email, phone=phone)
        return _fill_blanks(customer, name=name, email=email, phone=phone)


def customer_for_request(request) -> Customer:
    """The logged-in user's customer, looked up once per request."""
    if not hasattr(request, "_estante_customer"):
        request._estante_customer = ensure_customer_for_user(user=request.user)
    return request._estante_customer


class MergeError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def merge_customers(*, kept: Customer, merged: Customer) -> Customer:
    """One person had two records: `merged`'s addresses, favorites, complaints and missing
    details move to `kept`, `merged` stays as a pointer (merged_into) and `customer.merged` is
    published so every app moves what it owns (loyalty: balance, credit and history).

    Refuses (MergeError, nothing written) the same record twice, a record already merged, and
    two records that both have a web account (the person must choose which one to keep)."""
    from django.utils.translation import gettext as _

    from crm.models import Complaint, Favorite

    if kept.pk == merged.pk:
        raise MergeError(_("Elige dos clientes distintos para fusionarlos."))
    with transaction.atomic():
        first, second = sorted([kept.pk, merged.pk])
        rows = Customer.objects.select_for_update().in_bulk([first, second])
        kept, merged = rows[kept.pk], rows[merged.pk]
        if kept.merged_into_id or merged.merged_into_id:
            raise MergeError(_("Uno de los clientes ya fue fusionado con otro."))
        if kept.user_id and merged.user_id:
            raise MergeError(
                _("Los dos clientes tienen cuenta web: no se pueden fusionar desde aquí.")
            )
        merged.addresses.update(customer=kept, is_default=False)
        kept_products = set(kept.favorites.values_list("product_id", flat=True))
        Favorite.objects.filter(customer=merged).exclude(product_id__in=kept_products).update(
            customer=kept
        )
        Favorite.objects.filter(customer=merged).delete()
        Complaint.objects.filter(customer=merged).update(customer=kept)
        kept.favorite_genres.add(*merged.favorite_genres.all())
        kept.favorite_authors.add(*merged.favorite_authors.all())
        user, dni = merged.user, merged.dni
        changed = {"merged_into": kept, "user": None, "dni": ""}
        for field, value in changed.items():
            setattr(merged, field, value)
        merged.save(update_fields=[*changed, "updated_at"])
        for field in ("name", "email", "phone", "birth_date", "preferred_store"):
            if not getattr(kept, field) and getattr(merged, field):
                setattr(kept, field, getattr(merged, field))
        kept.dni = kept.dni or dni
        kept.user = kept.user or user
        if merged.notes:
            kept.notes = "\n".join(part for part in (kept.notes, merged.notes) if part)
        kept.save()
        publish(
            "customer.merged",
            customer_id=kept.pk,
            kept_customer_id=kept.pk,
            merged_customer_id=merged.pk,
        )
        return kept
