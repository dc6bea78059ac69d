"""The command contract (../shared/spec/commands.md): what every utterance turns into.

What each device type accepts is in assistant/devices."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Value = int | float | str | None


@dataclass(frozen=True)
class Command:
    """One action on one device: {"device", "action", "value"}."""

    device: str
    action: str
    value: Value = None

    def to_dict(self) -> dict[str, Any]:
        return {"device": self.device, "action": self.action, "value": self.value}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Command:
        return cls(str(data["device"]), str(data["action"]), data.get("value"))


HandledBy = Literal["templates", "llm", "none"]


@dataclass
class ParseResult:
    """What one sentence was understood as. An empty command list always carries a reason."""

    text: str
    area: str | None
    commands: list[Command] = field(default_factory=list)
    handled_by: HandledBy = "none"
    reason: str | None = None
    ms: float = 0.0
    # Commands that must not run without a spoken or MQTT "yes" (risky actions from the LLM path).
    needs_confirmation: list[Command] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "area": self.area,
            "commands": [c.to_dict() for c in self.commands],
            "handled_by": self.handled_by,
            "reason": self.reason,
            "ms": round(self.ms, 3),
            "needs_confirmation": [c.to_dict() for c in self.needs_confirmation],
        }
