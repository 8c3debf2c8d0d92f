from django.urls import path

from legal.api import views

urlpatterns = [
    path("legal/", views.LegalIndexView.as_view(), name="legal-index"),
    path("legal/<slug:slug>/", views.LegalPageView.as_view(), name="legal-page"),
]
