from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from artisans import history
from catalogue.api import api_router
from catalogue.sitemaps import BilingualSitemap
from core import health
from core import views as core_views
from core.caching import cache_public_pages
from core.viewsets import LocalizeSnippetAPI
from exhibitions import views as exhibition_views
from home import views
from payments import views as payment_views

urlpatterns = [
    path("admin/password_reset/", core_views.password_reset, name="wagtailadmin_password_reset"),
    # Site history limited to the pages one may edit (artisans see their own pages only).
    path("admin/reports/site-history/", history.site_history),
    path("admin/reports/site-history/results/", history.site_history_results),
    # wagtail-localize's snippet API, limited to users who may list the model.
    path("admin/localize/api/snippets/<slug:app_label>/<slug:model_name>/",
         require_admin_access(LocalizeSnippetAPI.as_view({"get": "list"}))),
    path("admin/localize/api/snippets/<slug:app_label>/<slug:model_name>/<str:pk>/",
         require_admin_access(LocalizeSnippetAPI.as_view({"get": "retrieve"}))),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("favicon.ico", views.favicon),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": BilingualSitemap}}, name="sitemap"),
    path("payments/stripe/webhook/", payment_views.stripe_webhook, name="stripe_webhook"),
    # Chinese is unprefixed; /zh-hans/... is accepted and sent to the one canonical address.
    re_path(r"^zh-hans/(?P<rest>.*)$", views.unprefixed_chinese),
    path("healthz", health.healthz, name="healthz"),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("search/", views.search, name="search"),
    path("visitor/", views.visitor, name="visitor"),
    path("", include("payments.urls")),
    path("", include("orders.urls")),
    path("exhibitions/calendar.ics", exhibition_views.calendar_feed, name="exhibitions_calendar"),
    path("", include("commissions.urls")),
    # Wagtail's own page serving; anonymous visitors get whole pages from the shared cache.
    re_path(wagtail_urls.serve_pattern, cache_public_pages(wagtail_views.serve),
            name="wagtail_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
