import pytest

from audit.models import AuditLog
from cart.models import Cart
from orders.models import Order
from orders.tests.fixtures import add_to_cart, checkout
from payments.models import Payment

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, django_user_model):
    staff = django_user_model.objects.create_superuser("staff@example.in", "Staff-Password-123")
    client.force_login(staff)
    client.staff = staff
    return client


@pytest.fixture
def paid_order(auth_client, variant, dev_gateway):
    add_to_cart(auth_client, variant, 1)
    order_id = checkout(auth_client).json()["id"]
    auth_client.post("/api/payments/dev/confirm/", {"order_id": order_id}, format="json")
    add_to_cart(auth_client, variant, 1)  # a cart for the cart admin
    return Order.objects.get(pk=order_id)


def test_admin_pages_render(staff_client, paid_order):
    cart = Cart.objects.get()
    payment = Payment.objects.get()
    for url in (
        "/admin/orders/order/",
        f"/admin/orders/order/{paid_order.pk}/change/",
        "/admin/cart/cart/",
        f"/admin/cart/cart/{cart.pk}/change/",
        "/admin/payments/payment/",
        f"/admin/payments/payment/{payment.pk}/change/",
        "/admin/payments/paymentevent/",
    ):
        assert staff_client.get(url).status_code == 200, url


def test_admin_actions_go_through_the_state_machine(staff_client, paid_order):
    def act(action):
        return staff_client.post(
            "/admin/orders/order/", {"action": action, "_selected_action": [paid_order.pk]}, follow=True
        )

    act("mark_shipped")  # PAID → SHIPPED is illegal: refused, nothing changes
    paid_order.refresh_from_db()
    assert paid_order.status == "PAID"
    act("mark_packed")
    act("mark_shipped")
    paid_order.refresh_from_db()
    assert paid_order.status == "SHIPPED"
    last = paid_order.transitions.last()
    assert (last.actor, last.source) == (staff_client.staff, "staff")
    audited = AuditLog.objects.filter(action="order_transition", actor_id=staff_client.staff.pk).order_by("id")
    assert [(r.old_values, r.new_values, r.source) for r in audited] == [
        ({"status": "PAID"}, {"status": "PACKED"}, "admin"),
        ({"status": "PACKED"}, {"status": "SHIPPED"}, "admin"),
    ]


def test_status_is_not_editable_in_the_form(staff_client, paid_order):
    page = staff_client.get(f"/admin/orders/order/{paid_order.pk}/change/").content.decode()
    assert 'name="status"' not in page and 'name="needs_review"' in page
