from django.urls import path

from chat import views

# Mounted at /tienda/chat/, in the console's `staff:` namespace (config/urls.py).
urlpatterns = [
    path("", views.inbox, name="chat_inbox"),
    path("bandeja/", views.inbox_lists, name="chat_inbox_lists"),
    path("<int:conversation_id>/cliente/", views.customer_panel, name="chat_customer"),
    path("<int:conversation_id>/notas/", views.customer_notes, name="chat_notes"),
    path("<int:conversation_id>/libros/", views.product_search, name="chat_products"),
    path(
        "pendientes/<int:follow_up_id>/atendido/", views.follow_up_done, name="chat_follow_up_done"
    ),
]
