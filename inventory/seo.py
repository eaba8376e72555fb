"""schema.org `BookStore` for each store: address, phone, position and opening hours, from the
Store row alone (no query). Shown on /tiendas/ and on each store's page (core.seo)."""

from django.conf import settings

from core.seo import absolute

DAYS = [
    "https://schema.org/Monday",
    "https://schema.org/Tuesday",
    "https://schema.org/Wednesday",
    "https://schema.org/Thursday",
    "https://schema.org/Friday",
    "https://schema.org/Saturday",
    "https://schema.org/Sunday",
]


def book_store(store) -> dict:
    data: dict = {
        "@context": "https://schema.org",
        "@type": "BookStore",
        "@id": absolute(store.get_absolute_url()) + "#tienda",
        "name": store.name,
        "url": absolute(store.get_absolute_url()),
        "parentOrganization": {"@type": "Organization", "name": settings.SITE_NAME},
        "address": {
            "@type": "PostalAddress",
            "streetAddress": store.address,
            "addressLocality": store.district,
            "addressRegion": store.region,
            "addressCountry": "PE",
        },
        "currenciesAccepted": "PEN",
        "openingHoursSpecification": [
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": day,
                "opens": hours[0],
                "closes": hours[1],
            }
            for day, hours in zip(DAYS, store.opening_hours or [], strict=False)
            if hours
        ],
    }
    if store.phone:
        data["telephone"] = store.phone
    if store.latitude is not None and store.longitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(store.latitude),
            "longitude": float(store.longitude),
        }
    return data
