"""Who is who in one article: named people, their roles, organisations; resolving references.

The language modules fill a ``Registry`` with every person (and organisation) the article names,
in reading order, with the name in its first full form (nominative for Russian), a grammatical
gender when it can be told, and role words (``lawyer``, ``founder``, ``адвокат``) the article
attaches to them. Attribution parsers return a ``SpeakerRef`` (a name, a pronoun, a role or an
organisation reference); ``Registry.resolve`` turns it into the speaker string:

- a name → the fullest form the article first gives for that surname (or first name);
- ``he``/``she``/``он``/``она`` → the previous speaker when the gender fits, else the nearest
  earlier person of that gender;
- ``the group's founder`` → the latest person introduced with that role before the quote;
  nobody so introduced → None (an unnamed source);
- ``the group``/``организация`` → the latest organisation the article named.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field

Pos = tuple[int, int]  # (paragraph, offset)


@dataclass(frozen=True)
class SpeakerRef:
    """What an attribution says about the speaker, before resolution."""

    kind: str  # "name" | "org" | "pronoun" | "role" | "orgref" | "none"
    text: str = ""
    gender: str | None = None  # "m" | "f" | "p" (plural)
    roles: frozenset[str] = frozenset()


NONE_REF = SpeakerRef("none")


@dataclass
class Entity:
    name: str
    gender: str | None
    pos: Pos
    is_org: bool = False
    roles: set[str] = field(default_factory=set)

    @property
    def parts(self) -> list[str]:
        return self.name.lower().replace("ё", "е").split()


LOOKBACK = 2000  # mentions searched back for "the latest person/role/organisation before"


class Registry:
    """People and organisations of one article; ``mentions`` kept sorted by position.

    Look-ups are indexed (entities by the first and last word of their name, mentions by
    position) and the searches for the latest mention before a position stop after
    ``LOOKBACK`` mentions, so a document's cost stays linear in its length however many people
    and quotes it holds (a normal article names a few dozen).
    """

    def __init__(self) -> None:
        self.entities: list[Entity] = []
        self.mentions: list[tuple[Pos, Entity]] = []
        self._keys: list[Pos] = []  # positions of ``mentions``, for bisection
        self._by_part: dict[str, list[Entity]] = {}
        self._by_name: dict[tuple[str, bool], Entity] = {}
        self._order: dict[int, int] = {}  # id(entity) -> creation index

    def add(
        self,
        name: str,
        pos: Pos,
        *,
        gender: str | None = None,
        roles: set[str] | None = None,
        is_org: bool = False,
    ) -> Entity:
        """Record a mention; a name already known (or a shorter form of it) joins that entity."""
        name = " ".join(name.split())
        ent = None if is_org else self._match(name, pos, before_only=False)
        if ent is None or is_org:
            ent = self._by_name.get((name, is_org))
        if ent is None:
            ent = Entity(name, gender, pos, is_org)
            self._order[id(ent)] = len(self.entities)
            self.entities.append(ent)
            self._index(ent)
        elif len(name.split()) > len(ent.name.split()):
            ent.name = name
            self._index(ent)
        if gender and not ent.gender:
            ent.gender = gender
        if roles:
            ent.roles |= roles
        k = bisect_right(self._keys, pos)
        self._keys.insert(k, pos)
        self.mentions.insert(k, (pos, ent))
        return ent

    def _index(self, ent: Entity) -> None:
        self._by_name.setdefault((ent.name, ent.is_org), ent)
        if ent.is_org:
            return
        parts = ent.parts
        for part in {parts[0], parts[-1]} if parts else set():
            bucket = self._by_part.setdefault(part, [])
            if all(e is not ent for e in bucket[-3:]):
                bucket.append(ent)

    def _match(self, name: str, pos: Pos, *, before_only: bool) -> Entity | None:
        parts = name.lower().replace("ё", "е").split()
        if not parts:
            return None
        pool = {id(e): e for key in {parts[0], parts[-1]} for e in self._by_part.get(key, [])}
        cands = sorted(
            (e for e in pool.values() if not e.is_org and _same_person(e.parts, parts)),
            key=lambda e: self._order[id(e)],
        )
        if before_only:
            cands = [e for e in cands if e.pos <= pos]
            return cands[-1] if cands else None
        return cands[0] if cands else None

    def full_name(self, name: str, pos: Pos) -> tuple[str, Entity | None]:
        ent = self._match(name, pos, before_only=True) or self._match(name, pos, before_only=False)
        if ent is None:
            return name, None
        return (ent.name if len(ent.name.split()) >= len(name.split()) else name), ent

    def _back_from(self, pos: Pos) -> Iterator[Entity]:
        """Entities of the mentions at or before ``pos``, latest first (at most ``LOOKBACK``)."""
        k = bisect_right(self._keys, pos)
        for m in range(k - 1, max(-1, k - 1 - LOOKBACK), -1):
            yield self.mentions[m][1]

    def in_paragraph(self, para: int) -> list[tuple[Pos, Entity]]:
        """The mentions of one paragraph, in reading order."""
        lo = bisect_left(self._keys, (para, -1))
        hi = bisect_left(self._keys, (para + 1, -1))
        return self.mentions[lo:hi]

    def by_role(self, roles: frozenset[str], pos: Pos, gender: str | None = None) -> Entity | None:
        """The latest person introduced with one of ``roles`` before ``pos`` whose gender fits
        (``правозащитница`` is not the man introduced as ``правозащитник``)."""
        for ent in self._back_from(pos):
            if not ent.is_org and ent.roles & roles:
                if gender in ("m", "f") and ent.gender not in (None, gender):
                    continue
                return ent
        return None

    def recent_person(self, gender: str | None, pos: Pos) -> Entity | None:
        for ent in self._back_from(pos):
            if not ent.is_org and _gender_fits(ent.gender, gender):
                return ent
        return None

    def surname_of(self, word: str) -> Entity | None:
        """The person whose name (of two words or more) ends with ``word``, if only one does."""
        low = word.lower().replace("ё", "е")
        found = {
            id(e): e
            for e in self._by_part.get(low, [])
            if not e.is_org and len(e.parts) >= 2 and e.parts[-1] == low
        }
        return next(iter(found.values())) if len(found) == 1 else None

    def opening_person(self, para: int, start: int, end: int, gender: str | None) -> Entity | None:
        """The person named first in sentence [start, end) when the name opens it (its subject:
        ``Ivashin was convicted … he wrote: “…”``) and the gender fits."""
        for (_mp, off), ent in self.in_paragraph(para):
            if start <= off < end:
                fits = not ent.is_org and _gender_fits(ent.gender, gender)
                return ent if off <= start + 2 and fits else None
        return None

    def recent_org(self, pos: Pos, head: str = "") -> Entity | None:
        """The latest organisation named before ``pos``: for ``the group`` one that is not a
        state body; for ``the ministry`` (``head``) one whose name ends with that noun."""
        for ent in self._back_from(pos):
            if not ent.is_org:
                continue
            if (ent.parts[-1] == head) if head else "state" not in ent.roles:
                return ent
        return None


def _same_person(have: list[str], want: list[str]) -> bool:
    if have == want:
        return True
    if len(want) == 1:
        return want[0] in (have[-1], have[0])
    if len(have) == 1:
        return have[0] == want[-1]
    return want[-1] == have[-1] and want[0] == have[0]


def _gender_fits(have: str | None, want: str | None) -> bool:
    if want in (None, "p"):
        return want is None
    return have is None or have == want


@dataclass
class Resolver:
    """Turns SpeakerRefs into names, remembering the previous speaker."""

    registry: Registry
    last: Entity | None = None
    last_name: str | None = None

    def resolve(self, ref: SpeakerRef | None, pos: Pos) -> str | None:
        name, ent = self._resolve(ref, pos)
        if name is not None:
            self.last, self.last_name = ent, name
        return name

    def _resolve(self, ref: SpeakerRef | None, pos: Pos) -> tuple[str | None, Entity | None]:
        if ref is None or ref.kind == "none":
            return None, None
        if ref.kind == "name":
            name, ent = self.registry.full_name(ref.text, pos)
            if ent is None:
                ent = self.registry.add(name, pos, gender=ref.gender)
            return name, ent
        if ref.kind == "org":
            return ref.text, self.registry.add(ref.text, pos, is_org=True)
        if ref.kind == "pronoun":
            if ref.gender == "p":
                if self.last is not None and self.last.is_org:
                    return self.last_name, self.last
                return None, None
            last = self.last
            if last is not None and not last.is_org and _gender_fits(last.gender, ref.gender):
                return self.last_name, last
            ent = self.registry.recent_person(ref.gender, pos)
            return (ent.name, ent) if ent else (None, None)
        if ref.kind == "role":
            ent = self.registry.by_role(ref.roles, pos, ref.gender)
            return (ent.name, ent) if ent else (None, None)
        if ref.kind == "orgref":
            ent = self.registry.recent_org(pos, ref.text.lower())
            return (ent.name, ent) if ent else (None, None)
        return None, None

    def previous(self) -> str | None:
        """The speaker of the previous attributed quote (for quotes with no attribution)."""
        return self.last_name
