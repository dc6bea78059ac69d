"""What a device type is: its actions and their values, the features that enable them, what
is risky, how its state reads and what each MQTT preset sends for it.

Each type is one small module in this package (`light.py`, `valve.py`, ...) that builds one
`DeviceType`; `assistant/devices/__init__.py` lists them in `TYPES`. The words of replies and
questions live in the language data (`languages/<code>.yaml`) under the keys named here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from assistant.devices.reading import StateReading

if TYPE_CHECKING:
    from assistant.commands import Command
    from assistant.config.schema import DeviceConfig

# How an action's value is checked and said: none, 0-100 percent, degrees within the device's
# range, one of the type's modes, or a colour name.
ValueKind = Literal["none", "percent", "temperature", "mode", "color"]
Json = dict[str, Any]
# A JSON preset's payload for a command, or None: the preset has no form for it, and the
# command is refused (`check` says so where the device could avoid it; docs/mqtt.md).
JsonHook = Callable[["DeviceConfig", "Command"], "Json | None"]
# Tasmota: (command name, payload) sent to cmnd/<name>/<command>, or None as above.
TasmotaHook = Callable[["DeviceConfig", "Command"], "tuple[str, str] | None"]
# Home Assistant's MQTT platforms and ESPHome: (field, plain payload); field None is the
# device's command topic, else a per-field command topic ("position"); or None as above.
PlainHook = Callable[["DeviceConfig", "Command"], "tuple[str | None, str] | None"]
# The state phrase ("on at 40% brightness") or None when the state says nothing readable.
Describe = Callable[[StateReading], "str | None"]


def no_native_json(device: DeviceConfig, command: Command) -> Json | None:
    """The preset has no form for this type: refused (a `payloads:` template can say one)."""
    return None


def no_native_tasmota(device: DeviceConfig, command: Command) -> tuple[str, str] | None:
    """Tasmota has no command for this type: refused (a template can name one)."""
    return None


def no_native_plain(device: DeviceConfig, command: Command) -> tuple[str | None, str] | None:
    """Home Assistant's MQTT platforms (or ESPHome) have no such component: refused."""
    return None


@dataclass(frozen=True)
class Action:
    """One contract action of a type. Its reply and question words are the language data's
    `actions.<words>` (`words` defaults to the action's name)."""

    name: str
    value: ValueKind = "none"
    feature: str | None = None  # the device must list this feature to have the action
    risky: bool = False  # asks for a confirmation unless the device says `confirm: false`
    words: str | None = None

    @property
    def words_key(self) -> str:
        return f"actions.{self.words or self.name}"


@dataclass(frozen=True)
class PresetHooks:
    """Each preset's message for a command of this type; every preset must be said, so a
    type cannot forget one (a hook may say "no native form": `no_native_json`)."""

    zigbee2mqtt: JsonHook
    tasmota: TasmotaHook
    ha_json: JsonHook
    homeassistant: PlainHook
    esphome: PlainHook


@dataclass(frozen=True, eq=False)
class DeviceType:
    """Everything the assistant knows about one device type."""

    name: str
    actions: tuple[Action, ...]
    presets: PresetHooks
    describe: Describe
    # Intents that mean one of this type's actions: the generic "on"/"off" ("turn on the
    # blinds" opens them), "start" for a scene.
    intent_actions: Mapping[str, str] = field(default_factory=dict)
    # Intents that mean this type when a sentence names neither a device nor a kind
    # ("pause" -> media players).
    default_for: tuple[str, ...] = ()
    # Device classes whose risky actions ask first; None: every class.
    risky_classes: frozenset[str] | None = None
    # Device classes a device of this type answers for without saying so (a thermostat
    # answers "what is the temperature").
    implied_classes: frozenset[str] = frozenset()
    # The values set_mode accepts.
    modes: tuple[str, ...] = ()

    @property
    def features(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a.feature for a in self.actions if a.feature))

    def action_of_intent(self, intent: str) -> str | None:
        """The action an intent means for this type ("on" -> "open" for a cover); an action's
        own name means itself."""
        return self.intent_actions.get(intent, intent if intent not in ("on", "off") else None)

    def action(self, name: str) -> Action | None:
        return next((a for a in self.actions if a.name == name), None)

    def actions_for(self, features: frozenset[str] | tuple[str, ...]) -> tuple[str, ...]:
        """Every action a device with these features accepts, get_state included."""
        return (*(a.name for a in self.actions if a.feature is None or a.feature in features), "get_state")

    def is_risky(self, action: str, device_class: str | None) -> bool:
        spec = self.action(action)
        if spec is None or not spec.risky:
            return False
        return self.risky_classes is None or (device_class or "") in self.risky_classes
