"""The registry's data shapes: ``CSO`` (one tracked organisation) and ``RegistryError``.

They import nothing of the project, so the registry (``pipelines.registry``), its validation
(``pipelines.registry.validate``) and its matcher (``pipelines.mentions.index``) all take them
from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class RegistryError(ValueError):
    """A registry file or row set that cannot be used; the message names where and what."""

    def __init__(
        self,
        message: str,
        *,
        file: str = "<registry>",
        line: int | None = None,
        entry: str | None = None,
        field: str | None = None,
    ) -> None:
        self.file, self.line, self.entry, self.field = file, line, entry, field
        where = file if line is None else f"{file}:{line}"
        parts = [where]
        if entry is not None:
            parts.append(f"entry {entry}")
        if field is not None:
            parts.append(f"field {field!r}")
        super().__init__(": ".join([*parts, message]))


@dataclass
class CSO:
    """One tracked organisation. ``people`` is a list of name-variant lists, one per person."""

    id: str
    name: str
    descriptor: str = ""
    aliases: dict[str, list[str]] = field(default_factory=dict)
    people: list[list[str]] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)
    ambiguous: bool | list[str] = False
    # the CSO's own channels, read as first-party sources: public Telegram channel names
    # (``t.me/s/<name>``) and the news feeds of its website (absolute http(s) URLs)
    telegram: list[str] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)
    # words that say a hit of an ambiguous alias or a key person's name is something else:
    # Ivan Pavlov the physiologist (dogs, reflexes), a war memorial; any language, in any form
    negative: list[str] = field(default_factory=list)

    def all_aliases(self) -> list[tuple[str, str]]:
        """(language, alias) for the name (language "name") and every alias, deduplicated."""
        seen: set[str] = set()
        out: list[tuple[str, str]] = []
        for lang, alias in [("name", self.name)] + [
            (lang, a) for lang, names in self.aliases.items() for a in names
        ]:
            if alias not in seen:
                seen.add(alias)
                out.append((lang, alias))
        return out

    def is_ambiguous(self, alias: str) -> bool:
        if isinstance(self.ambiguous, bool):
            return self.ambiguous
        return alias in self.ambiguous

    def to_dict(self) -> dict[str, Any]:
        """The entry as in csos.yaml; ``telegram`` and ``feeds`` only when it has some."""
        out: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "descriptor": self.descriptor,
            "aliases": {lang: list(names) for lang, names in self.aliases.items()},
            "people": [{"names": list(names)} for names in self.people],
            "domains": list(self.domains),
            "ambiguous": self.ambiguous
            if isinstance(self.ambiguous, bool)
            else list(self.ambiguous),
        }
        if self.telegram:
            out["telegram"] = list(self.telegram)
        if self.feeds:
            out["feeds"] = list(self.feeds)
        if self.negative:
            out["negative"] = list(self.negative)
        return out
