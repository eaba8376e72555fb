from django.urls import path

from loyalty import views

# Mounted at /tienda/puntos/ in the staff console's `staff:` namespace (config/urls.py).
urlpatterns = [
    path("", views.staff_program, name="loyalty_program"),
    path("<str:account_number>/", views.staff_account, name="loyalty_account"),
    path("<str:account_number>/ajustar/", views.staff_adjust, name="loyalty_adjust"),
]
