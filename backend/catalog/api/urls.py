from django.urls import path

from catalog.api import views

urlpatterns = [
    path("products/", views.ProductListView.as_view(), name="product-list"),
    path("products/<slug:slug>/", views.ProductDetailView.as_view(), name="product-detail"),
    path("products/<slug:slug>/reviews/", views.ProductReviewsView.as_view(), name="product-reviews"),
    path("categories/", views.CategoryTreeView.as_view(), name="category-tree"),
    path("brands/", views.BrandListView.as_view(), name="brand-list"),
    path("home/", views.HomeView.as_view(), name="home"),
    path("sitemap/", views.SitemapView.as_view(), name="sitemap"),
]
