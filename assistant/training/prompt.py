"""What the understanding model reads and where its answer starts: one owner for training and use.

The prompt is plain text, not a chat template: a sentence and the microphone's room in about
20 tokens, the frame (frame_text.py) after it, then the end-of-sequence token.
"""

from __future__ import annotations

NO_ROOM = "none"


def model_prompt(sentence: str, area: str | None) -> str:
    return f"room: {area or NO_ROOM}\nsaid: {sentence}\nframe:"


def model_answer(frame: str) -> str:
    """The text after the prompt the model learns to write (a space, then the frame)."""
    return f" {frame}"
