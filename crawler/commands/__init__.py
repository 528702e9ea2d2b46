"""Scrapy commands of this project (``COMMANDS_MODULE``): ``crawl`` ends as the CLI's does."""
