from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail

from privacy import services


@shared_task(name="privacy.tasks.send_erasure_code", ignore_result=True)
def send_erasure_code(challenge_id: int, sealed_code: str) -> None:
    """Mail the code that confirms an account's deletion. The code arrives sealed (core.one_time_codes): the broker
    never holds a usable one."""
    from privacy.models import ErasureCode

    challenge = ErasureCode.objects.select_related("user").filter(pk=challenge_id, used_at__isnull=True).first()
    if challenge is None or not challenge.user.is_active or not challenge.user.email:
        return  # an account without email gets its code by SMS (privacy.services.request_erasure_code)
    minutes = settings.ERASURE_CODE_MINUTES
    send_mail(
        f"Your code to delete your {settings.STORE_NAME} account",
        f"Hello,\n\nYour code to confirm the deletion of your {settings.STORE_NAME} account is "
        f"{services.unseal_code(challenge, sealed_code)}. It works once, for {minutes} minutes.\n\nIf you did not ask "
        "to delete your account, ignore this email and change your password: nothing is deleted without the code.\n",
        settings.DEFAULT_FROM_EMAIL,
        [challenge.user.email],
    )


@shared_task(name="privacy.tasks.acknowledge")
def acknowledge(request_id: int) -> str:
    """Email the acknowledgement of a data request (a download, an erasure) once."""
    return services.acknowledge(request_id)


@shared_task(name="privacy.tasks.acknowledge_missed")
def acknowledge_missed() -> int:
    """Beat: acknowledgements whose task was lost (broker down) or whose mail failed, sent once."""
    return services.acknowledge_missed()
