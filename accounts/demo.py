"""Demo staff, one user per role, with known passwords printed by `make run`."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from accounts.models import User
from accounts.roles import Role
from inventory.models import Store

# email, first name, last name, role, store slug, password
DEMO_USERS = [
    ("admin@librospepito.pe", "Ana", "Torres", Role.ADMIN, None, "admin-pepito-2026"),
    ("duena@librospepito.pe", "Pilar", "Pepito", Role.OWNER, None, "duena-pepito-2026"),
    (
        "jefe.miraflores@librospepito.pe",
        "Martín",
        "Salazar",
        Role.STORE_MANAGER,
        "miraflores",
        "jefe-pepito-2026",
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
    ("luis@example.pe", "Luis", "Ramírez", Role.CUSTOMER, None, "cliente-pepito-2026"),
]


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
        # Demo accounts are verified, so they can log in at once.
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        created += 1
    out.write(f"Usuarios: {created} nuevos, {len(DEMO_USERS)} de demostración.")


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
    out.write("")
