from django.urls import path

from inventory import views

app_name = "inventory"

# Mounted at /tiendas/.
urlpatterns = [
    path("", views.store_list, name="store_list"),
]
