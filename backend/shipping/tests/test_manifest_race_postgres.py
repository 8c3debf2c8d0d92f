"""Two staff members make today's manifest at the same moment: one manifest, each parcel in it once.
Real connections on PostgreSQL."""

import pytest
from django.db import connection

from conftest import client_for
from orders.tests.test_race_postgres import run_in_threads
from shipping.models import Manifest, Shipment
from staff.tests.factories import staff_member

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason=f"needs PostgreSQL row locks and concurrent connections; the database here is {connection.vendor}",
    ),
]


@pytest.mark.django_db(transaction=True)
def test_concurrent_posts_make_one_manifest(place, pay):
    orders = [pay(place().pk) for _ in range(3)]
    clients = [client_for(staff_member()) for _ in range(4)]
    responses = run_in_threads([lambda c=c: c.post("/api/staff/manifests/", {}, format="json") for c in clients])
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201, 409, 409, 409], [r.json() for r in responses]
    assert {r.json()["error"]["code"] for r in responses if r.status_code == 409} == {"manifest_exists"}
    manifest = Manifest.objects.get()
    assert manifest.shipment_count == 3
    assert set(Shipment.objects.filter(manifest=manifest).values_list("order_id", flat=True)) == {o.pk for o in orders}
