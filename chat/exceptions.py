class ChatError(Exception):
    """A refused chat action; `message` is for the user (Spanish), `code` for the client."""

    def __init__(self, message: str, *, code: str = "invalid"):
        super().__init__(message)
        self.message = str(message)
        self.code = code


class ChatForbidden(ChatError):
    """The user may not touch this conversation: the socket is closed with 4403."""

    def __init__(self, message: str = "", *, code: str = "forbidden"):
        super().__init__(message or "No puedes entrar a esta conversación.", code=code)
