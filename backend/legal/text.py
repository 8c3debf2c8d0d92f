"""A legal page's text: plain lines, so staff write it in the admin without HTML and nothing they type can run in a
browser. A blank line ends a paragraph; a line "## Heading" is a heading; lines "- item" make a list. Placeholders
{{ group.name }} (legal.facts) are filled when the page is served, so a window or fee in the prose is always the one
the store uses.

The storefront gets the filled text as blocks ({"type": "heading" | "paragraph" | "list", ...}) and draws each as
its element: no Markdown engine, no HTML."""

import re
from collections.abc import Iterable, Mapping
from typing import Any

# {{ group.name }}: what a valid placeholder looks like; anything else between {{ and }} is refused on publishing.
PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+\.[a-z_]+)\s*\}\}")
ANY_BRACES = re.compile(r"\{\{(.*?)\}\}", re.S)
HEADING = "## "
ITEM = "- "


def unknown_placeholders(body: str, known: Iterable[str]) -> list[str]:
    """Every {{ ... }} in `body` that names no fact (misspelt, or not a placeholder at all), in order."""
    names = set(known)
    found = []
    for match in ANY_BRACES.finditer(body):
        inner = PLACEHOLDER.fullmatch(match.group(0))
        if inner is None or inner.group(1) not in names:
            found.append(match.group(0))
    return found


def fill(body: str, texts: Mapping[str, str]) -> str:
    """The body with each placeholder replaced by its fact's text. A placeholder of a fact that no longer exists
    (publishing refuses unknown ones) is left as written, visibly, rather than guessed."""
    return PLACEHOLDER.sub(lambda m: texts.get(m.group(1), m.group(0)), body)


def blocks(text: str) -> list[dict[str, Any]]:
    """The filled text as headings, paragraphs and lists."""
    out: list[dict[str, Any]] = []
    paragraph: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if paragraph:
            out.append({"type": "paragraph", "text": " ".join(paragraph)})
            paragraph.clear()
        if items:
            out.append({"type": "list", "items": list(items)})
            items.clear()

    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith(HEADING):
            flush()
            out.append({"type": "heading", "text": line.removeprefix(HEADING).strip()})
        elif line.startswith(ITEM):
            if paragraph:
                flush()
            items.append(line.removeprefix(ITEM).strip())
        elif items:  # a line under an item continues it
            items[-1] = f"{items[-1]} {line}"
        else:
            paragraph.append(line)
    flush()
    return out
