"""Understanding: sentence templates, the LLM, and one resolver to devices.yaml."""

from assistant.understanding.frame import Request, Resolution, Target
from assistant.understanding.resolver import Resolver
from assistant.understanding.router import MODE_PARTS, MODES, RoutedUnderstander, Understander, build_understander
from assistant.understanding.sentences_loader import SentencesError
from assistant.understanding.templates import TemplateUnderstander

__all__ = [
    "MODES",
    "MODE_PARTS",
    "Request",
    "Resolution",
    "Resolver",
    "RoutedUnderstander",
    "SentencesError",
    "Target",
    "TemplateUnderstander",
    "Understander",
    "build_understander",
]
