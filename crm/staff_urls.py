from django.urls import path

from crm import complaint_views as views

# Mounted at /tienda/reclamaciones/ in the staff console's `staff:` namespace (config/urls.py).
urlpatterns = [
    path("", views.staff_complaint_list, name="complaints"),
    path("<int:pk>/", views.staff_complaint_detail, name="complaint_detail"),
    path("<int:pk>/responder/", views.staff_complaint_answer, name="complaint_answer"),
]
