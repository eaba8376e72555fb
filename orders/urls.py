from django.urls import path

from orders import payment_views, tracking_views, views

app_name = "orders"

urlpatterns = [
    path("carrito/", views.cart_detail, name="cart"),
    path("carrito/agregar/<int:product_id>/", views.cart_add, name="cart_add"),
    path("carrito/linea/<int:line_id>/", views.cart_update, name="cart_update"),
    path("checkout/", views.checkout, name="checkout"),
    path("checkout/entrega/", views.checkout_fulfilment, name="checkout_fulfilment"),
    path("pedidos/", tracking_views.order_list, name="order_list"),
    path("pedidos/buscar/", tracking_views.order_lookup, name="order_lookup"),
    path("pedidos/<str:number>/", tracking_views.order_detail, name="order_detail"),
    path("pedidos/<str:number>/qr.svg", tracking_views.pickup_qr, name="pickup_qr"),
    path("pedidos/<str:number>/anular/", tracking_views.order_cancel, name="order_cancel"),
    path("pedidos/<str:number>/recibido/", tracking_views.order_received, name="order_received"),
    path("pedidos/<str:number>/pagar/", payment_views.pay, name="pay"),
    path("pedidos/<str:number>/pagar/confirmar/", payment_views.pay_confirm, name="pay_confirm"),
    path("pedidos/<str:number>/pagar/tarjeta/", payment_views.pay_test_card, name="pay_test_card"),
    path("pagos/stripe/webhook/", payment_views.stripe_webhook, name="stripe_webhook"),
]
