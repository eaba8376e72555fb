"""Staff pages of the catalog, under /tienda/catalogo/."""

from django.urls import path

from catalog import staff_views

app_name = "catalog_staff"

urlpatterns = [
    path("importar/", staff_views.import_list, name="import"),
    path("importar/<int:pk>/", staff_views.import_detail, name="import_detail"),
]
