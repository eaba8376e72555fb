"""Erasure ("forget me") in the audit trail.

The history keeps personal values (a customer's name, e-mail, phone, DNI, notes; the contact
and street of their orders; their addresses) in their own columns, so that they can be
blanked without touching the rest of the record: what changed, when and by whom stays. The
event tables' trigger allows exactly this kind of UPDATE and refuses any other.

Called by the `customer.erased` fact (audit.handlers); the CRM's "forget me" publishes it.
"""

from django.db import transaction

from audit.models import AddressHistory, CustomerHistory, OrderHistory


def _blank(fields: tuple[str, ...]) -> dict[str, str]:
    return dict.fromkeys(fields, "")


@transaction.atomic
def erase_customer(customer_id: int) -> int:
    """Blank the personal values of one customer in every history row; the rows changed.

    Orders and addresses are found by every object that ever belonged to the customer
    (an order placed as a guest and linked later is theirs too)."""
    changed = CustomerHistory.objects.filter(pgh_obj_id=customer_id).update(
        **_blank(CustomerHistory.PERSONAL)
    )
    order_ids = OrderHistory.objects.filter(customer_id=customer_id).values("pgh_obj_id")
    changed += OrderHistory.objects.filter(pgh_obj_id__in=order_ids).update(
        **_blank(OrderHistory.PERSONAL)
    )
    address_ids = AddressHistory.objects.filter(customer_id=customer_id).values("pgh_obj_id")
    changed += AddressHistory.objects.filter(pgh_obj_id__in=address_ids).update(
        **_blank(AddressHistory.PERSONAL)
    )
    return changed
