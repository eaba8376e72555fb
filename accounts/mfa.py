"""Two-factor authentication (allauth.mfa) for staff: who must have it, and our MFA adapter."""

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role

# Who holds the keys of the business: MFA is required for them when STAFF_MFA_REQUIRED.
MFA_ROLES = {Role.STORE_MANAGER.value, Role.OWNER.value, Role.ADMIN.value}


def must_use_mfa(user) -> bool:
    """True when this user may not open staff pages or the admin without MFA."""
    if not settings.STAFF_MFA_REQUIRED or not user.is_authenticated:
        return False
    return user.is_superuser or user.is_staff or bool(user.role_names & MFA_ROLES)


def needs_enrolment(user) -> bool:
    """True for a user who must use MFA and has no authenticator app yet."""
    return must_use_mfa(user) and not is_mfa_enabled(user, [Authenticator.Type.TOTP])


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": _(
            "Tu cargo exige la verificación en dos pasos: no puedes desactivarla. Si cambiaste "
            "de teléfono, activa la app en el nuevo con tus códigos de recuperación."
        ),
    }

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        # The authenticator app of someone who must use MFA stays (recovery codes go with it).
        return not must_use_mfa(authenticator.user)
