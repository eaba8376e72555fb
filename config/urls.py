from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import set_language

from config import views
from shop import sitemaps
from shop.views import home

# The staff console, /tienda/: every app's staff pages under one `staff:` namespace (the
# apps' staff_urls have no namespace of their own, and their names do not collide).
staff_patterns = [
    path("catalogo/", include("catalog.staff_urls")),
    path("chat/", include("chat.staff_urls")),
    path("pedidos/", include("orders.staff_urls")),
    path("puntos/", include("loyalty.staff_urls")),
    path("reclamaciones/", include("crm.staff_urls")),
    path("reparto/", include("orders.courier_urls")),
    path("", include("inventory.staff_urls")),
]

# The admin logs in through allauth's login (its rate limits, MFA), not its own form; the
# two-factor pages live under /cuenta/2fa/ (allauth.urls).
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("", home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.section, name="sitemap_section"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("idioma/", set_language, name="set_language"),
    path("idioma/<str:code>/", views.switch_language, name="switch_language"),
    path("csrf/", views.csrf_token, name="csrf_token"),
    path("cuenta/", RedirectView.as_view(pattern_name="crm:profile"), name="account_home"),
    path("cuenta/perfil/", include("crm.urls")),
    path("", include("loyalty.urls")),
    path("cuenta/", include("allauth.urls")),
    path("tiendas/", include("inventory.urls")),
    path("libro-de-reclamaciones/", include("crm.complaint_urls")),
    path("tienda/", include((staff_patterns, "staff"))),
    path("chat/", include("chat.urls")),
    path("", include("shop.urls")),
    path("", include("orders.urls")),
    path("admin/", admin.site.urls),
]

if settings.BENCH_HELLO_VIEW:  # bench/http.py's floor; never in production
    urlpatterns.insert(0, path("bench/hello/", views.bench_hello, name="bench_hello"))

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "config.views.bad_request"
handler403 = "config.views.permission_denied"
handler404 = "config.views.page_not_found"
handler500 = "config.views.server_error"
