from django.contrib.auth.models import Group

from accounts.tests.factories import UserFactory
from staff.roles import ADMIN, CUSTOMER, STAFF


def user_with_role(role: str, **kwargs):
    """A user in one role group; staff and admin also get is_staff, as staff.services.set_role gives."""
    user = UserFactory.create(is_staff=role in (STAFF, ADMIN), **kwargs)
    user.groups.set([Group.objects.get(name=role)])
    return user


def staff_member(**kwargs):
    return user_with_role(STAFF, **kwargs)


def shop_admin(**kwargs):
    return user_with_role(ADMIN, **kwargs)


def customer(**kwargs):
    return user_with_role(CUSTOMER, **kwargs)
