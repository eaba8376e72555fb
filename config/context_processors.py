from django.conf import settings


def site(request):
    """What every page needs to draw the header and footer."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "STRIPE_ENABLED": settings.STRIPE_ENABLED,
    }
