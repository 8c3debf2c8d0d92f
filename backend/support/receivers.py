"""A shopper's complaints in the download of their data, and reduced when their account is erased: the reference,
category, dates, message and resolution stay (the grievance record), the name, email and phone go."""

from typing import Any

from django.dispatch import receiver
from django.utils import timezone

from accounts.models import User
from accounts.signals import account_erasing, account_exporting
from support.models import Complaint


@receiver(account_exporting, dispatch_uid="support-export")
def export_complaints(sender: type[User], user: User, **kwargs: Any) -> dict[str, Any]:
    return {
        "complaints": [
            {
                "reference": c.reference,
                "category": c.category,
                "message": c.message,
                "name": c.name,
                "email": c.email,
                "phone": c.phone,
                "order_number": c.order_number,
                "filed_at": timezone.localtime(c.created_at).isoformat(),
                "status": c.status,
                "resolution": c.resolution,
                "closed_at": timezone.localtime(c.closed_at).isoformat() if c.closed_at else None,
            }
            for c in Complaint.objects.filter(user=user).order_by("pk")
        ]
    }


@receiver(account_erasing, dispatch_uid="support-erase")
def erase_complaint_contacts(sender: type[User], user: User, **kwargs: Any) -> None:
    Complaint.objects.filter(user=user).update(name="", email="", phone="")
