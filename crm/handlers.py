"""crm's reactions to facts on the event spine (subscribed in CrmConfig.ready)."""

import logging

from accounts.models import User
from crm.customers import ensure_customer_for_user

logger = logging.getLogger(__name__)


def on_account_created(event) -> None:
    """Every account has its customer profile: link a matching unclaimed one or create it.

    Idempotent: an account that already has its customer (a sign-up links it in the request)
    keeps it."""
    user = User.objects.filter(pk=event["user_id"]).first()
    if user is None:
        logger.info("account.created %s: user %s is gone", event.id, event["user_id"])
        return
    ensure_customer_for_user(user=user)
