from django.urls import path

from chat import views

app_name = "staff_chat"

# Mounted at /tienda/chat/.
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("bandeja/", views.inbox_lists, name="inbox_lists"),
    path("<int:conversation_id>/cliente/", views.customer_panel, name="customer"),
    path("<int:conversation_id>/notas/", views.customer_notes, name="notes"),
    path("<int:conversation_id>/libros/", views.product_search, name="products"),
    path("pendientes/<int:follow_up_id>/atendido/", views.follow_up_done, name="follow_up_done"),
]
