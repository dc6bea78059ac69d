"""Local LLM understanding: a grammar from devices.yaml constrains a small GGUF model.

The model names devices the way the user did (a name, alias or kind, an area, a value) and the
same Resolver the templates use turns that into Commands. Import is cheap; the model loads
when an LlmUnderstander is made.
"""

from assistant.understanding.llm.model import ModelError
from assistant.understanding.llm.understander import LlmStats, LlmUnderstander

__all__ = ["LlmStats", "LlmUnderstander", "ModelError"]
