from celery import shared_task

from catalog import storefront


@shared_task(name="catalog.tasks.revalidate_storefront")
def revalidate_storefront(products: list[str], tags: list[str]) -> bool:
    """After a catalog change commits: expire the storefront's cached pages of it (catalog.storefront)."""
    return storefront.revalidate(products, tags)
