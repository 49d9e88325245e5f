"""Local mirrors of the outlets added for issue 15 (served on 127.0.0.1 for crawl tests)."""
