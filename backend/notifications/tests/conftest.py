from shipping.tests.conftest import *  # noqa: F401,F403
