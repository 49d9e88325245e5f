"""Validation of registry entries (YAML or store rows) into ``CSO`` objects.

Every problem raises ``RegistryError`` naming the source, the line (when known), the entry
(index and id) and the field path, e.g. ``config/csos.yaml:42: entry 3 (golos): field
'aliases.ru[1]': must be a non-empty string``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, NoReturn
from urllib.parse import urlsplit

import yaml

from pipelines.mentions.text import fold_text, tokenize
from pipelines.registry.types import CSO, RegistryError

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANG = re.compile(r"^[a-z]{2,3}$")
DOMAIN = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$")
# A public Telegram username: 5-32 letters, digits and single underscores, starting with a
# letter and not ending with an underscore (what ``t.me/s/<name>`` serves).
TELEGRAM = re.compile(r"^[A-Za-z](?:[A-Za-z0-9]|_(?!_)){3,30}[A-Za-z0-9]$")
FIELDS = (
    "id", "name", "descriptor", "aliases", "people", "domains", "ambiguous", "telegram", "feeds",
    "negative",
)  # fmt: skip


def line_of(node: yaml.Node | None, path: list[Any]) -> int | None:
    line = node.start_mark.line + 1 if node is not None else None
    for step in path:
        if isinstance(node, yaml.MappingNode):
            child = next(
                (
                    (k, v)
                    for k, v in node.value
                    if isinstance(k, yaml.ScalarNode) and k.value == step
                ),
                None,
            )
            if child is None:
                return line
            node = child[1]
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value)
        ):
            node = node.value[step]
        else:
            return line
        line = node.start_mark.line + 1
    return line


class _Fail:
    """Raises RegistryError for one entry: ``fail(problem, field_path)``."""

    def __init__(self, source: str, line_of: Callable[[list[Any]], int | None], index: int) -> None:
        self.source, self.line_of, self.index, self.label = source, line_of, index, str(index)

    def __call__(self, problem: str, field_path: list[Any]) -> NoReturn:
        raise RegistryError(
            problem,
            file=self.source,
            line=self.line_of([self.index, *field_path]),
            entry=self.label,
            field=_dotted(field_path) if field_path else None,
        )


def build_csos(
    entries: list[Any], source: str, line_of: Callable[[list[Any]], int | None]
) -> list[CSO]:
    csos: list[CSO] = []
    seen_ids: dict[str, int] = {}
    alias_owner: dict[str, str] = {}
    source_owner: dict[str, str] = {}  # a channel (folded) or feed URL -> the CSO listing it
    for index, entry in enumerate(entries):
        fail = _Fail(source, line_of, index)
        if not isinstance(entry, Mapping):
            fail("must be a mapping", [])
        if isinstance(entry.get("id"), str):
            fail.label = f"{index} ({entry['id']})"
        cso = _entry(entry, fail)
        if cso.id in seen_ids:
            fail(f"duplicate id, first used by entry {seen_ids[cso.id]}", ["id"])
        seen_ids[cso.id] = index
        for lang, alias in cso.all_aliases():
            key = " ".join(t.key for t in tokenize(fold_text(alias)))
            owner = alias_owner.setdefault(key, cso.id)
            if owner != cso.id:
                where = (
                    ["name"]
                    if lang == "name"
                    else ["aliases", lang, cso.aliases[lang].index(alias)]
                )
                fail(f"alias {alias!r} is also an alias of {owner!r}", where)
        for fld, values in (("telegram", cso.telegram), ("feeds", cso.feeds)):
            for i, value in enumerate(values):
                owner = source_owner.setdefault(value.casefold(), cso.id)
                if owner != cso.id:
                    fail(f"{value!r} is also listed by {owner!r}", [fld, i] if i else [fld])
                if values.index(value) != i:
                    fail(f"{value!r} is listed twice", [fld, i])
        csos.append(cso)
    return csos


def _entry(entry: Mapping[str, Any], fail: _Fail) -> CSO:
    for key in entry:
        if key not in FIELDS:
            fail(f"unknown field (known: {', '.join(FIELDS)})", [key])
    cso_id = entry.get("id")
    if not isinstance(cso_id, str) or not SLUG.match(cso_id):
        fail("must be a lowercase slug like 'ovd-info'", ["id"])
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        fail("must be a non-empty string", ["name"])
    descriptor = entry.get("descriptor", "") or ""
    if not isinstance(descriptor, str):
        fail("must be a string", ["descriptor"])
    aliases = _aliases(entry.get("aliases", {}) or {}, fail)
    people = _people(entry.get("people", []) or [], fail)
    domains = _strings(entry.get("domains", []) or [], ["domains"], fail)
    for i, domain in enumerate(domains):
        if not DOMAIN.match(domain):
            fail(
                "must be a lowercase host name like 'ovd.info' (no scheme, no path)", ["domains", i]
            )
    ambiguous = entry.get("ambiguous", False)
    if not isinstance(ambiguous, bool):
        ambiguous = _strings(ambiguous, ["ambiguous"], fail)
        known = {name, *(a for names in aliases.values() for a in names)}
        for i, alias in enumerate(ambiguous):
            if alias not in known:
                fail(f"{alias!r} is not the name or an alias of this entry", ["ambiguous", i])
    telegram = _one_or_many(entry.get("telegram"), ["telegram"], fail)
    for i, channel in enumerate(telegram):
        if not TELEGRAM.match(channel.removeprefix("@")):
            fail(
                "must be a public channel's name like 'ovdinfo' (5-32 letters, digits or single"
                f" '_', starting with a letter), got {channel!r}",
                ["telegram", i] if isinstance(entry.get("telegram"), list) else ["telegram"],
            )
    feeds = _one_or_many(entry.get("feeds"), ["feeds"], fail)
    for i, url in enumerate(feeds):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname or " " in url:
            fail(f"must be an absolute http(s) URL of the site's feed, got {url!r}", ["feeds", i])
    negative = _strings(entry.get("negative", []) or [], ["negative"], fail)
    for i, word in enumerate(negative):
        if not word.strip() or len(word.split()) != 1:
            fail(f"must be one word, got {word!r}", ["negative", i])
    return CSO(
        str(cso_id), str(name).strip(), descriptor.strip(), aliases, people, domains, ambiguous,
        [c.removeprefix("@") for c in telegram], feeds, [w.strip() for w in negative],
    )  # fmt: skip


def _one_or_many(value: Any, where: list[Any], fail: _Fail) -> list[str]:
    """A field that takes one string or a list of them (``telegram: ovdinfo``)."""
    if value is None:
        return []
    if isinstance(value, str):
        if not value.strip():
            fail("must be a non-empty string", where)
        return [value.strip()]
    if not isinstance(value, list):
        fail("must be a string or a list of strings", where)
    out: list[str] = []
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            fail("must be a non-empty string", [*where, i])
        out.append(item.strip())
    return out


def _aliases(value: Any, fail: _Fail) -> dict[str, list[str]]:
    if not isinstance(value, Mapping):
        fail("must be a mapping of language code to a list of names", ["aliases"])
    out: dict[str, list[str]] = {}
    for lang, names in value.items():
        if not isinstance(lang, str) or not LANG.match(lang):
            fail("language codes are two or three lowercase letters", ["aliases", lang])
        out[lang] = _strings(names or [], ["aliases", lang], fail)
    return out


def _people(value: Any, fail: _Fail) -> list[list[str]]:
    if not isinstance(value, list):
        fail("must be a list of {names: [...]}", ["people"])
    out: list[list[str]] = []
    for i, person in enumerate(value):
        if isinstance(person, Mapping):
            extra = [k for k in person if k != "names"]
            if extra:
                fail("unknown field (known: names)", ["people", i, extra[0]])
            names = person.get("names")
        else:
            names = person
        if not isinstance(names, list) or not names:
            fail("must be a non-empty list of name variants", ["people", i, "names"])
        out.append(_strings(names, ["people", i, "names"], fail))
    return out


def _strings(value: Any, where: list[Any], fail: _Fail) -> list[str]:
    if not isinstance(value, list):
        fail("must be a list of strings", where)
    out: list[str] = []
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            fail("must be a non-empty string", [*where, i])
        if not tokenize(fold_text(item)):
            fail("has no letters or digits to match", [*where, i])
        out.append(item.strip())
    return out


def _dotted(path: list[Any]) -> str:
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out
