"""newsarchiver's Scrapy project: settings, spiders, middlewares, pipelines, extract, CLI."""

__version__ = "0.1.0"
