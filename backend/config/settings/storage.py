"""Files: the local disk by default (base's STORAGES: MEDIA_ROOT, PRIVATE_MEDIA_ROOT), an S3-compatible object
store (AWS S3, Cloudflare R2, MinIO, ...) when S3_BUCKET is set, so that every API replica and worker sees the
same files (docs/operations.md, "Files").

Two stores, always: "default" holds the public product images (read by anyone, through S3_PUBLIC_URL_BASE or
the bucket's URL); "private" holds tax invoices, credit notes and return photos, written with the private ACL,
never linked: the API reads them and streams them to their owner after its check."""

from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from config.env import env_str
from config.settings.base import STORAGES as _LOCAL_STORAGES

S3_BUCKET = env_str("S3_BUCKET")
# Private documents: a bucket of their own (best: no public policy can ever reach them), else S3_BUCKET under
# S3_PRIVATE_PREFIX, each object with the private ACL.
S3_PRIVATE_BUCKET = env_str("S3_PRIVATE_BUCKET")
S3_PRIVATE_PREFIX = env_str("S3_PRIVATE_PREFIX", "private").strip("/")
S3_MEDIA_PREFIX = env_str("S3_MEDIA_PREFIX", "media").strip("/")
S3_ENDPOINT_URL = env_str("S3_ENDPOINT_URL")  # empty: AWS; R2, MinIO, ...: their endpoint
S3_ACCESS_KEY_ID = env_str("S3_ACCESS_KEY_ID")  # empty: boto3's own chain (instance role, AWS_* variables)
S3_SECRET_ACCESS_KEY = env_str("S3_SECRET_ACCESS_KEY")
S3_REGION = env_str("S3_REGION")
# Where browsers read public images: a CDN or the bucket's custom domain, e.g. https://img.example.in.
S3_PUBLIC_URL_BASE = env_str("S3_PUBLIC_URL_BASE").rstrip("/")
# "path" for MinIO and most self-hosted stores; empty: boto3's choice.
S3_ADDRESSING_STYLE = env_str("S3_ADDRESSING_STYLE")

S3_STORAGE_BACKEND = "storages.backends.s3.S3Storage"


def s3_storages(
    *,
    bucket: str,
    private_bucket: str = "",
    private_prefix: str = "private",
    media_prefix: str = "media",
    endpoint_url: str = "",
    access_key: str = "",
    secret_key: str = "",
    region: str = "",
    public_url_base: str = "",
    addressing_style: str = "",
) -> dict[str, dict[str, Any]]:
    """STORAGES' "default" and "private" on an S3-compatible store (also used by the tests, on moto's server)."""
    if not private_bucket and private_prefix in ("", media_prefix):
        raise ImproperlyConfigured("S3_PRIVATE_PREFIX must be set and differ from S3_MEDIA_PREFIX.")
    common: dict[str, object] = {
        # Django's naming (a suffix when a name is taken), never a silent overwrite of another file.
        "file_overwrite": False,
        "endpoint_url": endpoint_url or None,
        "access_key": access_key or None,
        "secret_key": secret_key or None,
        "region_name": region or None,
    }
    if addressing_style:
        common["addressing_style"] = addressing_style
    public = {**common, "bucket_name": bucket, "location": media_prefix}
    public.update(default_acl="public-read", querystring_auth=False)
    if public_url_base:
        parts = urlsplit(public_url_base.rstrip("/"))
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ImproperlyConfigured(f"S3_PUBLIC_URL_BASE must be an http(s) URL, got {public_url_base!r}")
        public.update(custom_domain=parts.netloc + parts.path, url_protocol=parts.scheme + ":")
    # No custom domain here (it would turn signing off): the private store's objects carry the private ACL and
    # the only URL it can make is a signed one that expires within a minute; the API never hands one out.
    private = {**common, "bucket_name": private_bucket or bucket, "location": "" if private_bucket else private_prefix}
    private.update(default_acl="private", querystring_auth=True, querystring_expire=60)
    return {
        "default": {"BACKEND": S3_STORAGE_BACKEND, "OPTIONS": public},
        "private": {"BACKEND": S3_STORAGE_BACKEND, "OPTIONS": private},
    }


if S3_PRIVATE_BUCKET and not S3_BUCKET:
    raise ImproperlyConfigured("S3_PRIVATE_BUCKET is set without S3_BUCKET: set both, or neither.")

STORAGES: dict[str, dict[str, Any]] = (
    {
        **_LOCAL_STORAGES,
        **s3_storages(
            bucket=S3_BUCKET,
            private_bucket=S3_PRIVATE_BUCKET,
            private_prefix=S3_PRIVATE_PREFIX,
            media_prefix=S3_MEDIA_PREFIX,
            endpoint_url=S3_ENDPOINT_URL,
            access_key=S3_ACCESS_KEY_ID,
            secret_key=S3_SECRET_ACCESS_KEY,
            region=S3_REGION,
            public_url_base=S3_PUBLIC_URL_BASE,
            addressing_style=S3_ADDRESSING_STYLE,
        ),
    }
    if S3_BUCKET
    else _LOCAL_STORAGES
)
