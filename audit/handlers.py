"""audit's reactions to facts on the event spine (subscribed in AuditConfig.ready)."""

from audit.erasure import erase_customer


def on_customer_erased(event) -> None:
    """A customer asked to be forgotten: blank their personal values in the history rows.

    Idempotent: blanking what is already blank changes nothing."""
    erase_customer(event["customer_id"])
