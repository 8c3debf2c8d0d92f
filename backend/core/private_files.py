"""Files only the API hands out (tax documents, shipping labels, manifests): kept in the `private` storage
(PRIVATE_MEDIA_ROOT, no URL reaches them) with the SHA-256 of their bytes on their row, and served only while
the file still has that hash."""

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.db.models.fields.files import FieldFile

# Far above any document we draw or a carrier sends (an invoice is ~7 kB, a label ~50 kB): a larger file is not ours.
MAX_PRIVATE_FILE_BYTES = 5 * 1024 * 1024


def private_storage() -> Storage:
    return storages["private"]


def sha256_of(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def store(field: FieldFile, name: str, body: bytes) -> str:
    """Write `body` into the file field (the row is saved by the caller) and return its SHA-256."""
    field.save(name, ContentFile(body), save=False)
    return sha256_of(body)


class UnverifiedFile(Exception):
    """A stored file that is missing, unreadable, oversized or no longer the one written (its hash differs)."""


def read_verified(field: FieldFile, sha256: str, *, max_bytes: int = MAX_PRIVATE_FILE_BYTES) -> bytes:
    """The file's bytes, only if their SHA-256 is `sha256`; UnverifiedFile says what is wrong otherwise."""
    try:
        with field.open("rb") as f:
            body: bytes = f.read(max_bytes + 1)
    except (OSError, ValueError) as exc:  # ValueError: the field has no file
        raise UnverifiedFile(f"cannot be read ({type(exc).__name__}: {exc})") from None
    digest = sha256_of(body)
    if len(body) > max_bytes or digest != sha256:
        raise UnverifiedFile(f"does not match its hash (stored {sha256}, file {digest}, {len(body)} bytes)")
    return body
