from django.urls import path

from loyalty import views

app_name = "loyalty"

# Mounted at the site's root (config/urls.py): the customer's pages under /cuenta/puntos/ and
# the programme's public terms.
urlpatterns = [
    path("cuenta/puntos/", views.points, name="points"),
    path("cuenta/puntos/tarjeta/", views.card, name="card"),
    path("cuenta/puntos/tarjeta/qr.svg", views.card_qr, name="card_qr"),
    path("cuenta/puntos/tarjeta/manifest.webmanifest", views.card_manifest, name="card_manifest"),
    path("club-pepito/", views.terms, name="terms"),
]
