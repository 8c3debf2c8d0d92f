"""Prepares the fault suite's shop on the stack's database (run by faults/stack.py with the stack's
environment; the only argument is where to write what it made, as JSON): shopper accounts with access
tokens, sign-in accounts with a password, the variants the shoppers buy (stock set to STOCK, so that no
purchase of the run sells one out), and the catalog paths the browsing traffic requests."""

import json
import os
import random
import sys
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "backend"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.db import transaction  # noqa: E402
from rest_framework_simplejwt.tokens import RefreshToken  # noqa: E402

from accounts.models import User  # noqa: E402
from catalog.models import Brand, Category, Product, ProductVariant  # noqa: E402

SHOPPERS = 96  # each thread of shoppers takes turns over its share, keeping every account under checkout_user (10/m)
SIGN_IN_ACCOUNTS = 8  # keeps every account under auth_token_account (5/m) at one sign-in every 2 s
PASSWORD = "Faults-suite-Pa55word"
VARIANTS = 40
STOCK = 100_000
SEARCH_WORDS = ["samsung", "galaxy", "iphone", "redmi note", "pixel", "oneplus", "5g phone", "motorola", "vivo"]


def accounts(prefix: str, count: int, password_hash: str) -> list[User]:
    users = []
    for n in range(count):
        user, _ = User.objects.get_or_create(
            email=f"{prefix}-{n:03d}@example.com", defaults={"full_name": f"{prefix} {n}"}
        )
        user.password = password_hash  # one hash for all: PBKDF2 for each of a hundred accounts takes a minute
        users.append(user)
    User.objects.bulk_update(users, ["password"])
    return users


def main(out: Path) -> None:
    rng = random.Random(14)
    template = User(email="template@example.com")
    template.set_password(PASSWORD)
    shoppers = accounts("faults-shopper", SHOPPERS, template.password)
    signers = accounts("faults-signin", SIGN_IN_ACCOUNTS, template.password)
    sellable = ProductVariant.objects.filter(is_active=True, product__is_active=True).order_by("id")
    variant_ids = sorted(rng.sample(list(sellable.values_list("id", flat=True)), VARIANTS))
    with transaction.atomic():
        ProductVariant.objects.filter(id__in=variant_ids).update(stock=STOCK)
    slugs = list(Product.objects.filter(is_active=True).order_by("id").values_list("slug", flat=True))
    brands = list(
        Brand.objects.filter(products__is_active=True).distinct().order_by("slug").values_list("slug", flat=True)
    )
    categories = list(Category.objects.order_by("slug").values_list("slug", flat=True))
    paths = ["/api/products/", "/api/categories/", "/api/brands/", "/api/home/"]
    paths += [f"/api/products/{quote(slug)}/" for slug in rng.sample(slugs, min(30, len(slugs)))]
    paths += [f"/api/products/?brand={b}&sort=price" for b in brands[:8]]
    paths += [f"/api/products/?category={c}" for c in categories[:6]]
    paths += [f"/api/search/?q={quote(w)}" for w in SEARCH_WORDS]
    paths += [f"/api/search/suggest/?q={quote(w[:3])}" for w in SEARCH_WORDS]
    out.write_text(
        json.dumps(
            {
                "password": PASSWORD,
                "shoppers": [{"email": u.email, "token": str(RefreshToken.for_user(u).access_token)} for u in shoppers],
                "sign_in": [u.email for u in signers],
                "variants": variant_ids,
                "stock": STOCK,
                "catalog_paths": paths,
            },
            indent=1,
        )
    )
    print(
        f"prepared {len(shoppers)} shoppers, {len(signers)} sign-in accounts, {len(variant_ids)} variants, "
        f"{len(paths)} paths"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
