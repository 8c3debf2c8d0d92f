from decimal import Decimal

import factory

from catalog.models import Brand, Category, Product, ProductImage, ProductVariant, Review


class BrandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Brand
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Brand {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))
    parent = None


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    title = factory.Sequence(lambda n: f"Phone {n}")
    slug = factory.LazyAttribute(lambda o: o.title.lower().replace(" ", "-"))
    brand = factory.SubFactory(BrandFactory)
    category = factory.SubFactory(CategoryFactory)
    battery_mah = 5000
    main_camera_mp = 50
    is_5g = True


class VariantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductVariant

    product = factory.SubFactory(ProductFactory)
    sku = factory.Sequence(lambda n: f"SKU-{n:06d}")
    ram_gb = 8
    storage_gb = 128
    color = "Black"
    price = Decimal("19999.00")
    mrp = Decimal("24999.00")
    stock = 10


class ProductImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductImage

    product = factory.SubFactory(ProductFactory)
    image = factory.django.ImageField(width=400, height=800, color="blue")
    alt = factory.LazyAttribute(lambda o: o.product.title)


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    product = factory.SubFactory(ProductFactory)
    user = factory.SubFactory("accounts.tests.factories.UserFactory")
    rating = 4
    title = "Good phone"
