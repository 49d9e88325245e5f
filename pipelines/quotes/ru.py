"""Russian attribution: «…», — заявил Иван Петров; по словам Анны Петровой, «…»; — …, — сказал он.

Rules over the tokens of a quote's context, with pymorphy3 (``quotes_morph``) for lemmas, gender
of past-tense verbs and putting names into the nominative:

- the author's words after a quote (``, — рассказала «Медиазоне» адвокат Анна Петрова``) or
  before it (``Анна Петрова заявила:``, ``Как сообщил Петров,``): a speech verb, then its subject,
  a run of name words that can be nominative and agrees with the verb's gender, else a pronoun
  (он/она/они), else a role noun (``адвокат``, ``основатель``), else an organisation after
  ``в``/``в заявлении`` (``сообщили в «ОВД-Инфо»``), else nobody (``сообщили в суде`` → None);
- ``по словам X`` / ``по мнению X``: X in the genitive, returned in the nominative;
- names in the registry are collected in the nominative with role nouns found next to them.
"""

from __future__ import annotations

from pipelines.quotes import morph
from pipelines.quotes.people import NONE_REF, Registry, SpeakerRef
from pipelines.quotes.text import Layout, Tok, tokenize, words

SPEECH = words(
    """сказать говорить заявить заявлять рассказать рассказывать сообщить сообщать написать
    писать отметить отмечать добавить добавлять пояснить пояснять подчеркнуть подчёркивать
    подчеркивать ответить отвечать уточнить уточнять признаться признаваться возмутиться
    констатировать объяснить объяснять прокомментировать комментировать вспоминать вспомнить
    продолжить продолжать заметить замечать настаивать жаловаться пожаловаться уверять
    заверить предупредить предупреждать спросить спрашивать воскликнуть крикнуть кричать
    резюмировать заключить говориться процитировать цитировать передать передавать утверждать
    сетовать возразить возражать пообещать обещать призвать призывать поделиться делиться
    объявить считать полагать рассуждать опубликовать указать указывать пишет"""
)
JUDGING = words(
    """назвать называть охарактеризовать обвинить обвинять пригрозить раскритиковать критиковать
    осудить описать описывать"""
)
ROLES = words(
    """адвокат юрист защитник основатель сооснователь основательница директор руководитель
    руководительница глава председатель сопредседатель координатор координаторка правозащитник
    правозащитница активист активистка журналист журналистка редактор главред муж жена мать
    отец брат сестра дочь сын коллега пресс-секретарь эксперт политолог социолог историк
    депутат омбудсмен судья прокурор следователь подсудимый обвиняемый блогер художник
    художница священник волонтёр волонтер друг подруга соратник исследователь член лидер
    президент представитель сотрудник сотрудница"""
)
ROLES = ROLES | words(
    """волонтерка волонтёрка защитница адвокатка юристка наблюдатель наблюдательница аналитик
    аналитица исследовательница участник участница учитель учительница"""
)
# a feminine role noun names the masculine role too (правозащитница → правозащитник), and
# «защитник/защитница» is the defence lawyer the article introduced as «адвокат» or «юрист»
_ROLE_SAME: dict[str, frozenset[str]] = {
    "правозащитница": frozenset({"правозащитник"}),
    "активистка": frozenset({"активист"}),
    "журналистка": frozenset({"журналист"}),
    "координаторка": frozenset({"координатор"}),
    "основательница": frozenset({"основатель"}),
    "руководительница": frozenset({"руководитель"}),
    "художница": frozenset({"художник"}),
    "волонтерка": frozenset({"волонтер"}),
    "волонтёрка": frozenset({"волонтер"}),
    "волонтёр": frozenset({"волонтер"}),
    "сотрудница": frozenset({"сотрудник"}),
    "наблюдательница": frozenset({"наблюдатель"}),
    "исследовательница": frozenset({"исследователь"}),
    "участница": frozenset({"участник"}),
    "учительница": frozenset({"учитель"}),
    "юристка": frozenset({"юрист"}),
    "адвокатка": frozenset({"адвокат"}),
    "аналитица": frozenset({"аналитик"}),
    "защитник": frozenset({"адвокат", "юрист"}),
    "защитница": frozenset({"адвокат", "юрист"}),
}
_FEMININE_ROLES = frozenset(
    w for w in _ROLE_SAME if w.endswith(("ница", "ка", "ца")) and w not in {"защитник"}
) | words("""мать жена сестра дочь подруга""")


def role_ref(lemma: str, gender: str | None = None) -> SpeakerRef:
    """A role noun as a reference: its base roles, and the gender a feminine noun tells
    (``правозащитница`` is a woman whatever the verb; ``адвокат`` takes the verb's)."""
    roles = frozenset({lemma}) | _ROLE_SAME.get(lemma, frozenset())
    if lemma in _FEMININE_ROLES:
        gender = "f"
    return SpeakerRef("role", roles=roles, gender=gender if gender in ("m", "f") else None)


def _role_key(lemma: str) -> set[str]:
    """The roles a registry entry gets from a role noun next to the name."""
    return {lemma} | set(_ROLE_SAME.get(lemma, frozenset()))


GROUPS = words("""организация группа центр проект движение фонд сеть объединение инициатива""")
PRONOUNS = {"он": "m", "она": "f", "они": "p"}
_PREPS = words("""в во на с со у для о об обо от к ко по из за при про над под перед через""")
_PLACE_PREPS = words("""в во на из""")
_STATEMENT = words("""заявление сообщение пост релиз пресс-релиз доклад письмо обращение""")


def _lem(t: Tok) -> str:
    return morph.lemma(t.text) if t.kind == "w" else ""


def is_attribution(text: str) -> bool:
    """Does ``text`` open with author's words (``сказал он``, ``рассказала «Медиазоне» …``)?"""
    toks = [t for t in tokenize(text, 0, len(text), []) if t.kind == "w"][:5]
    return any(_lem(t) in SPEECH or t.low == "говорится" for t in toks)


def _name_word(toks: list[Tok], i: int) -> bool:
    """A capitalised Cyrillic word that is (or, by its ending and neighbours, looks like) a name."""
    t = toks[i]
    if not (t.is_cap and _cyr(t.text)):
        return False
    if morph.is_name_word(t.text) or morph.is_unknown_surname(t.text):
        return True
    kind = morph.surname_kind(t.text)
    prev = toks[i - 1] if i else None
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    next_to_name = any(
        x is not None and x.is_cap and morph.is_first_name(x.text) for x in (prev, nxt)
    )
    if kind == "noun":
        return next_to_name or not morph.is_common_nomn_noun(t.text)
    if kind == "adj":
        follows_lower = nxt is not None and nxt.kind == "w" and not nxt.is_cap
        return next_to_name or not (
            follows_lower and nxt is not None and morph.is_adj_or_noun(nxt.text)
        )
    return False


def _name_runs(toks: list[Tok]) -> list[tuple[int, int]]:
    """Index ranges of runs of up to three capitalised name words."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(toks):
        if _name_word(toks, i):
            j = i + 1
            while j < len(toks) and j - i < 3 and toks[j].is_cap and _cyr(toks[j].text):
                if j - i >= 2 and _new_name(toks, j):
                    break  # «жена Игоря Семенихина Ольга Семенихина»: two people
                j += 1
            runs.append((i, j))
            i = j
        else:
            i += 1
    return runs


def _new_name(toks: list[Tok], j: int) -> bool:
    """A first name after a surname opens the next person's name."""
    return morph.is_first_name(toks[j].text) and not morph.is_first_name(toks[j - 1].text)


def _cyr(word: str) -> bool:
    return "а" <= word[:1].lower() <= "я" or word[:1] in "ёЁ"


def _subject_run(
    toks: list[Tok], gender: str | None, case: str = "nomn"
) -> tuple[str, str | None] | None:
    """The first run of name words that can stand in ``case`` (splitting off modifiers)."""
    for i, j in _name_runs(toks):
        if i and toks[i - 1].low in _PREPS:
            continue
        for k in range(i, j):  # «адвокат Петровой Иван Иванов»: try shorter tails
            words = [t.text for t in toks[k:j]]
            found = morph.nominative(words, case=case, gender=gender, strict=True)
            if found:
                return found
    return None


def _org_after_prep(toks: list[Tok]) -> SpeakerRef | None:
    for k, t in enumerate(toks[:-1]):
        if t.low not in {"в", "во"} and _lem(t) not in _STATEMENT:
            continue
        nxt = toks[k + 1]
        if _lem(nxt) in _STATEMENT and k + 2 < len(toks):
            nxt = toks[k + 2]
        if nxt.kind == "q" and not nxt.long and nxt.text:
            return SpeakerRef("org", morph.org_nominative(nxt.text.split()))
        if nxt.kind == "w" and nxt.is_cap:
            run = [nxt.text]
            for x in toks[toks.index(nxt) + 1 :]:
                if x.kind != "w" or not (x.is_cap or x.text.isupper()) or len(run) >= 4:
                    break
                run.append(x.text)
            return SpeakerRef("org", morph.org_nominative(run))
        if nxt.kind == "w" and _lem(nxt) in GROUPS:
            return SpeakerRef("orgref")
        if nxt.kind == "w":
            return NONE_REF
    return None


def _subject(toks: list[Tok], gender: str | None) -> SpeakerRef | None:
    """Subject of an attribution clause: a name, a pronoun, a role, an organisation or nobody."""
    found = _subject_run(toks, gender)
    if found:
        return SpeakerRef("name", found[0], found[1])
    for t in toks:
        if t.low in PRONOUNS:
            return SpeakerRef("pronoun", gender=PRONOUNS[t.low])
    for k, t in enumerate(toks):
        after_prep = k and toks[k - 1].low in _PREPS
        nomn = any(p[1].startswith("NOUN") and "nomn" in p[1] for p in morph.parses(t.low))
        if _lem(t) in ROLES and not after_prep and nomn:
            return role_ref(_lem(t), gender)
    org = _org_after_prep(toks)
    if org:
        return org
    if any(_lem(t) in GROUPS for t in toks):
        return SpeakerRef("orgref")
    return NONE_REF


def _clause(toks: list[Tok]) -> list[Tok]:
    out = []
    for t in toks:
        if (t.kind == "p" and t.text in ".!?;") or (t.kind == "q" and t.long):
            break
        out.append(t)
    return out


def _po_slovam(toks: list[Tok]) -> SpeakerRef | None:
    for k in range(len(toks) - 2):
        if toks[k].low == "по" and toks[k + 1].low in {"словам", "мнению", "данным"}:
            rest = toks[k + 2 :]
            end = next((m for m, t in enumerate(rest) if t.text == ","), len(rest))
            found = _subject_run(rest[:end], None, case="gent")
            if found:
                return SpeakerRef("name", found[0], found[1])
            q = next((t for t in rest[:end] if t.kind == "q" and not t.long), None)
            if q:
                return SpeakerRef("org", morph.org_nominative(q.text.split()))
            roles = [_lem(t) for t in rest[:end] if _lem(t) in ROLES]
            return SpeakerRef("role", roles=frozenset(roles)) if roles else NONE_REF
    return None


def attribution_after(toks: list[Tok]) -> SpeakerRef | None:
    """Speaker from the author's words after a quote (``, — сказал он``)."""
    k = 0
    while k < len(toks) and toks[k].kind == "p" and toks[k].text in ",—–-:":
        k += 1
    clause = _clause(toks[k:])
    ref = _po_slovam(clause)
    if ref:
        return ref
    verb = next((t for t in clause[:8] if _lem(t) in SPEECH or t.low == "говорится"), None)
    if verb is None:
        return None
    return _subject(clause, morph.verb_gender(verb.text))


def attribution_before(toks: list[Tok], *, partial: bool) -> SpeakerRef | None:
    """Speaker from the sentence before a quote (``Петрова заявила:``, ``по словам X``)."""
    ref = _po_slovam(toks)
    if ref:
        return ref
    verbs = SPEECH | JUDGING if partial else SPEECH
    idx = [k for k, t in enumerate(toks) if _lem(t) in verbs or t.low == "говорится"]
    if not idx:
        return None
    v = idx[0] if partial else idx[-1]
    gender = morph.verb_gender(toks[v].text)
    start = max((m + 1 for m in range(v) if toks[m].text in {":", ";"}), default=0)
    before = _subject(toks[start:v], gender)
    if before and before.kind != "none":
        return before
    after = _subject(_clause(toks[v + 1 :]), gender)
    return after if after and after.kind != "none" else (before or after)


def collect(paragraphs: list[str], layout: Layout, registry: Registry) -> None:
    """Every person named outside quotes (nominative, with role nouns) and group names."""
    for p, masked in enumerate(layout.masked):
        toks = tokenize(masked, 0, len(masked), layout.marks[p], qsource=paragraphs[p])
        for i, j in _name_runs(toks):
            po = i >= 2 and toks[i - 2].low == "по" and toks[i - 1].low in {"словам", "мнению"}
            case = "gent" if po else None
            found = None
            for k in range(i, j):
                found = morph.nominative([t.text for t in toks[k:j]], case=case, strict=True)
                if found:
                    i = k
                    break
            if not found:
                continue
            if (
                j - i == 1
                and i
                and toks[i - 1].low in _PLACE_PREPS
                and not morph.is_name_word(toks[i].text)
            ):
                continue  # «В Берлине она рассказала»: one word after в/на/из is a place
            # role nouns before the name, but not one governed by a preposition («у следователя»)
            window = toks[max(0, i - 3) : i]
            roles = {
                r
                for m, t in enumerate(window)
                for r in _role_key(_lem(t))
                if _lem(t) in ROLES
                and not (m and window[m - 1].low in _PREPS)
                and not (m == 0 and i > 3 and toks[i - 4].low in _PREPS)
            }
            after = toks[j : j + 3]
            if after and after[0].text in {",", "—", "–"}:
                roles |= {r for t in after[1:] if _lem(t) in ROLES for r in _role_key(_lem(t))}
            registry.add(found[0], (p, toks[i].start), gender=found[1], roles=roles)
        for k, t in enumerate(toks):
            named = t.text[:1].isupper()  # «Весна», not «систематически нарушала»
            if t.kind == "q" and not t.long and k and _lem(toks[k - 1]) in GROUPS and named:
                registry.add(morph.org_nominative(t.text.split()), (p, t.start), is_org=True)
