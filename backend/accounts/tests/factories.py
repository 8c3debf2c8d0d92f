import factory

from accounts.models import Address, User

DEFAULT_PASSWORD = "Correct-Horse-Battery-9"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"shopper{n}@example.in")
    full_name = factory.Faker("name", locale="en_IN")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Address

    user = factory.SubFactory(UserFactory)
    full_name = "Asha Rao"
    phone = "9876543210"
    line1 = "12 MG Road"
    city = "Bengaluru"
    state = "Karnataka"
    pincode = "560001"


class MobileUserFactory(factory.django.DjangoModelFactory):
    """An account made by signing in with a mobile number: the number, no email, no password (name given)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = None
    mobile = factory.Sequence(lambda n: f"98{n:08d}")
    phone = factory.SelfAttribute("mobile")
    full_name = factory.Faker("name", locale="en_IN")
    password = factory.PostGenerationMethodCall("set_unusable_password")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()
