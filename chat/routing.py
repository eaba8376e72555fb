from django.urls import path

from chat import consumers

websocket_urlpatterns = [
    path("ws/ping/", consumers.PingConsumer.as_asgi()),
    path("ws/chat/", consumers.CustomerChatConsumer.as_asgi()),
    path("ws/tienda/chat/", consumers.ClerkChatConsumer.as_asgi()),
]
