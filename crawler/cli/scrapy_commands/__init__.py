"""Scrapy commands of the project (``COMMANDS_MODULE``): ``scrapy crawl`` runs as ``csowatch
crawl`` does, under the same lock, with the same summary and exit codes."""
