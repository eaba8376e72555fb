"""Demo staff, one user per role, with known passwords printed by `make run`.

The staff passwords follow the staff rules (accounts.passwords): `seed` validates them. The
Miraflores manager has MFA already (an authenticator app with the secret below, and recovery
codes): `print_logins` prints the secret and one unused recovery code next to the password.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password

from accounts.models import User
from accounts.roles import Role
from inventory.models import Store

# email, first name, last name, role, store slug, password
DEMO_USERS = [
    ("admin@librospepito.pe", "Ana", "Torres", Role.ADMIN, None, "sistemas-pepito-2026"),
    ("duena@librospepito.pe", "Pilar", "Pepito", Role.OWNER, None, "propietaria-libros-2026"),
    (
        "jefe.miraflores@librospepito.pe",
        "Martín",
        "Salazar",
        Role.STORE_MANAGER,
        "miraflores",
        "encargado-pepito-2026",
    ),
    ("rosa@librospepito.pe", "Rosa", "Huamán", Role.CLERK, "miraflores", "vendedor-pepito-2026"),
    (
        "carlos@librospepito.pe",
        "Carlos",
        "Mendoza",
        Role.CLERK,
        "san-isidro",
        "vendedor-pepito-2026",
    ),
    ("lucia@librospepito.pe", "Lucía", "Flores", Role.CLERK, "lima-centro", "vendedor-pepito-2026"),
    ("jorge@librospepito.pe", "Jorge", "Paredes", Role.CLERK, "arequipa", "vendedor-pepito-2026"),
    (
        "milagros@librospepito.pe",
        "Milagros",
        "Castillo",
        Role.CLERK,
        "trujillo",
        "vendedor-pepito-2026",
    ),
    ("wilfredo@librospepito.pe", "Wilfredo", "Quispe", Role.CLERK, "cusco", "vendedor-pepito-2026"),
    # Delivery orders leave from the warehouse: someone there packs and dispatches them.
    (
        "almacen@librospepito.pe",
        "Teodoro",
        "Huanca",
        Role.CLERK,
        "almacen-central",
        "vendedor-pepito-2026",
    ),
    # Takes the warehouse's Lima deliveries out and collects the pago contra entrega.
    (
        "repartidor@librospepito.pe",
        "Julio",
        "Ccori",
        Role.COURIER,
        "almacen-central",
        "moto-reparto-2026",
    ),
    ("luis@example.pe", "Luis", "Ramírez", Role.CUSTOMER, None, "cliente-pepito-2026"),
]

# The demo manager who logs in with MFA: the authenticator app's secret (base32, printed so a
# developer can add it to an app) is fixed, so the demo is the same on every machine.
MFA_DEMO_EMAIL = "jefe.miraflores@librospepito.pe"
MFA_DEMO_TOTP_SECRET = "LIBROSPEPITODEMOJEFEMIRAFLORES22"


def seed(out) -> None:
    stores = {store.slug: store for store in Store.objects.all()}
    created = 0
    for email, first, last, role, store_slug, password in DEMO_USERS:
        if User.objects.filter(email=email).exists():
            continue
        make = User.objects.create_superuser if role == Role.ADMIN else User.objects.create_user
        user = make(
            email=email,
            password=password,
            first_name=first,
            last_name=last,
            store=stores.get(store_slug),
        )
        user.groups.add(Group.objects.get(name=role.value))
        # The staff password rules hold for the demo too (a drift fails the seeding loudly).
        validate_password(password, user)
        # Demo accounts are verified, so they can log in at once.
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        created += 1
    enrol_mfa_demo()
    out.write(f"Usuarios: {created} nuevos, {len(DEMO_USERS)} de demostración.")


def enrol_mfa_demo() -> None:
    """Give the demo manager an authenticator app and recovery codes (idempotent)."""
    user = User.objects.filter(email=MFA_DEMO_EMAIL).first()
    if user is None:
        return
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, MFA_DEMO_TOTP_SECRET)
    RecoveryCodes.activate(user)


def mfa_demo_recovery_code() -> str | None:
    """One unused recovery code of the demo manager (None before seeding)."""
    authenticator = Authenticator.objects.filter(
        user__email=MFA_DEMO_EMAIL, type=Authenticator.Type.RECOVERY_CODES
    ).first()
    if authenticator is None:
        return None
    unused = RecoveryCodes(authenticator).get_unused_codes()
    return unused[0] if unused else None


def clerks_by_store() -> dict[int, User]:
    """The first staff member of each store (by pk): who receives the demo stock there."""
    clerks: dict[int, User] = {}
    for user in User.objects.filter(store__isnull=False).order_by("pk"):
        clerks.setdefault(user.store_id, user)
    return clerks


def print_logins(out) -> None:
    out.write("")
    out.write("Usuarios de demostración (correo / contraseña):")
    for email, _first, _last, role, store_slug, password in DEMO_USERS:
        where = f" · {store_slug}" if store_slug else ""
        out.write(f"  {role.label:<15} {email:<34} {password}{where}")
    code = mfa_demo_recovery_code()
    if code:
        out.write("")
        out.write(f"Verificación en dos pasos de {MFA_DEMO_EMAIL}:")
        out.write(f"  código de recuperación (sirve una vez): {code}")
        out.write(f"  o agrega a tu app de autenticación la clave {MFA_DEMO_TOTP_SECRET}")
    out.write("")
