from django.urls import path

from chat import views

app_name = "chat"

urlpatterns = [
    path("iniciar/", views.start, name="start"),
    path("pagar/", views.pay, name="pay"),
    path("existencias/", views.stock, name="stock"),
]
