from django.urls import path

from returns.api import views

urlpatterns = [
    path("orders/<int:pk>/returns/", views.OrderReturnsView.as_view(), name="order-returns"),
    path("orders/<int:pk>/returns/<int:rid>/photos/<int:n>/", views.ReturnPhotoView.as_view(), name="return-photo"),
]
