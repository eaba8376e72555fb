from django.urls import path

from crm import views

app_name = "crm"

# Mounted at /cuenta/perfil/ (the customer's own profile).
urlpatterns = [
    path("", views.profile, name="profile"),
    path("direcciones/nueva/", views.address_edit, name="address_add"),
    path("direcciones/<int:pk>/", views.address_edit, name="address_edit"),
    path("direcciones/<int:pk>/eliminar/", views.address_delete, name="address_delete"),
]
