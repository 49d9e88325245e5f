"""Direct quotes and their speakers: ``find_quotes(article_or_paragraphs)``.

``find`` drives the search; ``marks`` finds quotation spans, ``text`` tokenises, ``en`` /
``en_collect`` / ``ru`` attribute speakers, ``people`` resolves pronouns and roles, ``morph``
puts Russian names in the nominative, ``classify`` tells quotes from titles, names and scare
quotes, ``options`` turns quotes into excerpt options for a CSO's clipping.
"""

from pipelines.quotes.find import find_quotes, quotes_to_json

__all__ = ["find_quotes", "quotes_to_json"]
