from django.urls import path

from support.api import views

urlpatterns = [path("support/complaints/", views.ComplaintsView.as_view(), name="support-complaints")]
