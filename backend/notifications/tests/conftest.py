from shipping.tests.conftest import *  # noqa: F403
