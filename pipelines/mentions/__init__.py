"""Mentions of the tracked CSOs: ``find_mentions(article_or_text, registry)``.

``find`` drives the search; ``text`` folds and tokenises, ``index`` is the Aho–Corasick
matcher compiled from the registry, ``morph`` the Russian forms, ``evidence`` and ``context``
decide ambiguous names, ``words`` holds the cue and function words.
"""

from pipelines.mentions.find import best_confidence, find_mentions, mentions_by_cso

__all__ = ["best_confidence", "find_mentions", "mentions_by_cso"]
