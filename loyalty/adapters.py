"""allauth's account adapter (settings.ACCOUNT_ADAPTER): the CRM's, plus joining the Club Pepito
when the sign-up form's "Quiero unirme al Club Pepito" box was ticked.

Here and not in crm.adapters because the CRM's customer core sits below loyalty in the layers:
loyalty may extend the CRM's adapter, the CRM may not call loyalty.
"""

from django.db import transaction

from crm.adapters import AccountAdapter as CustomerAccountAdapter
from crm.customers import ensure_customer_for_user
from loyalty import services


class AccountAdapter(CustomerAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        """Save the account and its customer (the CRM's adapter) and, when asked, join the
        programme in the same transaction: the terms' date and the sign-up bonus, once."""
        data = getattr(form, "cleaned_data", {}) or {}
        if not commit or not data.get("join_club"):
            return super().save_user(request, user, form, commit=commit)
        with transaction.atomic():
            user = super().save_user(request, user, form, commit=True)
            services.join(ensure_customer_for_user(user=user), accepted_terms=True)
        return user
