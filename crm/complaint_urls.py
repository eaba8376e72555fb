from django.urls import path

from crm import complaint_views as views

app_name = "complaints"

# Mounted at /libro-de-reclamaciones/ (linked from every page's footer).
urlpatterns = [
    path("", views.complaint_form, name="form"),
    path("enviada/<str:token>/", views.complaint_sent, name="sent"),
]
