from decimal import Decimal

import pytest

from catalog.models import Product
from catalog.tests.factories import ProductImageFactory, ReviewFactory, VariantFactory
from conftest import client_for, refusal


def test_detail_shape(api_client, catalog):
    body = api_client.get("/api/products/samsung-a/").json()
    assert body["title"] == "Samsung A" and body["brand"]["slug"] == "samsung"
    assert body["breadcrumbs"] == [{"name": "Mobiles", "slug": "mobiles"}, {"name": "Android", "slug": "android"}]
    assert body["category_path"] == "Mobiles > Android"
    assert [v["sku"] for v in body["variants"]] == [v.sku for v in catalog["a"].variants.order_by("price")]
    assert body["variants"][1]["in_stock"] is False
    assert (body["price"], body["mrp"], body["discount_percent"]) == ("20000.00", "25000.00", 20)
    assert body["specs"]["battery_mah"] == 5000 and body["images"][0]["width"] == 400


def test_detail_hides_inactive_variants_and_products(api_client, catalog):
    body = api_client.get("/api/products/apple-x/").json()
    assert len(body["variants"]) == 1
    assert api_client.get("/api/products/pixel-old/").status_code == 404
    response = api_client.get("/api/products/no-such-phone/")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_detail_runs_a_fixed_number_of_queries(api_client, catalog, django_assert_num_queries):
    # product + variants + images + breadcrumbs
    with django_assert_num_queries(4):
        api_client.get("/api/products/samsung-a/")
    for i in range(10):
        VariantFactory(product=catalog["a"], ram_gb=16, storage_gb=512, color=f"Shade {i}")
        ProductImageFactory(product=catalog["a"])
    with django_assert_num_queries(4):
        assert len(api_client.get("/api/products/samsung-a/").json()["variants"]) == 12


def test_category_tree_and_brands(api_client, catalog):
    tree = api_client.get("/api/categories/").json()
    assert [node["slug"] for node in tree] == ["mobiles"]
    assert {child["slug"] for child in tree[0]["children"]} == {"android", "ios"}
    # active phones, a parent counting its children's (pixel-old is inactive)
    assert tree[0]["product_count"] == 3
    assert {child["slug"]: child["product_count"] for child in tree[0]["children"]} == {"android": 2, "ios": 1}
    brands = {b["slug"]: b["product_count"] for b in api_client.get("/api/brands/").json()}
    assert brands == {"apple": 1, "google": 0, "samsung": 2}


def test_category_rename_moves_descendant_paths(catalog):
    catalog["mobiles"].name = "Phones"
    catalog["mobiles"].save()
    catalog["android"].refresh_from_db()
    assert catalog["android"].name_path == "Phones > Android"


def test_reviews_list_and_create(api_client, catalog, user):
    url = "/api/products/samsung-b/reviews/"
    assert api_client.post(url, {"rating": 5, "title": "Nice"}, format="json").status_code == 401
    client = client_for(user)
    response = client.post(url, {"rating": 5, "title": "Great battery", "body": "Lasts two days."}, format="json")
    assert response.status_code == 201, response.content
    body = api_client.get(url).json()
    assert body["count"] == 1 and body["results"][0]["title"] == "Great battery"
    again = client.post(url, {"rating": 1, "title": "Changed my mind"}, format="json")
    assert refusal(again, 409) == {
        "code": "already_reviewed",
        "message": "You have already reviewed this phone.",
        "fields": {},
    }


@pytest.mark.parametrize(
    "payload",
    [
        {"rating": 0, "title": "x"},
        {"rating": 6, "title": "x"},
        {"rating": "five", "title": "x"},
        {"rating": 4},
        {"rating": 4, "title": "x" * 121},
        {"rating": 4, "title": "ok", "body": "x" * 5001},
    ],
)
def test_bad_reviews_are_400_and_change_nothing(catalog, user, payload):
    response = client_for(user).post("/api/products/samsung-b/reviews/", payload, format="json")
    assert response.status_code == 400 and response.json()["error"]["fields"]
    assert catalog["b"].reviews.count() == 0


def test_review_for_unknown_product_is_404(catalog, user):
    assert (
        client_for(user).post("/api/products/nope/reviews/", {"rating": 4, "title": "x"}, format="json").status_code
        == 404
    )


def test_rating_aggregates_follow_reviews(db):
    review = ReviewFactory(rating=5)
    product = review.product
    ReviewFactory(product=product, rating=2)
    ReviewFactory(product=product, rating=4)
    product.refresh_from_db()
    assert (product.rating, product.review_count) == (Decimal("3.67"), 3)
    review.delete()
    product.refresh_from_db()
    assert (product.rating, product.review_count) == (Decimal("3.00"), 2)
    product.reviews.all().delete()  # a bulk delete still fires post_delete per row
    product.refresh_from_db()
    assert (product.rating, product.review_count) == (Decimal("0.00"), 0)
    assert Product.objects.get(pk=product.pk).rating == 0
