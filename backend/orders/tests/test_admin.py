import pytest

from audit.models import AuditLog
from cart.models import Cart
from orders.models import Order, OrderUnit
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


# --- IMEIs on the order page


@pytest.fixture
def paid_phone_order(auth_client, phone, dev_gateway, settings, django_capture_on_commit_callbacks):
    settings.SHIPROCKET_EMAIL = settings.SHIPROCKET_PASSWORD = ""
    settings.SHIPPING_AUTO_CREATE = True
    settings.DEMO_AUTO_IMEI = False
    add_to_cart(auth_client, phone, 2)
    order_id = checkout(auth_client).json()["id"]
    with django_capture_on_commit_callbacks(execute=True):
        auth_client.post("/api/payments/dev/confirm/", {"order_id": order_id}, format="json")
    return Order.objects.get(pk=order_id)


def imei_form(order, *units):
    item = order.items.get()
    data = {}
    for n, imeis in enumerate(units):
        for slot, number in enumerate(imeis, start=1):
            data[f"item_{item.pk}_unit_{n}_imei_{slot}"] = number
    return data


A, B, C = "490154203237518", "356938035643809", "352099001761481"


def test_the_order_page_says_imeis_are_awaited_and_records_them(
    staff_client, paid_phone_order, django_capture_on_commit_callbacks
):
    order = paid_phone_order
    page = staff_client.get(f"/admin/orders/order/{order.pk}/change/").content.decode()
    assert "2 unit(s) wait for their IMEIs" in page and f"/admin/orders/order/{order.pk}/units/" in page
    listed = staff_client.get("/admin/orders/order/?awaiting_imei=yes").content.decode()
    assert f"/admin/orders/order/{order.pk}/change/" in listed

    form = staff_client.get(f"/admin/orders/order/{order.pk}/units/")
    assert form.status_code == 200 and "unit 2, IMEI 2" not in form.content.decode()
    assert form.content.decode().count('name="item_') == 4  # two units, two IMEI fields each

    with django_capture_on_commit_callbacks(execute=True):
        done = staff_client.post(
            f"/admin/orders/order/{order.pk}/units/", imei_form(order, [A, B], ["35-209900-176148-1"])
        )
    assert done.status_code == 302 and done["Location"] == f"/admin/orders/order/{order.pk}/change/"
    order.refresh_from_db()
    assert order.status == "PACKED"  # the booking the recording enqueued
    unit_numbers = [[i.number for i in u.imeis.all()] for u in OrderUnit.objects.filter(item__order=order)]
    assert unit_numbers == [[A, B], [C]]
    row = AuditLog.objects.get(action="imei_recorded")
    assert (row.actor_id, row.source) == (staff_client.staff.pk, "admin")
    page = staff_client.get(f"/admin/orders/order/{order.pk}/change/").content.decode()
    assert f"{A} / {B}" in page and "All recorded" in page
    # units sold, searchable by IMEI
    found = staff_client.get("/admin/orders/orderunit/", {"q": C}).content.decode()
    assert C in found and order.number in found and A not in found


def test_the_admin_form_shows_refusals_on_their_field(staff_client, paid_phone_order):
    order = paid_phone_order
    url = f"/admin/orders/order/{order.pk}/units/"
    response = staff_client.post(url, imei_form(order, [A, "490154203237519"], [C]))
    assert response.status_code == 200
    assert "its check digit (the last) does not match" in response.content.decode()
    assert response.context["form"].errors == {
        f"item_{order.items.get().pk}_unit_0_imei_2": [
            "This is not a valid IMEI: its check digit (the last) does not match. Check for a typo."
        ]
    }
    response = staff_client.post(url, imei_form(order, [A], [A]))
    assert list(response.context["form"].errors) == [f"item_{order.items.get().pk}_unit_1_imei_1"]
    response = staff_client.post(url, imei_form(order, [A]))  # unit 2 left empty
    assert list(response.context["form"].errors) == [f"item_{order.items.get().pk}_unit_1_imei_1"]
    assert not OrderUnit.objects.exists()
    order.refresh_from_db()
    assert order.status == "PAID"


def test_staff_members_see_units_and_record_imeis_in_the_admin(client, paid_phone_order):
    from staff.tests.factories import customer, staff_member

    order = paid_phone_order
    client.force_login(staff_member())
    assert client.get(f"/admin/orders/order/{order.pk}/units/").status_code == 200
    assert client.get("/admin/orders/orderunit/").status_code == 200
    outsider = customer()
    outsider.is_staff = True  # may sign in to the admin, without the staff role's permissions
    outsider.save(update_fields=["is_staff"])
    client.force_login(outsider)
    assert client.get(f"/admin/orders/order/{order.pk}/units/").status_code == 403


def test_a_packed_orders_imeis_are_not_editable_in_the_admin(staff_client, auth_client, variant, dev_gateway):
    add_to_cart(auth_client, variant, 1)
    order = Order.objects.get(pk=checkout(auth_client).json()["id"])
    page = staff_client.get(f"/admin/orders/order/{order.pk}/units/").content.decode()
    assert "No line of this order needs an IMEI" in page and "this order is PENDING_PAYMENT" in page
