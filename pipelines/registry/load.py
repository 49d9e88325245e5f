"""The tracked-CSO registry: ``config/csos.yaml`` in, a ``Registry`` out, and back to YAML.

    load_registry(path) -> Registry      the YAML file, validated; RegistryError names file:line,
                                         entry and field of the first problem
    registry_from_dicts(rows) -> Registry  the same from plain dicts (the store's rows)
    dump_registry(registry) -> str       YAML that load_registry reads back to an equal registry

A ``Registry`` compiles its matcher (``pipelines.mentions.index.Matcher``) once, on first use.
``CSO`` and ``RegistryError`` are defined in ``pipelines.registry.types`` and handed on here.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from pipelines.registry.types import CSO, RegistryError
from pipelines.registry.validate import build_csos, line_of

if TYPE_CHECKING:
    from pipelines.mentions.index import Matcher

HEADER = """\
# csos.yaml: the organisations the editors follow (csowatch csos import | list | export).
#
#   id          lowercase slug, unique (gulagu-net, ovd-info, memorial)
#   name        display name used in digests; it is also matched as an alias
#   descriptor  one short line saying what the organisation is
#   aliases     {en: [...], ru: [...], be: [...]}: every written form to match, with
#               transliteration variants. Case, ё/е, quotes, hyphen/dot/space variants, Latin/
#               Cyrillic look-alikes and English possessives are folded by the matcher, so list
#               "OVD-Info" once, not "OVD Info" too. Russian aliases are given in the nominative
#               and match in every case (Мемориал -> Мемориала, Мемориалом); words written in a
#               fixed form (пыток in «Комитет против пыток»), names with dots or Latin letters and
#               Belarusian aliases match as written. An all-capitals alias of up to five letters
#               (FBK, МХГ) matches only in capitals.
#   people      key people: - names: [every written variant of the full name, Latin and Cyrillic]
#               A full name matches in any case (Владимира Осечкина, В. Осечкин, Осечкин Владимир);
#               the surname alone counts only where the full name appears in the same article.
#   domains     web domains; a link to one (or a subdomain) is a mention even without anchor text
#   ambiguous   false, true (every alias is also a common word or name), or the list of those
#               aliases that are (e.g. [Memorial, Мемориал]). An ambiguous alias matches only with
#               proper-name evidence: capitalised not at a sentence start, in quotes, next to a
#               cue word (group, NGO, rights, центр, движение...), or an unambiguous mention of
#               the same organisation elsewhere in the article.
#   telegram    the CSO's public Telegram channel(s), by name: ovdinfo (t.me/s/ovdinfo), or a list
#   feeds       the RSS/Atom news feed(s) of the CSO's own website: [https://ovd.info/rss.xml]
#               Both are read by the crawl (outlets with spider "telegram" and "csofeeds") and
#               their posts stored as the CSO's own statements. Optional.
#   negative    words that say a hit is another thing or a namesake: an ambiguous alias or a key
#               person's name with one of them in the same sentence (eight words either side, any
#               form: собака, собаками) is no mention ([dogs, reflexes, физиолог]). Optional.
"""


@dataclass
class Registry:
    """The tracked CSOs plus their matcher, compiled once on first use (or by ``compile``)."""

    csos: list[CSO]
    source: str = field(default="<registry>", compare=False)
    _matcher: Matcher | None = field(default=None, init=False, repr=False, compare=False)

    def __iter__(self) -> Iterator[CSO]:
        return iter(self.csos)

    def __len__(self) -> int:
        return len(self.csos)

    def get(self, cso_id: str) -> CSO | None:
        return next((c for c in self.csos if c.id == cso_id), None)

    def compile(self) -> Matcher:
        """Build (once) and return the matcher; later calls return the same object."""
        if self._matcher is None:
            from pipelines.mentions.index import Matcher

            self._matcher = Matcher(self.csos)
        return self._matcher

    @property
    def matcher(self) -> Matcher:
        return self.compile()


def load_registry(path: str | Path) -> Registry:
    """Read and validate a csos.yaml file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RegistryError(f"cannot read: {exc.strerror}", file=str(path)) from exc
    return registry_from_yaml(text, str(path))


def registry_from_yaml(text: str, source: str = "<yaml>") -> Registry:
    """Validate YAML text in the csos.yaml schema; ``source`` names it in errors."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise RegistryError(f"not valid YAML: {what}", file=source, line=line) from exc
    finally:
        loader.dispose()
    if not isinstance(data, Mapping) or not isinstance(data.get("csos"), list):
        raise RegistryError("expected a mapping with a 'csos' list", file=source, line=1)
    csos = build_csos(data["csos"], source, lambda p: line_of(node, ["csos", *p]))
    return Registry(csos, source)


def registry_from_dicts(rows: Sequence[Mapping[str, Any]], source: str = "<rows>") -> Registry:
    """Build a registry from dicts shaped like the YAML entries (``people`` may be lists)."""
    return Registry(build_csos(list(rows), source, lambda p: None), source)


def dump_registry(registry: Registry) -> str:
    """The registry as YAML in the documented schema (with the header comment)."""
    lines = [HEADER.rstrip("\n"), "csos:"]
    for cso in registry.csos:
        lines.append(f"  - id: {_flow(cso.id)}")
        lines.append(f"    name: {_flow(cso.name)}")
        lines.append(f"    descriptor: {_flow(cso.descriptor)}")
        lines.append("    aliases:")
        for lang, names in cso.aliases.items():
            lines.append(f"      {lang}: {_flow(list(names))}")
        lines.append("    people:" + ("" if cso.people else " []"))
        for names in cso.people:
            lines.append(f"      - names: {_flow(list(names))}")
        lines.append(f"    domains: {_flow(list(cso.domains))}")
        amb = cso.ambiguous if isinstance(cso.ambiguous, bool) else list(cso.ambiguous)
        lines.append(f"    ambiguous: {_flow(amb)}")
        if cso.telegram:
            lines.append(f"    telegram: {_flow(list(cso.telegram))}")
        if cso.feeds:
            lines.append(f"    feeds: {_flow(list(cso.feeds))}")
        if cso.negative:
            lines.append(f"    negative: {_flow(list(cso.negative))}")
    return "\n".join(lines) + "\n"


def _flow(value: Any) -> str:
    return (
        yaml.safe_dump(
            value, default_flow_style=True, allow_unicode=True, width=10**6, explicit_end=False
        )
        .removesuffix("\n...\n")
        .strip()
    )
