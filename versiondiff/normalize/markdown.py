"""Reader for Markdown (with HTML fragments and pipe tables), parsed by markdown-it-py.

Canonical Markdown is read back by this reader too, so what it does is what makes
rendering a fixed point.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from versiondiff.model import Block
from versiondiff.normalize import html as html_reader
from versiondiff.normalize.elements import Element, Heading, ref, split_heading_label
from versiondiff.normalize.inline import clean_text, join_lines


def make_parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": True}).enable("table")
    # Definitions stay where they stand: a footnote belongs to its section.
    footnote_plugin(parser, inline=False, move_to_end=False)
    return parser


_PARSER = make_parser()


@dataclass
class _State:
    elements: list[Element] = field(default_factory=list)
    list_depth: int = -1
    ordered: list[int | None] = field(default_factory=list)  # next number per open list
    item_open: bool = False
    footnote: str | None = None
    heading_level: int = 0
    rows: list[list[str]] | None = None


def read_markdown(text: str) -> list[Element]:
    state = _State()
    for token in _PARSER.parse(text):
        _handle(token, state)
    return state.elements


def _handle(token: Token, state: _State) -> None:  # noqa: C901 - a dispatch table
    kind = token.type
    if kind == "heading_open":
        state.heading_level = int(token.tag[1])
    elif kind in ("bullet_list_open", "ordered_list_open"):
        state.list_depth += 1
        start = int(token.attrs.get("start", 1) or 1) if kind == "ordered_list_open" else None
        state.ordered.append(start)
    elif kind in ("bullet_list_close", "ordered_list_close"):
        state.list_depth -= 1
        state.ordered.pop()
    elif kind == "list_item_open":
        state.item_open = True
    elif kind == "footnote_reference_open":
        state.footnote = token.meta["label"]
    elif kind == "footnote_reference_close":
        state.footnote = None
    elif kind == "table_open":
        state.rows = []
    elif kind == "tr_open" and state.rows is not None:
        state.rows.append([])
    elif kind == "table_close" and state.rows is not None:
        state.elements.append(Block("table", rows=tuple(tuple(r) for r in state.rows if r)))
        state.rows = None
    elif kind == "inline":
        _handle_inline(token, state)
    elif kind in ("code_block", "fence"):
        lines = [clean_text(line) for line in token.content.splitlines() if line.strip()]
        state.elements.extend(Block("paragraph", text=line) for line in lines)
    elif kind == "html_block":
        state.elements.extend(html_reader.read_html_fragment(token.content))


def _handle_inline(token: Token, state: _State) -> None:
    text = inline_text(token.children or [])
    if state.rows is not None:
        state.rows[-1].append(text)
    elif state.heading_level:
        number, title = split_heading_label(text)
        state.elements.append(Heading(level=state.heading_level, title=title, number=number))
        state.heading_level = 0
    elif state.footnote is not None:
        _append_footnote(state, text)
    elif state.list_depth >= 0:
        _append_list_text(state, text)
    else:
        state.elements.append(Block("paragraph", text=text))


def _append_footnote(state: _State, text: str) -> None:
    last = state.elements[-1] if state.elements else None
    label = f"m{state.footnote}"
    if isinstance(last, Block) and last.kind == "footnote" and last.label == label:
        state.elements[-1] = Block("footnote", text=join_lines([last.text, text]), label=label)
    else:
        state.elements.append(Block("footnote", text=text, label=label))


def _append_list_text(state: _State, text: str) -> None:
    if state.item_open:
        number = state.ordered[-1]
        if number is not None:  # keep an ordered item's number as part of its text
            text = f"{number}. {text}"
            state.ordered[-1] = number + 1
        state.elements.append(Block("list_item", text=text, depth=state.list_depth))
        state.item_open = False
        return
    last = state.elements[-1]
    assert isinstance(last, Block)
    state.elements[-1] = Block("list_item", text=join_lines([last.text, text]), depth=last.depth)


def inline_text(children: list[Token]) -> str:
    """Plain canonical text of an inline token stream; footnote refs become placeholders."""
    lines: list[str] = [""]
    for child in children:
        if child.type in ("text", "code_inline"):
            lines[-1] += child.content
        elif child.type in ("softbreak", "hardbreak"):
            lines.append("")
        elif child.type == "html_inline":
            if child.content.lower().startswith("<br"):
                lines.append("")
        elif child.type == "footnote_ref":
            lines[-1] += ref(f"m{child.meta['label']}")
        elif child.type == "image":
            lines[-1] += inline_text(child.children or [])
    return clean_text(join_lines(lines))
