"""Property tests: canonical Markdown is a fixed point for generated documents."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from versiondiff.model import Block, Document, Section
from versiondiff.normalize import normalize, normalize_text

_ALPHABET = st.sampled_from(
    list("あいうえおカキクケコ漢字目標年度兆円万台") + list("abcXYZ0123456789")
    + list("%.,:;!?()-+=*_[]<>|#`~&\\^") + ["、", "。", "・", "「", "」", " ", "約", "２", "６", "％", "（", "）"]
)
_TEXT = st.text(_ALPHABET, min_size=1, max_size=40).map(lambda s: s.strip()).filter(bool)
_TITLE = st.text(st.sampled_from(list("現状目標課題施策概要データ基盤AI12")), min_size=1, max_size=12)


def _blocks(with_footnotes: bool) -> st.SearchStrategy[list[Block]]:
    paragraph = _TEXT.map(lambda t: Block("paragraph", text=t))
    item = st.tuples(_TEXT, st.integers(0, 2)).map(lambda p: Block("list_item", text=p[0], depth=p[1]))
    row = st.lists(_TEXT, min_size=1, max_size=3).map(tuple)
    table = st.lists(row, min_size=1, max_size=3).map(lambda rows: Block("table", rows=tuple(rows)))
    kinds = [paragraph, item, table]
    if with_footnotes:
        kinds.append(_TEXT.map(lambda t: Block("paragraph", text=t + "[^1]")))
    return st.lists(st.one_of(kinds), max_size=5)


@st.composite
def documents(draw: st.DrawFn) -> Document:
    numbering = draw(st.sampled_from(["", "1.", "(1)", "①", "3.1."]))

    def section(level: int) -> Section:
        children = draw(st.lists(st.deferred(lambda: st.just(None)), max_size=2)) if level < 3 else []
        return Section(
            title=draw(_TITLE),
            level=level,
            number=numbering if level == 1 else "",
            blocks=tuple(draw(_blocks(False))),
            children=tuple(section(level + 1) for _ in children),
        )

    sections = tuple(section(1) for _ in range(draw(st.integers(0, 3))))
    preamble = tuple(draw(_blocks(False)))
    return Document(preamble=preamble, sections=sections)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(documents())
def test_rendering_generated_documents_is_a_fixed_point(document: Document):
    first = normalize(document.markdown.encode() or b" x", name="doc.md").markdown if document.markdown.strip() else ""
    if not first:
        return
    assert normalize(first.encode(), name="doc.md").markdown == first


_LINE = st.one_of(
    _TEXT,
    _TEXT.map(lambda t: "・" + t),
    _TEXT.map(lambda t: " - ✓ " + t),
    _TEXT.map(lambda t: "(1)" + t[:10]),
    _TEXT.map(lambda t: "1. " + t[:10]),
    _TEXT.map(lambda t: t + "^{(*)1}"),
    st.just("(*)1)2024年時点"),
    st.tuples(_TEXT, _TEXT).map(lambda p: f"{p[0]}\t{p[1]}"),
    st.just(""),
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(_LINE, min_size=1, max_size=25))
def test_normalizing_plain_text_then_its_markdown_is_stable(lines: list[str]):
    text = "\n".join(lines)
    if not text.strip():
        return
    first = normalize_text(text).markdown
    if not first.strip():
        return
    assert normalize(first.encode(), name="doc.md").markdown == first
