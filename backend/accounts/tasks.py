from celery import shared_task


@shared_task(name="accounts.tasks.send_otp_code", ignore_result=True)
def send_otp_code(challenge_id: int, code: str) -> None:
    """Deliver a sign-in code off the request, so asking for a code takes as long for an unknown email
    as for a real one."""
    from accounts.models import OtpChallenge
    from accounts.otp_senders import sender_for

    challenge = OtpChallenge.objects.select_related("user").filter(pk=challenge_id, used_at__isnull=True).first()
    if challenge is not None:
        sender_for(challenge.channel).send(challenge.user, code)
