"""Writes about accounts that other apps react to."""

from outbox.spine import publish


def announce_account(*, user) -> None:
    """Publish `account.created` for a user just saved, in the caller's transaction.

    crm subscribes to it and gives the account its customer profile, so accounts never
    imports the customer core above it (crm's sign-up adapter does it within the request).
    """
    publish("account.created", user_id=user.pk, email=user.email)
