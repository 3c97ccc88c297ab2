"""Write a telegram as text, in the format the parser reads back."""

from __future__ import annotations

from overflight.cables.model import (
    Addressee,
    Block,
    Bullet,
    CableReference,
    Dtg,
    Heading,
    Paragraph,
    Telegram,
    Text,
)

__all__ = ["render_block", "render_dtg", "render_reference", "render_telegram"]

_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")


def render_dtg(dtg: Dtg) -> str:
    """``O 281347Z MAY 08`` (``O P 280224Z MAR 09`` with an info precedence)."""
    letters = dtg.precedence.letter
    if dtg.info_precedence is not None:
        letters += " " + dtg.info_precedence.letter
    at = dtg.at
    return f"{letters} {at:%d%H%M}Z {_MONTHS[at.month - 1]} {at.year % 100:02d}"


def render_reference(ref: CableReference) -> str:
    """``A. STATE 43804``, ``B. 99 PRETORIA 12315`` or the free text of a reference."""
    lead = f"{ref.letter}. " if ref.letter else ""
    if ref.number is None:
        return lead + ref.text
    year = f"{ref.year % 100:02d} " if ref.year is not None else ""
    return f"{lead}{year}{ref.station} {ref.number}"


def _addressee(addressee: Addressee, routed: bool) -> str:
    post = addressee.post
    text = (
        f"{post.routing_indicator}/{post.name}" if routed and post.routing_indicator else post.name
    )
    if addressee.precedence is not None:
        text += f" {addressee.precedence.value}"
    if addressee.mcn:
        text += f" {addressee.mcn}"
    return text


def _mark(marking: object) -> str:
    return f"{marking} " if marking is not None else ""


def render_block(block: Block) -> list[str]:
    """The lines of one body block (a heading is underlined with dashes)."""
    if isinstance(block, Heading):
        rule = "-" * len(block.text)
        return [rule, block.text, rule]
    if isinstance(block, Text):
        return [block.text]
    return _paragraph(block)


def _paragraph(paragraph: Paragraph) -> list[str]:
    lines = [f"{paragraph.number}. {_mark(paragraph.marking)}{paragraph.text}".rstrip()]
    for part in paragraph.parts:
        if isinstance(part, Bullet):
            lines.append(f"-- {_mark(part.marking)}{part.text}".rstrip())
        else:
            lines.extend(["", part.text])
    return lines


def render_telegram(telegram: Telegram) -> str:
    """The whole telegram as text, in the format :func:`parse_telegram` reads back.

    Header, classification line, captions, E.O. line, TAGS, SUBJECT, REF, Classified By, body,
    signature and trailer, one blank line between sections; lines are not wrapped.
    """
    t = telegram
    lines: list[str] = [*t.preamble, *t.routing]
    routed = bool(t.routing)
    if t.dtg is not None:
        lines.append(render_dtg(t.dtg))
    if t.origin is not None:
        lines.append(f"FM {t.origin.name}")
    for keyword, addressees in (("TO", t.action), ("INFO", t.info)):
        for index, addressee in enumerate(addressees):
            prefix = f"{keyword} " if index == 0 else ""
            lines.append(prefix + _addressee(addressee, routed))
    lines.extend(f"XMT {name}" for name in t.excluded)
    if lines:
        lines.append("")
    head = t.classification.spaced
    if t.section is not None:
        head += f" SECTION {t.section.number:02d} OF {t.section.total:02d}"
    if t.serial is not None:
        head += f" {t.serial.station} {t.serial.number:06d}"
    lines.extend([head, *t.captions, ""])
    if t.declassification is not None:
        lines.append(t.declassification.render())
    if t.tags:
        lines.append("TAGS: " + " ".join(t.tags))
    if t.subject or t.subject_marking is not None:
        lines.append(f"SUBJECT: {_mark(t.subject_marking)}{t.subject}".rstrip())
    if t.refs:
        lines.append("")
        lines.append("REF: " + render_reference(t.refs[0]))
        lines.extend(render_reference(ref) for ref in t.refs[1:])
    if t.authority is not None:
        lines.extend(["", t.authority.render()])
    for block in t.body:
        lines.append("")
        lines.extend(render_block(block))
    if t.signature:
        lines.extend(["", t.signature])
    if t.trailer:
        lines.append("")
        lines.extend(t.trailer)
    return "\n".join(lines) + "\n"
