from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.mentions import find_mentions
from pipelines.registry import (
    CSO,
    Registry,
    RegistryError,
    dump_registry,
    load_registry,
    registry_from_dicts,
    registry_from_yaml,
)

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "config" / "csos.yaml"

REQUIRED = [
    "memorial",
    "memorial-hrc",
    "ovd-info",
    "gulagu-net",
    "committee-against-torture",
    "public-verdict",
    "golos",
    "moscow-helsinki-group",
    "sakharov-center",
    "nasiliu-net",
    "soldiers-mothers",
    "agora",
    "team-29",
    "civic-assistance",
    "sova-center",
    "levada-center",
    "fbk",
    "russia-behind-bars",
    "nochlezhka",
    "sphere",
    "vesna",
]

GOOD = """\
csos:
  - id: gulagu-net
    name: Gulagu.net
    descriptor: a project against torture
    aliases: {en: [Gulagu.net, Gulagu], ru: [Гулагу.нет], be: []}
    people:
      - names: [Vladimir Osechkin, Владимир Осечкин]
    domains: [gulagu.net]
    ambiguous: false
  - id: memorial
    name: Memorial
    aliases: {en: [Memorial], ru: [Мемориал]}
    ambiguous: [Memorial, Мемориал]
"""


@pytest.fixture(scope="module")
def starter() -> Registry:
    return load_registry(CONFIG)


def test_starter_registry_covers_the_followed_organisations(starter: Registry) -> None:
    ids = [cso.id for cso in starter]
    assert len(ids) >= 25
    assert len(set(ids)) == len(ids)
    assert set(REQUIRED) <= set(ids)
    for cso in starter:
        assert cso.descriptor, cso.id
        assert cso.aliases.get("en") or cso.name, cso.id
        assert cso.aliases.get("ru"), cso.id
    assert starter.get("memorial").is_ambiguous("Мемориал")
    assert not starter.get("ovd-info").is_ambiguous("OVD-Info")


def test_dump_round_trips(starter: Registry) -> None:
    text = dump_registry(starter)
    assert text.startswith("# csos.yaml")
    again = registry_from_yaml(text, "<dump>")
    assert again == starter
    assert dump_registry(again) == text


def test_small_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "csos.yaml"
    path.write_text(GOOD, encoding="utf-8")
    registry = load_registry(path)
    gulagu = registry.get("gulagu-net")
    assert gulagu == CSO(
        id="gulagu-net",
        name="Gulagu.net",
        descriptor="a project against torture",
        aliases={"en": ["Gulagu.net", "Gulagu"], "ru": ["Гулагу.нет"], "be": []},
        people=[["Vladimir Osechkin", "Владимир Осечкин"]],
        domains=["gulagu.net"],
        ambiguous=False,
    )
    assert registry.get("memorial").ambiguous == ["Memorial", "Мемориал"]
    assert registry.get("nope") is None


def test_registry_from_dicts_matches_yaml(tmp_path: Path) -> None:
    rows = [cso.to_dict() for cso in registry_from_yaml(GOOD)]
    rows[0]["people"] = [["Vladimir Osechkin", "Владимир Осечкин"]]  # the store's list form
    assert registry_from_dicts(rows) == registry_from_yaml(GOOD)


@pytest.mark.parametrize(
    ("old", "new", "line", "entry", "field"),
    [
        ("id: gulagu-net", "id: Gulagu_Net", 2, "0 (Gulagu_Net)", "id"),
        (
            "    descriptor: a project",
            "    colour: red\n    descriptor: a project",
            4,
            "0 (gulagu-net)",
            "colour",
        ),
        ("ru: [Гулагу.нет]", "ru: [Гулагу.нет, 7]", 5, "0 (gulagu-net)", "aliases.ru[1]"),
        ("ru: [Гулагу.нет]", "RU: [Гулагу.нет]", 5, "0 (gulagu-net)", "aliases.RU"),
        (
            "domains: [gulagu.net]",
            "domains: [https://gulagu.net/]",
            8,
            "0 (gulagu-net)",
            "domains[0]",
        ),
        (
            "ambiguous: [Memorial, Мемориал]",
            "ambiguous: [Memorial, Мемарыял]",
            13,
            "1 (memorial)",
            "ambiguous[1]",
        ),
        (
            "      - names: [Vladimir Osechkin, Владимир Осечкин]",
            "      - names: []",
            7,
            "0 (gulagu-net)",
            "people[0].names",
        ),
        ("id: memorial", "id: gulagu-net", 10, "1 (gulagu-net)", "id"),
        ("aliases: {en: [Memorial]", "aliases: {en: [Gulagu]", 12, "1 (memorial)", "aliases.en[0]"),
        ("    name: Memorial\n", "", 10, "1 (memorial)", "name"),
    ],
)
def test_errors_name_file_line_entry_and_field(
    tmp_path: Path, old: str, new: str, line: int, entry: str, field: str
) -> None:
    assert old in GOOD
    path = tmp_path / "csos.yaml"
    path.write_text(GOOD.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(RegistryError) as caught:
        load_registry(path)
    err = caught.value
    assert (err.file, err.line, err.entry, err.field) == (str(path), line, entry, field)
    assert str(err).startswith(f"{path}:{line}: entry {entry}: field {field!r}: ")


def test_errors_for_broken_files(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match="cannot read"):
        load_registry(tmp_path / "missing.yaml")
    with pytest.raises(RegistryError, match=r"<t>:\d+: not valid YAML"):
        registry_from_yaml("csos:\n  - id: [unclosed\n", "<t>")
    with pytest.raises(RegistryError, match="'csos' list"):
        registry_from_yaml("organisations: []\n", "<t>")
    with pytest.raises(RegistryError, match=r"<rows>: entry 0 \(x\): field 'name'"):
        registry_from_dicts([{"id": "x"}])


def test_matcher_is_compiled_once(tmp_path: Path) -> None:
    registry = registry_from_yaml(GOOD)
    assert registry._matcher is None
    first = registry.compile()
    find_mentions("Gulagu.net and «Мемориал»", registry)
    find_mentions("Gulagu.net again", registry)
    assert registry.compile() is first and registry.matcher is first
