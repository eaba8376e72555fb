"""Site-wide request hygiene."""


class StripNullCharactersMiddleware:
    """Drop NUL characters from query strings.

    PostgreSQL refuses NUL in text, so a crafted `?q=%00` would otherwise become a 500 in any
    view that filters by a parameter. Forms already reject NUL in POST data with a message.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "%00" in request.META.get("QUERY_STRING", "") or any(
            "\x00" in value for value in request.GET.values()
        ):
            cleaned = request.GET.copy()
            for key in list(cleaned.keys()):
                cleaned.setlist(key, [v.replace("\x00", "") for v in cleaned.getlist(key)])
            request.GET = cleaned
        return self.get_response(request)
