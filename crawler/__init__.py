"""newsarchiver's Scrapy project: settings, spiders, middlewares, pipelines, pages, CLI."""

__version__ = "0.1.0"
