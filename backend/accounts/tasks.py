from celery import shared_task


@shared_task(name="accounts.tasks.send_otp_code", ignore_result=True)
def send_otp_code(challenge_id: int, sealed_code: str) -> None:
    """Deliver a sign-in code off the request, so asking for a code takes as long for an unknown email
    as for a real one. The code arrives sealed (accounts.otp.seal): the broker never holds a usable one."""
    from accounts.models import OtpChallenge
    from accounts.otp import unseal
    from accounts.otp_senders import sender_for

    challenge = OtpChallenge.objects.select_related("user").filter(pk=challenge_id, used_at__isnull=True).first()
    if challenge is not None:
        sender_for(challenge.channel).send(challenge.user, unseal(sealed_code, challenge))


@shared_task(name="accounts.tasks.send_password_reset", ignore_result=True)
def send_password_reset(user_id: int) -> None:
    """Email a password reset link; the token is made here, so the broker never carries one."""
    from accounts.models import User
    from accounts.password_reset import send_reset_email

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is not None:
        send_reset_email(user)
