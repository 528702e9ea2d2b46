"""newsarchiver's Scrapy project: settings, spiders, middlewares, pipelines, page objects and the CLI."""

__version__ = "0.1.0"
