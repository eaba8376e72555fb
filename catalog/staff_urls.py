"""Staff pages of the catalog, under /tienda/catalogo/ in the console's `staff:` namespace."""

from django.urls import path

from catalog import staff_views

urlpatterns = [
    path("importar/", staff_views.import_list, name="catalog_import"),
    path("importar/<int:pk>/", staff_views.import_detail, name="catalog_import_detail"),
]
