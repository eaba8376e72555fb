from django.urls import path

from orders.staff import board, courier, desk, phone

# Mounted at /tienda/pedidos/, in the console's `staff:` namespace (config/urls.py).
urlpatterns = [
    path("", board.board, name="board"),
    path("recojo/", desk.desk, name="desk"),
    path("recojo/<str:number>/cobrar/", desk.desk_pay, name="desk_pay"),
    path("recojo/<str:number>/entregar/", desk.desk_hand_over, name="desk_hand_over"),
    path("nuevo/", phone.phone_customer, name="phone_customer"),
    path("nuevo/<int:customer_id>/", phone.phone_order, name="phone_order"),
    path("nuevo/<int:customer_id>/productos/", phone.phone_products, name="phone_products"),
    path("nuevo/<int:customer_id>/agregar/", phone.phone_cart_add, name="phone_cart_add"),
    path(
        "nuevo/<int:customer_id>/linea/<int:line_id>/",
        phone.phone_cart_update,
        name="phone_cart_update",
    ),
    path("nuevo/<int:customer_id>/entrega/", phone.phone_delivery, name="phone_delivery"),
    path("<str:number>/", board.order_detail, name="order"),
    path("<str:number>/avanzar/", board.advance, name="order_advance"),
    path("<str:number>/anular/", board.cancel, name="order_cancel"),
    path("<str:number>/reprogramar/", courier.reschedule, name="order_reschedule"),
]
