from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from core import views as core_views
from core.observability.prometheus import metrics_view

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/health/", core_views.health, name="health"),
    path("api/ready/", core_views.ready, name="ready"),
    path("metrics", metrics_view, name="metrics"),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="docs"),
    path("api/", include("accounts.api.urls")),
    path("api/", include("catalog.api.urls")),
    path("api/", include("cart.api.urls")),
    path("api/", include("orders.api.urls")),
    path("api/", include("invoicing.api.urls")),
    path("api/", include("returns.api.urls")),
    path("api/", include("payments.api.urls")),
    path("api/", include("search.api.urls")),
    path("api/", include("shipping.api.urls")),
    path("api/", include("staff.api.urls")),
    path("api/", include("wishlist.api.urls")),
    path("api/", include("legal.api.urls")),
    path("api/", include("privacy.api.urls")),
    path("api/", include("support.api.urls")),
]

if settings.SERVE_MEDIA:
    # The embedded demo serves product images itself; production puts them behind a CDN or object store.
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})]
