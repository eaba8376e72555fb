from django.urls import path

from inventory import staff_views as views

# Mounted at /tienda/: the staff console's `staff:` namespace, with the other apps' staff pages
# (config/urls.py).
urlpatterns = [
    path("", views.console, name="console"),
    path("stock/", views.stock_list, name="stock"),
    path("stock/recibir/", views.stock_receive, name="stock_receive"),
    path("stock/<int:item_id>/ajustar/", views.stock_adjust, name="stock_adjust"),
    path("stock/conteo/", views.stock_count, name="stock_count"),
    path("stock/producto/<int:product_id>/", views.product_history, name="product_history"),
    path("stock/transferencias/", views.transfer_list, name="transfers"),
    path("stock/transferencias/pedir/", views.transfer_request, name="transfer_request"),
    path(
        "stock/transferencias/<int:transfer_id>/<str:action>/",
        views.transfer_action,
        name="transfer_action",
    ),
]
