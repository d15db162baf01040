"""An async distributed news crawler: Scrapy spiders, Playwright render workers, MongoDB."""

__version__ = "0.1.0"
