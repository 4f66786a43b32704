"""Selecting a passage to cite (`tui.presentation.passage`): word and sentence steps over any text."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from tui.presentation.passage import Bounds, Passage, other_end, spanning, started, stepped

ARTICLE = "قال المدير: نريد التكوين. ثم أضاف، بعد ذلك؟ نعم!\nفقرة ثانية هنا.\n\nFin du texte"


def _text(passage: Passage, text: str = ARTICLE) -> str:
    return text[passage.start : passage.end]


def test_words_are_runs_without_spaces_punctuation_kept() -> None:
    bounds = Bounds(ARTICLE)
    passage = started(bounds, ARTICLE.index("المدير"))
    assert passage is not None and _text(passage) == "المدير:"
    passage = stepped(passage, bounds, "word", 1)
    assert _text(passage) == "المدير: نريد"


def test_sentences_end_at_their_punctuation_and_at_paragraph_ends() -> None:
    bounds = Bounds(ARTICLE)
    passage = started(bounds, 0)
    assert passage is not None
    expected = ("التكوين.", "بعد ذلك؟", "ذلك؟ نعم!", "ثانية هنا.", "Fin du texte", "Fin du texte")
    for end in expected:
        passage = stepped(passage, bounds, "sentence", 1)
        assert _text(passage).endswith(end), (_text(passage), end)


def test_the_start_moves_too_and_a_passage_keeps_one_word() -> None:
    bounds = Bounds(ARTICLE)
    passage = started(bounds, ARTICLE.index("نريد"))
    assert passage is not None
    passage = other_end(passage)
    passage = stepped(passage, bounds, "word", -1)
    assert _text(passage) == "المدير: نريد"
    passage = stepped(stepped(stepped(passage, bounds, "word", 1), bounds, "word", 1), bounds, "word", 1)
    assert _text(passage) == "نريد", "the start stops at the last word"
    passage = stepped(other_end(passage), bounds, "word", -1)
    assert _text(passage) == "نريد", "the end stops at the first word"


def test_a_drag_spans_whole_words_in_either_direction() -> None:
    bounds = Bounds(ARTICLE)
    first, last = ARTICLE.index("المدير") + 2, ARTICLE.index("التكوين") + 3
    forward, backward = spanning(bounds, first, last), spanning(bounds, last, first)
    assert forward is not None and backward is not None
    assert _text(forward) == _text(backward) == "المدير: نريد التكوين."
    assert forward.moving_end and not backward.moving_end


def test_a_text_without_words_has_no_passage() -> None:
    assert started(Bounds("   \n  "), 0) is None and spanning(Bounds(""), 0, 0) is None


_CHARS = st.sampled_from([*"ab ج د\n.؟!،", "  ", "\u200c"])


@settings(max_examples=300)
@given(
    text=st.lists(_CHARS, max_size=60).map("".join),
    at=st.integers(0, 70),
    steps=st.lists(st.tuples(st.sampled_from(["word", "sentence", "other"]), st.sampled_from([1, -1])), max_size=25),
)
@example(text="a.\n\nb", at=0, steps=[("sentence", 1), ("sentence", 1)])
def test_any_steps_keep_a_passage_of_whole_words_verbatim(text: str, at: int, steps: list[tuple[str, int]]) -> None:
    bounds = Bounds(text)
    passage = started(bounds, at)
    if passage is None:
        assert not text.split()
        return
    words = {match.span() for match in re.finditer(r"\S+", text)}
    starts, ends = {start for start, _ in words}, {end for _, end in words}
    for unit, step in steps:
        passage = other_end(passage) if unit == "other" else stepped(passage, bounds, unit, step)  # type: ignore[arg-type]
        assert 0 <= passage.start < passage.end <= len(text)
        assert passage.start in starts and passage.end in ends, "at word boundaries"
        quote = text[passage.start : passage.end]
        assert quote == quote.strip() and quote in text, "verbatim, no space at either end"
