from celery import shared_task

from cart import services


@shared_task(name="cart.tasks.purge_stale_guest_carts")
def purge_stale_guest_carts() -> int:
    """Delete guest carts untouched for CART_GUEST_TTL_DAYS."""
    return services.purge_stale_guest_carts()
