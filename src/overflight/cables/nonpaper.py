"""The releasable non-paper for one host state: only the portions releasable to it.

A portion goes in when :func:`overflight.markings.releasable_to` says it may be released to the
state, after ``REL Recipients`` is resolved against the action addressees' host states. Unmarked
portions take the telegram's classification, so in a classified telegram they stay out; NOFORN
portions never go in. Bullets are judged on their own marks (an unmarked bullet inherits its
paragraph's). Headings go in when a portion under them does; paragraphs are renumbered. The
banner is computed from the portions that went in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from overflight.cables.model import Block, Bullet, Heading, Paragraph, Prose, Telegram, Text
from overflight.cables.render import render_block
from overflight.errors import InputError
from overflight.markings import Marking, compute_banner, releasable_to, to_trigraph

__all__ = ["NonPaper", "compose_non_paper", "render_non_paper"]


@dataclass(frozen=True, slots=True)
class NonPaper:
    """What may be handed to one host state.

    Attributes:
        state: trigraph of the host state.
        banner: the overall marking of what went in.
        subject: the subject, when its own mark allows release, else ``""``.
        blocks: headings and renumbered paragraphs, markings resolved.
    """

    state: str
    banner: Marking
    subject: str
    blocks: tuple[Block, ...]


def compose_non_paper(telegram: Telegram, state: str) -> NonPaper:
    """Select the portions of a telegram releasable to a host state.

    Args:
        telegram: the telegram.
        state: the host state, as a trigraph or a country name (``TUR``, ``Turkey``).

    Raises:
        InputError: the state is unknown or the USA, or nothing is releasable to it.
    """
    try:
        trigraph = to_trigraph(state)
    except ValueError as err:
        raise InputError("--for", str(err)) from None
    if trigraph == "USA" or len(trigraph) != 3:
        raise InputError("--for", f"{state!r}: a non-paper is for a foreign host state")
    recipients = telegram.recipients
    default = Marking(telegram.classification)

    def resolved(marking: Marking | None) -> Marking:
        return (marking or default).resolve(recipients)

    blocks: list[Block] = []
    markings: list[Marking] = []
    pending: Heading | None = None
    for block in telegram.body:
        if isinstance(block, Heading):
            pending = block
            continue
        kept = _keep(block, trigraph, resolved, _paragraph_count(blocks) + 1)
        if kept is None:
            continue
        block_out, used = kept
        if pending is not None:
            blocks.append(pending)
            pending = None
        blocks.append(block_out)
        markings.extend(used)
    if not markings:
        raise InputError("--for", f"no portion of the telegram is releasable to {trigraph}")
    subject = ""
    if telegram.subject_marking is not None and releasable_to(
        resolved(telegram.subject_marking), trigraph
    ):
        subject = telegram.subject
        markings.append(resolved(telegram.subject_marking))
    return NonPaper(trigraph, compute_banner(markings), subject, tuple(blocks))


def _paragraph_count(blocks: list[Block]) -> int:
    return sum(1 for block in blocks if isinstance(block, Paragraph))


def _keep(
    block: Block, trigraph: str, resolved: Callable[[Marking | None], Marking], number: int
) -> tuple[Block, list[Marking]] | None:
    """The block as released (bullets filtered, renumbered), or ``None`` when it stays out."""
    if isinstance(block, Text):
        marking = resolved(None)
        return (block, [marking]) if releasable_to(marking, trigraph) else None
    if not isinstance(block, Paragraph):
        return None
    own = resolved(block.marking)
    if not releasable_to(own, trigraph):
        return None
    used = [own]
    parts: list[Bullet | Prose] = []
    for part in block.parts:
        if isinstance(part, Bullet) and part.marking is not None:
            mark = resolved(part.marking)
            if not releasable_to(mark, trigraph):
                continue
            used.append(mark)
            parts.append(Bullet(part.text, mark))
        else:
            parts.append(part)
    return Paragraph(number, own, block.text, tuple(parts)), used


def render_non_paper(telegram: Telegram, state: str) -> str:
    """The non-paper for a host state as text, banner on top and at the bottom.

    Raises:
        InputError: see :func:`compose_non_paper`.
    """
    paper = compose_non_paper(telegram, state)
    banner = paper.banner.banner()
    lines = [banner, "", "NON-PAPER"]
    if paper.subject:
        lines.extend(["", f"SUBJECT: {paper.subject}"])
    for block in paper.blocks:
        lines.append("")
        lines.extend(render_block(block))
    lines.extend(["", banner])
    return "\n".join(lines) + "\n"
