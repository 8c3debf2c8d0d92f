from orders.tests.fixtures import *  # noqa: F401,F403
