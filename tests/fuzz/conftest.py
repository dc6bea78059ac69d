"""The fuzz tests end with a real service on the test broker: the service tests' fixtures."""

from service.conftest import make_home, start_service

__all__ = ["make_home", "start_service"]
