from django.urls import path

from orders import staff_views as views

app_name = "orders_staff"

# Mounted at /tienda/pedidos/ (before the staff console's own /tienda/ include).
urlpatterns = [
    path("", views.board, name="board"),
    path("recojo/", views.desk, name="desk"),
    path("recojo/<str:number>/cobrar/", views.desk_pay, name="desk_pay"),
    path("recojo/<str:number>/entregar/", views.desk_hand_over, name="desk_hand_over"),
    path("nuevo/", views.phone_customer, name="phone_customer"),
    path("nuevo/<int:customer_id>/", views.phone_order, name="phone_order"),
    path("nuevo/<int:customer_id>/productos/", views.phone_products, name="phone_products"),
    path("nuevo/<int:customer_id>/agregar/", views.phone_cart_add, name="phone_cart_add"),
    path(
        "nuevo/<int:customer_id>/linea/<int:line_id>/",
        views.phone_cart_update,
        name="phone_cart_update",
    ),
    path("nuevo/<int:customer_id>/entrega/", views.phone_delivery, name="phone_delivery"),
    path("<str:number>/", views.order_detail, name="order"),
    path("<str:number>/avanzar/", views.advance, name="advance"),
    path("<str:number>/anular/", views.cancel, name="cancel"),
]
