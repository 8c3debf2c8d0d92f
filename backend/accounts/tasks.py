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
