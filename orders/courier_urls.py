from django.urls import path

from orders.staff import courier

# Mounted at /tienda/reparto/, in the console's `staff:` namespace (config/urls.py).
urlpatterns = [
    path("", courier.route, name="courier_route"),
    path("caja/", courier.cashup, name="courier_cashup"),
    path("<str:number>/entregado/", courier.deliver, name="courier_deliver"),
    path("<str:number>/no-entregado/", courier.report_failed, name="courier_failed"),
]
