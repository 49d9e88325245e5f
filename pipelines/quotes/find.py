"""Direct quotes and their speakers: ``find_quotes(article_or_paragraphs) -> list[Quote]``.

Pure and rule-based (regular expressions, a small stack-based scanner, pymorphy3 for Russian
morphology); no model, no network. Linear in the text length apart from small per-quote windows.

How a document is read (each step is its own module):

1. ``quotes_marks``: every outermost quoted stretch, over paragraphs when a mark stays open
   (“…”, ‘…’, "…", «…», „…“; Russian dialogue-dash turns ``— …, — сказал он``);
2. ``quotes_text``: each stretch's sentence context (quotes masked, so inner full stops don't end
   sentences);
3. ``quotes_en`` / ``quotes_ru``: the people the article names (registry, with roles), and the
   author's words around each stretch → a speaker reference;
4. ``quotes_classify``: decoys (scare quotes, titles, names) are dropped; the rest is a quote,
   *partial* when quoted inside a sentence (rules in that module's docstring);
5. ``quotes_people``: references resolved to the full name as the article first gives it
   (pronouns → the previous speaker of that gender, roles → the person introduced with that role).

Conventions: ``Quote.text`` is what stands between the marks (for a dialogue dash, up to the
``, —`` of the author's words); an interrupted quote (“First,” he said, “you will confess.”) is
one quote whose pieces are joined by a space, and so is a quote over several paragraphs. A quote
resumed after its attribution as a new sentence (“A,” X said. “B.”) is a second quote with the
same speaker, however short (``«…», — сказал он. — «Это расправа».``). An organisation speaking
in its own name is a speaker; an unnamed source (a spokesman, the court, police) gives
``speaker=None``. Russian speakers are in the nominative.

Across paragraphs: a quote paragraph with no attribution takes the person named first in the
nearest of the two paragraphs before it that names one (no quote in between). Refused besides
``quotes_classify``'s decoys: the next item of a list of marked decoys (``«А» и «Б»``) and a
verbless fragment inside a sentence that has no speech verb (a term, not anybody's words).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from types import ModuleType
from typing import Any

from pipelines.language import CYRILLIC, detect_language
from pipelines.quotes import en as quotes_en
from pipelines.quotes import en_collect as quotes_en_collect
from pipelines.quotes import ru as quotes_ru
from pipelines.quotes.classify import _predicate, has_verb, is_decoy, is_partial
from pipelines.quotes.marks import Span, find_spans
from pipelines.quotes.people import Registry, Resolver, SpeakerRef
from pipelines.quotes.text import Layout, Tok, tokenize
from pipelines.types import Article, Quote

__all__ = ["find_quotes", "quotes_to_json"]

_ENDS_SPEECH_EN = re.compile(
    r"\b(?:said|says|told(?: (?!that\b)[\w/-]+){1,5}|added|wrote(?: on [\w ]{1,20})?|asked"
    r"|stated|declared)"
    r"\s*[:,]?$"
)
_MERGE_GAP = 120
# the author's words between the two halves of an interrupted quote: no new sentence inside
_SENTENCE_BREAK = re.compile(r"[.!?…]\s+(?:[—–]\s+)?[A-ZА-ЯЁ«“\"„]")
_ENDS_SENTENCE = re.compile(r"\w[.!?…]\s*[—–-]?\s*$")
# how many paragraphs back a quote paragraph with no attribution looks for its speaker
_ORPHAN_BACK = 2
# the author's words between an attributed quote and its resumption (``, — сказал он. — ``)
_RESUME_GAP = 100
# a list of marked items: «Свободу политзаключенным» и «Нет войне»
_LIST_JOIN = re.compile(r"^\s*(?:,|/|and|or|и|или|,\s*(?:and|и))?\s*$")


def find_quotes(
    article_or_paragraphs: Article | Sequence[str], *, language: str | None = None
) -> list[Quote]:
    """Every direct quote of an article (its body paragraphs; the title is not read)."""
    if isinstance(article_or_paragraphs, Article):
        paragraphs = list(article_or_paragraphs.paragraphs)
        language = language or article_or_paragraphs.language
    else:
        paragraphs = [str(p) for p in article_or_paragraphs]
    text = " ".join(paragraphs)
    lang = (language or detect_language(text, min_letters=0) or "en").lower()
    lang = "ru" if lang[:2] in {"ru", "be", "uk"} and CYRILLIC.search(text) else "en"
    return _Finder(paragraphs, lang).run()


def quotes_to_json(quotes: Sequence[Quote]) -> list[dict[str, Any]]:
    """JSON-ready dicts (the shape ``csowatch quotes`` prints in ``"quotes"``)."""
    return [q.to_dict() for q in quotes]


class _Finder:
    def __init__(self, paragraphs: list[str], lang: str) -> None:
        self.paragraphs = paragraphs
        self.lang = lang
        self.mod: ModuleType = quotes_ru if lang == "ru" else quotes_en
        is_attr = quotes_ru.is_attribution if lang == "ru" else None
        self.spans = find_spans(paragraphs, is_attr)
        self.layout = Layout(paragraphs, self.spans)
        registry = Registry()
        collect = quotes_ru.collect if lang == "ru" else quotes_en_collect.collect
        collect(paragraphs, self.layout, registry)
        self.resolver = Resolver(registry)
        self.last_quote_para = -10
        self.quote_paras: set[int] = set()
        self.turns: list[tuple[str | None, bool]] = []  # consecutive dialogue-dash turns
        self.turns_start = 0
        # per paragraph, once: where its text starts and ends (no strip() for every quote)
        self.lead = [len(t) - len(t.lstrip()) for t in paragraphs]
        self.trail = [len(t.rstrip()) for t in paragraphs]
        self.last_decoy: tuple[int, int] | None = None  # (paragraph, end) of the last decoy
        # (paragraph, end, speaker) of the last quote found
        self.last_accepted: tuple[int, int, str | None] | None = None

    def run(self) -> list[Quote]:
        quotes: list[Quote] = []
        skip: set[int] = set()
        for k, span in enumerate(self.spans):
            if k in skip:
                continue
            found = self._judge(span)
            if found is None:
                continue
            ref, partial, continues = found
            parts = [span]
            nxt = self.spans[k + 1] if k + 1 < len(self.spans) else None
            if nxt is not None and ref is not None and self._interrupted(span, nxt):
                parts.append(nxt)
                skip.add(k + 1)
            pos = (span.para, span.start)
            if ref is not None and ref.kind == "pronoun":
                ref = self._local_antecedent(span, ref)
            if ref is not None:
                speaker = self.resolver.resolve(ref, pos)
            elif continues and span.para - self.last_quote_para <= 2:
                speaker = self._continuing_speaker(span)
            elif continues:
                speaker = self._orphan_speaker(span)
            else:
                speaker = None
            quotes.append(self._quote(parts, speaker, partial))
            self.last_accepted = (parts[-1].last_para, parts[-1].end, speaker)
            self.quote_paras.update(quotes[-1].paragraphs)
            if span.opener == "—":
                self.turns_start = span.para if not self.turns else self.turns_start
                self.turns.append((speaker, quotes[-1].text.rstrip().endswith("?")))
            else:
                self.turns = []
            self.last_quote_para = parts[-1].last_para
        return quotes

    def _judge(self, span: Span) -> tuple[SpeakerRef | None, bool, bool] | None:
        """(speaker reference, partial, may continue the previous speaker) or None for a decoy."""
        text = span.text(self.paragraphs)
        ctx = self.layout.context(span)
        dash = span.opener == "—"
        left = ctx.left_text.rstrip()
        ref: SpeakerRef | None = None
        if span.attribution:
            toks = tokenize(span.attribution, 0, len(span.attribution), [])
            ref = self._known_name(self.mod.attribution_after(toks), toks)
        elif self._right_adjacent(text, ctx.right_text):
            ref = self._known_name(self.mod.attribution_after(ctx.right), ctx.right)
        opens = not ctx.left_text.strip(" —–-")  # nothing but a dash before it in its sentence
        resumed = self._resumes_quote(span, opens)
        after = ref is not None or resumed
        intro = self._intro(left) and not dash
        intro_ref = self.mod.attribution_before(ctx.left, partial=False) if intro else None
        prev_ref = self._previous_paragraph_intro(span, left)
        attributed = dash or after or intro_ref is not None or prev_ref is not None
        mid = not ctx.sentence_start and not left.endswith(":") and not resumed
        if (not attributed and self._listed_after_decoy(span)) or is_decoy(
            text, ctx, self.lang, attributed, mid_sentence=mid
        ):
            self.last_decoy = (span.last_para, span.end)
            return None
        partial = is_partial(
            text, ctx, self.lang, dash=dash or resumed, intro=intro_ref is not None
        )
        if ref is None:
            ref = intro_ref or prev_ref
        if ref is None and partial:
            ref = self.mod.attribution_before(ctx.left, partial=True)
            if (
                ref is None
                and not has_verb(text, self.lang)
                and not _predicate(text, ctx, self.lang)
            ):
                # inside a sentence with no speech verb, no verb of its own: a term
                # (``The law bans the “propaganda of …”``), not anybody's words
                self.last_decoy = (span.last_para, span.end)
                return None
        return ref, partial, not partial and ref is None

    def _known_name(self, ref: SpeakerRef | None, toks: list[Tok]) -> SpeakerRef | None:
        """``— ответила Эйсмонт``: when the author's words name nobody the rules can read (an
        indeclinable or foreign surname), a capitalised word of their clause that is the surname
        of a person the article has named is the speaker."""
        if ref is None or ref.kind != "none":
            return ref
        for t in toks[:8]:
            if t.kind == "p" and t.text in ".!?;":
                break
            if t.is_cap:
                ent = self.resolver.registry.surname_of(t.text)
                if ent is not None:
                    return SpeakerRef("name", ent.name, ent.gender)
        return ref

    def _resumes_quote(self, span: Span, sentence_start: bool) -> bool:
        """``«Это не правосудие», — сказал он. — «Это расправа».``: a new sentence of the same
        paragraph right after an attributed quote and its author's words (nothing else
        between) goes on with that quote's speaker, however short it is."""
        last = self.last_accepted
        if not sentence_start or last is None or last[0] != span.para or last[2] is None:
            return False
        if span.start - last[1] > _RESUME_GAP:
            return False
        gap = self.paragraphs[span.para][last[1] : span.start]
        return not any(ch in gap[1:-1] for ch in '«»“”„"')

    def _listed_after_decoy(self, span: Span) -> bool:
        """The next item of a list of marked names or slogans (``“A” and “B”``, «А», «Б»)."""
        if self.last_decoy is None or self.last_decoy[0] != span.para:
            return False
        if span.start - self.last_decoy[1] > 12:  # ``” and “`` / ``» или «`` at most
            return False
        gap = self.paragraphs[span.para][self.last_decoy[1] + 1 : span.start - 1]
        return bool(_LIST_JOIN.match(gap))

    def _continuing_speaker(self, span: Span) -> str | None:
        """An unattributed quote goes on with the previous speaker, except in an interview's
        dash turns: an unattributed question after a named speaker's turn is the interviewer's
        (None), and the turn after such a question is the named speaker's again."""
        if span.opener == "—" and self.turns:
            last_speaker, last_question = self.turns[-1]
            if span.text(self.paragraphs).rstrip().endswith("?") and last_speaker is not None:
                return None
            if last_speaker is None and last_question:
                named = next((s for s, _q in reversed(self.turns) if s is not None), None)
                return named or self._interviewee()
        return self.resolver.previous()

    def _interviewee(self) -> str | None:
        """An interview opened by an unattributed question: the answers are the person the
        article named last before the first turn (``Мы поговорили с Натальей Кравец``)."""
        ent = self.resolver.registry.recent_person(None, (self.turns_start - 1, 10**9))
        return ent.name if ent else None

    def _sentences_before(self, span: Span) -> list[tuple[int, int]]:
        """The (start, end) of up to three sentences of the paragraph before the quote's own."""
        starts = self.layout.starts[span.para]
        k = max(0, bisect_left(starts, span.start) - 1)  # index of the quote's own sentence
        bounds = starts[max(0, k - 3) : k + 1]
        return list(zip(bounds[:-1], bounds[1:], strict=True))

    def _local_antecedent(self, span: Span, pronoun: SpeakerRef) -> SpeakerRef:
        """``Her mother, X, told AFP that … “…,” she said.``: the subject of the previous
        sentence's speech verb in the same paragraph, when that sentence holds no quote."""
        p = span.para
        text = self.paragraphs[p]
        earlier = self._sentences_before(span)
        if not earlier and p and p - 1 not in self.quote_paras:
            # a paragraph opening with “…,” she said: the person the previous paragraph is about
            reg = self.resolver.registry
            for _pos, ent in reg.in_paragraph(p - 1):
                if not ent.is_org and ent.gender in (None, pronoun.gender):
                    return SpeakerRef("name", ent.name, ent.gender)
        for a, b in reversed(earlier):
            toks = tokenize(text, a, b, self.layout.marks[p])
            if any(t.kind == "q" and t.long for t in toks):
                return pronoun
            ref = self.mod.attribution_before(toks, partial=False)
            if ref is None:
                subject = self.resolver.registry.opening_person(p, a, b, pronoun.gender)
                if subject is not None:
                    return SpeakerRef("name", subject.name, subject.gender)
                continue
            if ref.kind == "none":
                return ref
            if ref.kind == "name" and ref.gender in (None, pronoun.gender):
                return ref
            return pronoun
        return pronoun

    def _orphan_speaker(self, span: Span) -> str | None:
        """A quote paragraph with no attribution and no recent speaker: the first person named
        in the paragraph before (``X addressed the court.`` then ``“…”``)."""
        p = span.para
        if p == 0 or span.start - 1 > self.lead[p]:  # words before the quote in its paragraph
            return None
        reg = self.resolver.registry
        for back in range(p - 1, max(-1, p - 1 - _ORPHAN_BACK), -1):
            if back in self.quote_paras:
                return None  # a quote in between: its speaker is not this one's
            first = next((e for _pos, e in reg.in_paragraph(back) if not e.is_org), None)
            if first is not None:
                ref = SpeakerRef("name", first.name, first.gender)
                return self.resolver.resolve(ref, (p, 0))
        return None

    def _intro(self, left: str) -> bool:
        if not left:
            return False
        if left.endswith(":"):
            return True
        if self.lang == "en":
            return bool(_ENDS_SPEECH_EN.search(left)) or (
                left.endswith(",") and bool(re.search(r"\baccording to\b", left, re.I))
            )
        if left.endswith(","):
            return bool(re.search(r"\b(?:[Пп]о словам|[Пп]о мнению|[Кк]ак)\b", left))
        return False

    def _right_adjacent(self, text: str, right: str) -> bool:
        """Is the right context the author's words of this quote (not a new sentence)?"""
        stripped = right.lstrip()
        if not stripped:
            return False
        if stripped[0] in ",—–-":
            return True
        end = text.rstrip()[-1:]
        if end in ",?!…—–":
            return True
        return end == "." and stripped[0].islower()

    def _previous_paragraph_intro(self, span: Span, left: str) -> SpeakerRef | None:
        """A quote opening a paragraph after one that ends with ``X said:``."""
        p = span.para
        if left or p == 0 or self.paragraphs[p - 1][: self.trail[p - 1]][-1:] != ":":
            return None
        prev = self.paragraphs[p - 1]
        starts = self.layout.starts[p - 1]
        toks = tokenize(prev, starts[-1], self.trail[p - 1] - 1, self.layout.marks[p - 1])
        return self.mod.attribution_before(toks, partial=False)

    def _interrupted(self, span: Span, nxt: Span) -> bool:
        """“First,” he said, “you will confess.” : the second half continues the sentence."""
        if span.last_para != nxt.para or span.opener == "—" or nxt.opener == "—":
            return False
        if span.attribution or nxt.attribution or "inside_marks" in nxt.extra:
            return False
        text = self.paragraphs[nxt.para]
        gap = text[span.end + 1 : nxt.start - 1]
        if len(gap) > _MERGE_GAP or not gap.rstrip().endswith((",", "—", "–")):
            return False
        if _SENTENCE_BREAK.search(gap) or _ENDS_SENTENCE.search(gap):
            return False  # «Это не правосудие», — сказал он. — «Это расправа»: two sentences
        first = span.text(self.paragraphs).rstrip()
        second = nxt.text(self.paragraphs).lstrip("…. ")
        return second[:1].islower() or not first.endswith((".", "!", "?"))

    def _quote(self, parts: list[Span], speaker: str | None, partial: bool) -> Quote:
        segments = [seg for span in parts for seg in span.segments]
        paras = sorted({seg.para for seg in segments})
        text = " ".join(span.text(self.paragraphs) for span in parts)
        return Quote(
            text=text,
            speaker=speaker,
            paragraph=paras[0],
            paragraphs=paras,
            partial=partial,
            start=segments[0].start,
            end=segments[-1].end,
        )
