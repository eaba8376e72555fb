"""The storefront's public URLs (mounted at the root by config.urls)."""

from django.urls import path

from shop import views

# The storefront keeps the catalog's URL names ("catalog:product_detail"...), used by
# templates and models' get_absolute_url.
app_name = "catalog"

urlpatterns = [
    path("libros/", views.product_list, name="product_list"),
    path("libros/<slug:slug>/", views.product_detail, name="product_detail"),
    path("libros/<slug:slug>/portada.svg", views.product_cover, name="product_cover"),
    path("libros/<slug:slug>/favorito/", views.favorite_toggle, name="favorite_toggle"),
    path("autores/<slug:slug>/", views.author_detail, name="author_detail"),
    path("buscar/", views.search, name="search"),
    path("buscar/sugerencias/", views.search_suggest, name="search_suggest"),
    path("favoritos/", views.favorite_list, name="favorite_list"),
]
