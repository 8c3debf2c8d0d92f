"""Read-side catalog queries. Each function runs a fixed number of SQL queries, whatever the page size
or the number of variants (tests assert it)."""
from django.db.models import Count, Max, Min, OuterRef, Prefetch, Q, Subquery

from catalog.filters import SORTS, ProductFilter
from catalog.models import Brand, Category, Product, ProductImage, ProductVariant

FACET_FIELDS = {"ram": "ram_gb", "storage": "storage_gb", "color": "color"}


def active_products():
    return Product.objects.filter(is_active=True)


def filtered_products(filterset: ProductFilter):
    """Products matching the filters, sorted; price sorts use the cheapest matching variant."""
    queryset = filterset.qs.select_related("brand", "category")
    if filterset.sort_key in ("price", "-price"):
        cheapest = (ProductVariant.objects.filter(filterset.variant_predicate(), product=OuterRef("pk"))
                    .order_by("price").values("price")[:1])
        queryset = queryset.annotate(listing_price=Subquery(cheapest))
    return queryset.order_by(*SORTS[filterset.sort_key])


def with_listing_rows(products, variant_predicate: Q):
    """Attach what a listing row shows: matching variants (price, MRP, stock), all active variants
    (RAM/storage options) and images (thumbnail). Three queries for the whole page."""
    return products.prefetch_related(
        Prefetch("variants", queryset=ProductVariant.objects.filter(variant_predicate).order_by("price", "id"),
                 to_attr="matching_variants"),
        Prefetch("variants", queryset=ProductVariant.objects.filter(is_active=True).only(
            "id", "product_id", "ram_gb", "storage_gb"), to_attr="active_variants"),
        Prefetch("images", queryset=ProductImage.objects.order_by("position", "id"), to_attr="image_list"),
    )


def listing_facets(filterset: ProductFilter) -> dict:
    """Product counts per brand, RAM, storage, colour and 5G, and the price range. Each facet counts
    over the result set with every filter but its own (disjunctive facets), six queries in all."""

    def variants_without(*params):
        products, predicate = filterset.without(*params)
        return ProductVariant.objects.filter(predicate, product__in=products.order_by().values("pk")).order_by()

    def product_counts(param, field):
        products, _ = filterset.without(param)
        rows = products.order_by().values(field).annotate(n=Count("id")).order_by(field)
        return {str(row[field]).lower() if field == "is_5g" else row[field]: row["n"] for row in rows}

    facets = {"brand": product_counts("brand", "brand__slug")}
    for name, field in FACET_FIELDS.items():
        rows = variants_without(name).values(field).annotate(n=Count("product_id", distinct=True)).order_by(field)
        facets[name] = {str(row[field]): row["n"] for row in rows}
    facets["is_5g"] = product_counts("is_5g", "is_5g")
    price = variants_without("price_min", "price_max").aggregate(min=Min("price"), max=Max("price"))
    return {"facets": facets, "price": {k: (f"{v:.2f}" if v is not None else None) for k, v in price.items()}}


def product_detail(slug: str) -> Product | None:
    return (
        active_products().filter(slug=slug).select_related("brand", "category")
        .prefetch_related(
            Prefetch("variants", queryset=ProductVariant.objects.filter(is_active=True).order_by("price", "id"),
                     to_attr="active_variants"),
            Prefetch("images", queryset=ProductImage.objects.order_by("position", "id"), to_attr="image_list"),
        )
        .first()
    )


def breadcrumbs(category: Category) -> list[dict]:
    slugs = category.path.split("/")
    by_slug = {c.slug: c for c in Category.objects.filter(slug__in=slugs).only("name", "slug")}
    return [{"name": by_slug[s].name, "slug": s} for s in slugs if s in by_slug]


def category_tree() -> list[dict]:
    nodes, parents = {}, {}
    for category in Category.objects.order_by("position", "name"):
        nodes[category.pk] = {"id": category.pk, "name": category.name, "slug": category.slug,
                              "path": category.path, "category_path": category.name_path, "children": []}
        parents[category.pk] = category.parent_id
    roots = []
    for pk, node in nodes.items():
        (nodes[parents[pk]]["children"] if parents[pk] else roots).append(node)
    return roots


def brands_with_counts():
    return Brand.objects.annotate(
        product_count=Count("products", filter=Q(products__is_active=True))
    ).order_by("name")
