"""devices.yaml: schema, loading with line-numbered problems, and the indexed Home."""

from assistant.config.home import Area, Floor, Home
from assistant.config.loader import ConfigError, Problem, load_home, parse_home_text
from assistant.config.schema import BrokerConfig, DeviceConfig, HomeFile

__all__ = [
    "Area",
    "BrokerConfig",
    "ConfigError",
    "DeviceConfig",
    "Floor",
    "Home",
    "HomeFile",
    "Problem",
    "load_home",
    "parse_home_text",
]
