from datetime import timedelta

from celery import shared_task
from django.utils import timezone

# How long the row of an ended sign-in code is kept before it is deleted.
OTP_CHALLENGE_KEEP = timedelta(days=1)


@shared_task(name="accounts.tasks.send_otp_code", ignore_result=True)
def send_otp_code(challenge_id: int, sealed_code: str) -> None:
    """Deliver a sign-in code off the request, so asking for a code takes as long for an unknown email
    as for a real one (a mobile number always gets one). The code arrives sealed (accounts.otp.seal): the
    broker never holds a usable one."""
    from accounts.models import OtpChallenge
    from accounts.otp import unseal
    from accounts.otp_senders import sender_for

    challenge = OtpChallenge.objects.select_related("user").filter(pk=challenge_id, used_at__isnull=True).first()
    if challenge is not None and challenge.recipient:
        sender_for(challenge.channel).send(challenge.recipient, unseal(sealed_code, challenge))


@shared_task(name="accounts.tasks.send_password_reset", ignore_result=True)
def send_password_reset(user_id: int) -> None:
    """Email a password reset link; the token is made here, so the broker never carries one."""
    from accounts.models import User
    from accounts.password_reset import send_reset_email

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is not None:
        send_reset_email(user)


@shared_task(name="accounts.tasks.send_staff_invitation", ignore_result=True)
def send_staff_invitation(user_id: int) -> None:
    """Email an invited staff member the link that sets their first password (made here, as the reset's)."""
    from accounts.models import User
    from accounts.password_reset import send_invitation_email

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is not None and user.email:
        send_invitation_email(user)


@shared_task(name="accounts.tasks.purge_otp_challenges", ignore_result=True)
def purge_otp_challenges() -> int:
    """Delete sign-in codes that expired over OTP_CHALLENGE_KEEP ago (used or not): a code asked for a number
    that never signs in leaves a row nothing else removes. Returns how many went."""
    from accounts.models import OtpChallenge

    deleted, _ = OtpChallenge.objects.filter(expires_at__lt=timezone.now() - OTP_CHALLENGE_KEEP).delete()
    return deleted
