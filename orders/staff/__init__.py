"""Staff pages of the orders, mounted at /tienda/pedidos/ (orders/staff_urls.py): the order
board and the order page (`board`), the pickup desk (`desk`) and phone orders (`phone`).

Views parse input and call orders.status, orders.pickup and orders.phone_orders; a refused
action becomes a Spanish message on the page, never a 500. `common` holds what they share.
"""
