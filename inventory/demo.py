"""Demo stores of Libros Pepito (addresses are illustrative)."""

from inventory.models import Store

STORES = [
    # slug, name, kind, address, district, city, region, phone, lat, lng
    (
        "miraflores",
        "Libros Pepito Miraflores",
        "store",
        "Av. José Larco 1150",
        "Miraflores",
        "Lima",
        "Lima",
        "01 445 2020",
        "-12.127500",
        "-77.029700",
    ),
    (
        "san-isidro",
        "Libros Pepito San Isidro",
        "store",
        "Av. Conquistadores 560",
        "San Isidro",
        "Lima",
        "Lima",
        "01 421 3344",
        "-12.101400",
        "-77.036300",
    ),
    (
        "lima-centro",
        "Libros Pepito Lima Centro",
        "store",
        "Jr. de la Unión 800",
        "Lima",
        "Lima",
        "Lima",
        "01 427 1188",
        "-12.050300",
        "-77.034500",
    ),
    (
        "arequipa",
        "Libros Pepito Arequipa",
        "store",
        "Calle Mercaderes 212",
        "Arequipa",
        "Arequipa",
        "Arequipa",
        "054 213 450",
        "-16.399400",
        "-71.535500",
    ),
    (
        "trujillo",
        "Libros Pepito Trujillo",
        "store",
        "Jr. Pizarro 540",
        "Trujillo",
        "Trujillo",
        "La Libertad",
        "044 245 870",
        "-8.111000",
        "-79.028800",
    ),
    (
        "cusco",
        "Libros Pepito Cusco",
        "store",
        "Av. El Sol 346",
        "Cusco",
        "Cusco",
        "Cusco",
        "084 231 760",
        "-13.519900",
        "-71.975500",
    ),
    (
        "almacen-central",
        "Almacén central Libros Pepito",
        "warehouse",
        "Av. Nicolás Ayllón 2480",
        "Ate",
        "Lima",
        "Lima",
        "01 356 9000",
        "-12.055000",
        "-76.946000",
    ),
]


def seed(out) -> None:
    created = 0
    for slug, name, kind, address, district, city, region, phone, lat, lng in STORES:
        _store, was_created = Store.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": kind,
                "address": address,
                "district": district,
                "city": city,
                "region": region,
                "phone": phone,
                "latitude": lat,
                "longitude": lng,
                "pickup_enabled": kind == Store.Kind.STORE,
                "opening_hours": [["09:00", "18:00"]] * 5 + [None, None]
                if kind == Store.Kind.WAREHOUSE
                else [["10:00", "21:00"]] * 6 + [["11:00", "19:00"]],
            },
        )
        created += was_created
    out.write(f"Tiendas: {created} nuevas, {len(STORES)} en total.")
