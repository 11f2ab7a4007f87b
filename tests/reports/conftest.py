from tests.analytics.conftest import ahome, ahub  # noqa: F401 - the same real store
