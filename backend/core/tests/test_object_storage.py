"""Files on an S3-compatible store (config/settings/storage.py), against moto's real HTTP server: public product
images readable by their URL, private documents (tax invoices) refused to an anonymous GET by the store itself and
served by the API to their owner, and what one replica writes read by another's storage instance."""

import logging
import socket
import uuid

import boto3
import pytest
import requests
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db.models import FileField
from moto.server import ThreadedMotoServer
from storages.backends.s3 import S3Storage

from catalog.tests.factories import ProductFactory, ProductImageFactory
from config.settings.storage import s3_storages
from invoicing import services as invoicing
from invoicing.tests.fixtures import pay, place, record_units
from orders.models import OrderStatus

KEYS = {"access_key": "test-key", "secret_key": "test-secret", "region": "ap-south-1"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def moto_endpoint():
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per S3 call otherwise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=_free_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3(moto_endpoint, settings, monkeypatch):
    """A fresh bucket on the moto server, and the store's STORAGES pointed at it (private: a prefix of the same
    bucket, the harder case: only the objects' ACL keeps them private)."""
    bucket = f"phonestore-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=moto_endpoint,
        aws_access_key_id=KEYS["access_key"],
        aws_secret_access_key=KEYS["secret_key"],
        region_name=KEYS["region"],
    )
    client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": KEYS["region"]})
    settings.STORAGES = {
        **settings.STORAGES,
        **s3_storages(bucket=bucket, endpoint_url=moto_endpoint, addressing_style="path", **KEYS),
    }
    for model in apps.get_models():  # fields given a storage callable (private documents) took it at import
        for field in model._meta.get_fields():
            if isinstance(field, FileField) and getattr(field, "_storage_callable", None) is not None:
                monkeypatch.setattr(field, "storage", field._storage_callable())
    return {"bucket": bucket, "client": client, "endpoint": moto_endpoint}


def test_the_settings_pick_s3_storages_with_a_private_acl_and_no_public_url_for_documents(s3):
    public, private = storages["default"], storages["private"]
    assert isinstance(public, S3Storage) and isinstance(private, S3Storage)
    assert public.default_acl == "public-read" and public.querystring_auth is False
    assert private.default_acl == "private" and private.querystring_auth is True and private.custom_domain is None
    assert private.location == "private" and public.location == "media"


def test_a_product_image_is_stored_on_s3_and_read_back_by_its_url_from_the_server(s3, client, db):
    product = ProductFactory(slug="pixel-s3")
    image = ProductImageFactory(product=product)  # the admin's inline form saves through the same field
    assert image.image.name.startswith("products/")

    answer = client.get("/api/products/pixel-s3/")

    assert answer.status_code == 200, answer.content
    url = answer.json()["images"][0]["url"]
    assert url.startswith(f"{s3['endpoint']}/{s3['bucket']}/media/products/")
    fetched = requests.get(url, timeout=5)  # anonymous, as a browser or the CDN
    assert fetched.status_code == 200
    with image.image.open("rb") as f:
        assert fetched.content == f.read() and fetched.content.startswith(b"\xff\xd8")  # a JPEG
    head = s3["client"].head_object(Bucket=s3["bucket"], Key=f"media/{image.image.name}")
    assert head["ContentLength"] == len(fetched.content)


@pytest.mark.usefixtures("dev_gateway")
def test_an_invoice_is_private_on_s3_and_served_by_the_api_to_its_owner_only(s3, auth_client, client, charger):
    order = place(auth_client, [(charger, 1)])
    record_units(order)
    pay(order, to=OrderStatus.PACKED)
    invoice = invoicing.issue_invoice(order.pk)
    key = f"private/{invoice.pdf.name}"
    stored = s3["client"].get_object(Bucket=s3["bucket"], Key=key)["Body"].read()
    assert stored.startswith(b"%PDF-")

    anonymous = requests.get(f"{s3['endpoint']}/{s3['bucket']}/{key}", timeout=5)  # no signature
    assert anonymous.status_code == 403 and b"%PDF" not in anonymous.content
    grants = s3["client"].get_object_acl(Bucket=s3["bucket"], Key=key)["Grants"]
    assert not [g for g in grants if g["Grantee"].get("URI", "").endswith("/AllUsers")]

    served = auth_client.get(f"/api/orders/{order.pk}/invoice/")
    assert served.status_code == 200 and b"".join(served.streaming_content) == stored
    assert client.get(f"/api/orders/{order.pk}/invoice/").status_code == 401


def test_a_second_replicas_storage_reads_what_the_first_wrote(s3):
    options = dict(storages.backends["private"]["OPTIONS"])
    first, second = S3Storage(**options), S3Storage(**options)  # two processes, two machines: nothing shared
    name = first.save("tax-documents/2026/12/replica.pdf", ContentFile(b"%PDF-1.7 written by replica one"))

    assert second.exists(name)
    with second.open(name, "rb") as f:
        assert f.read() == b"%PDF-1.7 written by replica one"
    # Django's naming, never an overwrite: the same name again gets a new one.
    assert second.save("tax-documents/2026/12/replica.pdf", ContentFile(b"other")) != name


def test_a_return_photo_uploaded_through_the_api_is_private_on_s3_and_streamed_to_its_owner(
    s3, auth_client, other_user, phone, commit, settings
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from conftest import client_for
    from returns.tests.test_returns import ask, image_bytes, paid_by_dev, units_of

    # As the returns tests run: the mock carrier without automatic shipments, the dev gateway, a 7-day window.
    settings.SHIPROCKET_EMAIL = settings.SHIPROCKET_PASSWORD = ""
    settings.SHIPPING_AUTO_CREATE = settings.DEMO_AUTO_IMEI = False
    settings.SHIPPING_MOCK_TRACKING, settings.SHIPPING_MOCK_STEP_SECONDS = True, 60
    settings.RETURN_WINDOW_DAYS, settings.PAYMENTS_DEV_GATEWAY = 7, True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    order = paid_by_dev(auth_client, phone, commit)
    photo = SimpleUploadedFile("doa.jpg", image_bytes("JPEG"), content_type="image/jpeg")
    asked = ask(auth_client, order, units_of(order)[:1], photos=[photo])
    assert asked.status_code == 201, asked.content
    [url] = asked.json()["photos"]

    keys = [o["Key"] for o in s3["client"].list_objects_v2(Bucket=s3["bucket"], Prefix="private/")["Contents"]]
    [key] = [k for k in keys if not k.startswith("private/tax-documents/")]
    assert requests.get(f"{s3['endpoint']}/{s3['bucket']}/{key}", timeout=5).status_code == 403
    served = auth_client.get(url)
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    body = b"".join(served.streaming_content)
    assert body == s3["client"].get_object(Bucket=s3["bucket"], Key=key)["Body"].read()
    assert client_for(other_user).get(url).status_code == 404
