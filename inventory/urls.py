from django.urls import path

from inventory import views

app_name = "inventory"

# Mounted at /tiendas/.
urlpatterns = [
    path("", views.store_list, name="store_list"),
    path("avisame/<int:product_id>/", views.back_in_stock, name="back_in_stock"),
    path("<slug:slug>/", views.store_detail, name="store_detail"),
]
