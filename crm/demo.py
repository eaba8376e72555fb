"""Demo customers: some with an account, some known only at the counter or by phone."""

from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from catalog.models import Author, Genre
from crm.customers import ensure_customer_for_user
from crm.models import Address, Customer
from inventory.models import Store

# name, email, phone (E.164), dni, preferred store, addresses
CUSTOMERS = [
    (
        "Luis Ramírez",
        "luis@example.pe",
        "+51987654321",
        "45871236",
        "miraflores",
        [
            (
                "Casa",
                "Calle Berlín 345, dpto. 402",
                "A media cuadra del parque Kennedy",
                "Miraflores",
                "Lima",
                "Lima",
            )
        ],
    ),
    (
        "María Fernanda Quispe",
        "mafe.quispe@example.pe",
        "+51912345678",
        "70215489",
        "san-isidro",
        [
            (
                "Casa",
                "Av. Javier Prado Oeste 1450",
                "Frente al Olivar",
                "San Isidro",
                "Lima",
                "Lima",
            ),
            ("Oficina", "Av. Larco 1301, piso 8", "Torre Parque Mar", "Miraflores", "Lima", "Lima"),
        ],
    ),
    (
        "Rosa Elvira Chávez",
        "",
        "+51998877665",
        "08123456",
        "lima-centro",
        [("Casa", "Jr. Huancavelica 520", "Cerca de la plaza Italia", "Lima", "Lima", "Lima")],
    ),
    (
        "Jorge Luis Mamani",
        "jorge.mamani@example.pe",
        "+51951234567",
        "29456781",
        "arequipa",
        [
            (
                "Casa",
                "Calle Jerusalén 301",
                "Al costado de la iglesia",
                "Arequipa",
                "Arequipa",
                "Arequipa",
            )
        ],
    ),
    (
        "Editorial Andina S.A.C.",
        "compras@editorialandina.example.pe",
        "+5114402030",
        "",
        "lima-centro",
        [],
    ),
]


def customers_by_email(emails) -> dict[str, Customer]:
    return {c.email: c for c in Customer.objects.filter(email__in=list(emails))}


def seed(out) -> None:
    # Every account has its customer profile. crm gives it after the accounts' commit
    # (account.created); the demo runs in one transaction, so the profiles are made now.
    for user in User.objects.filter(customer__isnull=True).order_by("pk"):
        ensure_customer_for_user(user=user)
    stores = {store.slug: store for store in Store.objects.all()}
    created = 0
    for name, email, phone, dni, store_slug, addresses in CUSTOMERS:
        user = User.objects.filter(email=email).first() if email else None
        customer = Customer.objects.filter(phone=phone).first()
        if customer is None and user is not None:
            customer = Customer.objects.filter(user=user).first()
        if customer is not None and customer.phone == phone:
            continue  # already seeded
        if customer is None:
            customer = Customer(user=user)
            created += 1
        customer.name = name
        customer.email = email
        customer.phone = phone
        customer.dni = dni
        customer.preferred_store = stores.get(store_slug)
        customer.marketing_consent = bool(email)
        customer.marketing_consent_at = timezone.now() if email else None
        customer.save()
        for label, street, reference, district, province, region in addresses:
            Address.objects.create(
                customer=customer,
                label=label,
                street=street,
                reference=reference,
                district=district,
                province=province,
                region=region,
                phone=phone,
                is_default=label == addresses[0][0],
            )
    luis = Customer.objects.filter(email="luis@example.pe").first()
    if luis is not None and not luis.favorite_authors.exists():
        luis.favorite_authors.set(
            Author.objects.filter(slug__in=["julio-ramon-ribeyro", "mario-vargas-llosa"])
        )
        luis.favorite_genres.set(Genre.objects.filter(slug__in=["cuento", "novela"]))
    out.write(f"Clientes: {created} nuevos, {len(CUSTOMERS)} de demostración.")
    seed_complaints(out)


def seed_complaints(out) -> None:
    """Two sheets of the Libro de Reclamaciones: a reclamo still to answer (in the staff's list
    at /tienda/reclamaciones/ for jefe.miraflores@) and a queja already answered."""
    from crm import complaints
    from crm.models import Complaint

    if Complaint.objects.exists():
        return
    luis = Customer.objects.filter(email="luis@example.pe").first()
    miraflores = Store.objects.filter(slug="miraflores").first()
    complaints.file_complaint(
        customer=luis,
        kind=Complaint.Kind.RECLAMO,
        consumer_name="Luis Ramírez",
        doc_type=Complaint.DocType.DNI,
        doc_number="45871236",
        address="Calle Berlín 345, dpto. 402, Miraflores",
        phone="+51987654321",
        email="luis@example.pe",
        good_type=Complaint.GoodType.PRODUCT,
        good_description="La ciudad y los perros (tapa dura)",
        amount=Decimal("59.90"),
        detail="El libro llegó con las páginas 30 a 60 en blanco.",
        request="Que me cambien el ejemplar por uno en buen estado.",
    )
    queja = complaints.file_complaint(
        kind=Complaint.Kind.QUEJA,
        consumer_name="Rosa Elvira Chávez",
        doc_type=Complaint.DocType.DNI,
        doc_number="08123456",
        address="Jr. Huancavelica 520, Lima",
        phone="+51998877665",
        email="rosa.chavez@example.pe",
        good_type=Complaint.GoodType.SERVICE,
        good_description="Atención en caja",
        store=miraflores,
        detail="Esperé veinte minutos en caja sin que nadie me atendiera.",
        request="Que mejoren la atención en horas punta.",
    )
    manager = User.objects.filter(email="jefe.miraflores@librospepito.pe").first()
    if manager is not None:
        complaints.answer_complaint(
            complaint_id=queja.pk,
            answer=(
                "Lamentamos la espera. Desde esta semana abrimos una segunda caja de 6 a 9 p. m."
            ),
            user=manager,
        )
    out.write("Libro de Reclamaciones: 2 hojas de demostración (una por responder).")
