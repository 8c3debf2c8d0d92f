from django.urls import path

from privacy.api import views

urlpatterns = [
    path("account/consents/", views.ConsentsView.as_view(), name="account-consents"),
    path("account/consents/<str:purpose>/<str:channel>/", views.ConsentView.as_view(), name="account-consent"),
    path("account/export/", views.ExportView.as_view(), name="account-export"),
    path("account/erasure/", views.ErasureView.as_view(), name="account-erasure"),
    path("account/erasure/code/", views.ErasureCodeView.as_view(), name="account-erasure-code"),
]
