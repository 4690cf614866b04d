"""shuangtan (双碳): an open platform that runs a city's climate programme."""

__version__ = "0.1.0"
