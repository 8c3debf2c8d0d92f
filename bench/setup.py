"""Prepares a benchmark run against the bench database (run with the bench's environment, from bench/run):
shoppers with JWTs and variants with plenty of stock for the checkout scenario, and the fixed request
mixes of every scenario, written as files into the output directory given as the only argument."""
import os
import random
import sys
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "backend"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from rest_framework_simplejwt.tokens import RefreshToken  # noqa: E402

from accounts.models import User  # noqa: E402
from catalog.models import Product, ProductVariant  # noqa: E402

SHOPPERS = int(os.environ.get("BENCH_SHOPPERS", "8"))
CHECKOUT_VARIANTS = 40
DETAIL_PRODUCTS = 60

LISTING = [
    "",
    "?sort=price",
    "?sort=-rating&page=2",
    "?sort=newest&page=5",
    "?brand=samsung",
    "?brand=samsung&ram=8&sort=price",
    "?category=android&is_5g=true&price_max=40000&sort=-rating",  # three filters and a sort
    "?category=smartphones&ram=8,12&available=true&sort=-price&page=3",
    "?brand=apple,google&storage=256&sort=newest",
    "?price_min=10000&price_max=30000&color=Midnight%20Black&page=2",
    "?is_5g=true&rating_min=4&page=2",
    "?category=foldables&sort=price",
    "?brand=xiaomi,redmi,poco&ram=6&storage=128&sort=price&page=2",
    "?category=ios&sort=-price",
    "?brand=oneplus&is_5g=true&available=true&sort=popularity",
    "?ram=16&sort=-rating",
    "?category=feature-phones&sort=price",
    "?brand=vivo,oppo&price_max=25000&sort=newest&page=2",
    "?storage=512&available=true&page=3",
    "?page=40&page_size=24",
]
SEARCH = [
    "q=samsung", "q=galaxy", "q=iphone", "q=redmi%20note",                      # one word, a name
    "q=samsng", "q=iphnoe", "q=motorolla",                                      # a typo
    "q=samsung%205g&ram=8&price_max=40000&sort=price",                          # several words with filters
    "q=bench%20plus&brand=vivo&available=true", "q=pro%20max&storage=256",
    "brand=oneplus&sort=-rating", "category=android&is_5g=true&page=3",         # browse with facets
    "ram=8,12&price_min=15000&price_max=35000", "q=nothing%20phone",
]
SUGGEST = ["sa", "sam", "gal", "iph", "red", "one", "pix", "mot", "no", "vi", "po", "bench b1", "xia", "real"]


def write(directory: Path, name: str, lines: list[str]) -> None:
    (directory / name).write_text("\n".join(lines) + "\n")


def main(directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    tokens = []
    for n in range(SHOPPERS):
        user, created = User.objects.get_or_create(email=f"bench-shopper-{n}@example.com",
                                                   defaults={"full_name": f"Bench Shopper {n}"})
        if created:
            user.set_unusable_password()
            user.save()
        tokens.append(str(RefreshToken.for_user(user).access_token))
    ids = list(ProductVariant.objects.filter(is_active=True, product__is_active=True, product__slug__startswith="bench-")
               .order_by("id").values_list("id", flat=True)[:5000])
    chosen = sorted(rng.sample(ids, min(CHECKOUT_VARIANTS, len(ids))))
    with transaction.atomic():
        ProductVariant.objects.filter(id__in=chosen).update(stock=1_000_000)  # never runs out during a run
    slugs = list(Product.objects.filter(is_active=True).order_by("id").values_list("slug", flat=True))
    detail = sorted(rng.sample(slugs, min(DETAIL_PRODUCTS, len(slugs))))
    write(directory, "tokens.txt", tokens)
    write(directory, "variants.txt", [str(i) for i in chosen])
    write(directory, "paths-floor.txt", ["/api/health/"])
    write(directory, "paths-listing.txt", [f"/api/products/{q}" for q in LISTING])
    write(directory, "paths-detail.txt", [f"/api/products/{quote(s)}/" for s in detail])
    write(directory, "paths-search.txt", [f"/api/search/?{q}" for q in SEARCH])
    write(directory, "paths-suggest.txt", [f"/api/search/suggest/?q={quote(q)}" for q in SUGGEST])
    write(directory, "product-slug.txt", [next(s for s in slugs if not s.startswith("bench-"))])
    print(f"bench setup: {len(tokens)} shoppers, {len(chosen)} variants for checkout, {len(detail)} products for detail")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
