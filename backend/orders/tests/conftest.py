from orders.tests.fixtures import *  # noqa: F403
