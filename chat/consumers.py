"""Websocket consumers. The live chat arrives with its issue; the ping consumer proves the
whole ASGI stack (origin check, session auth, channel layer) works end to end."""

import json

from channels.generic.websocket import AsyncJsonWebsocketConsumer


class PingConsumer(AsyncJsonWebsocketConsumer):
    """Answers {"type": "ping"} with {"type": "pong"} through the channel layer.

    The reply makes a round trip through the layer (Redis in production), so a pong proves
    that fan-out between processes works, not only the socket.
    """

    async def connect(self):
        await self.accept()
        user = self.scope.get("user")
        await self.send_json(
            {"type": "hello", "authenticated": bool(user and user.is_authenticated)}
        )

    async def receive_json(self, content, **kwargs):
        if not isinstance(content, dict) or content.get("type") != "ping":
            await self.send_json({"type": "error", "error": "Mensaje no reconocido."})
            return
        await self.channel_layer.send(
            self.channel_name, {"type": "pong.relay", "payload": content.get("payload")}
        )

    async def pong_relay(self, event):
        await self.send_json({"type": "pong", "payload": event.get("payload")})

    @classmethod
    async def decode_json(cls, text_data):

        try:
            return json.loads(text_data)
        except ValueError:
            return None
