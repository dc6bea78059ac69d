"""The shape of devices.yaml: the core of ../shared/spec/devices.md plus the project's extensions.

Every model forbids unknown keys so a misspelt key is reported (with a "did you mean"), never
silently ignored.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from assistant.devices import DeviceTypeName
from assistant.language import DEFAULT_LANGUAGE, available_languages

ID_PATTERN = re.compile(r"^[A-Za-z0-9_.\-]+$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _none_to_empty(value: object) -> object:
    return [] if value is None else value


class HomeInfo(Strict):
    name: str = "Home"
    temperature_unit: Literal["C", "F"] = "C"


class FloorConfig(Strict):
    name: str
    aliases: list[str] = Field(default_factory=list)

    _aliases = field_validator("aliases", mode="before")(_none_to_empty)


class AreaConfig(Strict):
    name: str
    aliases: list[str] = Field(default_factory=list)
    floor: str | None = None

    _aliases = field_validator("aliases", mode="before")(_none_to_empty)


PresetName = Literal["generic", "zigbee2mqtt", "tasmota", "ha_json", "homeassistant", "esphome"]

# Every engine, mode and choice a setting takes, named once: each stage's registry is keyed by
# these (a test checks both agree) and the command line's choices are read from them.
WakeEngine = Literal["micro", "openwakeword"]
VadEngine = Literal["micro", "webrtc"]
# auto: Vosk when a Vosk model is in models/, else Whisper when installed (two passes: the home's
# pocketsphinx model first, Whisper when that is unsure), else pocketsphinx (no download needed).
SttEngine = Literal["auto", "vosk", "whisper", "pocketsphinx"]
# What is said when speech after the wake word could not be heard as anything to act on.
UnheardReply = Literal["speak", "silent"]
VoskMode = Literal["open", "limited", "corrected"]
# pocketsphinx's search: a trigram model of the home's sentences, or their JSGF grammar.
PocketsphinxSearch = Literal["lm", "jsgf"]
# Who understands a sentence: the templates, the local LLM, or templates first then the LLM.
UnderstandMode = Literal["templates", "llm", "both"]
LlmMethod = Literal["score", "generate"]


# The per-field command topics of Home Assistant's MQTT platforms (and ESPHome's), by field.
CommandField = Literal["position", "percentage", "mode", "temperature", "brightness", "rgb", "color_temp"]
# Which options each preset reads (docs/mqtt.md, "Preset options").
PRESET_OPTIONS: dict[str, frozenset[str]] = {
    "generic": frozenset(),
    "zigbee2mqtt": frozenset({"setpoint", "fan", "color", "endpoint", "system_mode"}),
    "tasmota": frozenset({"relay", "shutter", "color"}),
    "ha_json": frozenset(),
    "homeassistant": frozenset({"topics", "speed_range_max", "color"}),
    "esphome": frozenset({"topics", "speed_range_max"}),
}


class PresetOptions(Strict):
    """What differs between devices of one preset; every default is the preset's plain form."""

    # zigbee2mqtt thermostats: the setpoint key their exposes name.
    setpoint: Literal["occupied_heating_setpoint", "current_heating_setpoint", "occupied_cooling_setpoint"] = (
        "occupied_heating_setpoint"
    )
    # zigbee2mqtt fans: fan_state + fan_mode (low/medium/high), or the newer state + speed 1-254.
    fan: Literal["fan_mode", "state_speed"] = "fan_mode"
    # Lights: colours as colour (xy/RGB), white shades as colour temperature (mireds) only, or
    # both (white shades as colour temperature, other colours as colour).
    color: Literal["xy", "color_temp", "both"] = "xy"
    # zigbee2mqtt multi-endpoint devices: every key gets this suffix (state_l1, brightness_left).
    endpoint: Annotated[str, Field(pattern=r"^[A-Za-z0-9_]+$")] | None = None
    # zigbee2mqtt thermostats without system_mode: on, off and modes are refused, not sent.
    system_mode: bool = True
    # tasmota: the relay (POWER<n>) and the shutter (Shutter...<n>) this device is.
    relay: Annotated[int, Field(ge=1, le=32)] | None = None
    shutter: Annotated[int, Field(ge=1, le=16)] | None = None
    # homeassistant / esphome: a per-field command topic that differs from the default.
    topics: dict[CommandField, str] = Field(default_factory=dict)
    # homeassistant / esphome fans: the top of the speed range (Home Assistant's
    # speed_range_max; ESPHome's speed_count); percentages are scaled to 1..this.
    speed_range_max: Annotated[int, Field(ge=1, le=1000)] = 100

    @field_validator("topics")
    @classmethod
    def _exact_topics(cls, value: dict[str, str]) -> dict[str, str]:
        for topic in value.values():
            _refuse_wildcards(topic)
        return value


def _refuse_wildcards(value: str | None) -> str | None:
    # Commands are published here, and a publish to a filter is refused by the MQTT client.
    if value is not None and ("+" in value or "#" in value):
        raise ValueError(f"{value!r} holds an MQTT wildcard ('+' or '#'); commands need one exact topic")
    return value


class DeviceMqtt(Strict):
    topic: str
    # How payloads are shaped; see assistant/mqtt/presets.py.
    preset: PresetName = "generic"
    # What this device takes that others of its preset do not (docs/mqtt.md).
    options: PresetOptions = Field(default_factory=PresetOptions)
    # Overrides of where commands go and where state comes from (defaults depend on the preset).
    command_topic: str | None = None
    state_topic: str | None = None
    # Custom payload templates per action ($value, $device, $action are substituted);
    # a template here replaces the preset's payload for that action.
    payloads: dict[str, str] = Field(default_factory=dict)
    retain: bool = False
    # Where the device says whether it is online (default: the preset's, see
    # assistant/mqtt/availability.py) and the payloads that mean online and offline.
    availability_topic: str | None = None
    payload_available: str | None = None
    payload_not_available: str | None = None

    @field_validator("topic", "command_topic")
    @classmethod
    def _no_wildcards(cls, value: str | None) -> str | None:
        return _refuse_wildcards(value)

    @model_validator(mode="after")
    def _options_of_the_preset(self) -> DeviceMqtt:
        # Options that differ from their default (a dump of a loaded file round-trips).
        plain = PresetOptions()
        changed = {name for name in PresetOptions.model_fields if getattr(self.options, name) != getattr(plain, name)}
        given = changed - PRESET_OPTIONS[self.preset]
        if given:
            takes = ", ".join(sorted(PRESET_OPTIONS[self.preset])) or "none"
            raise ValueError(f"the {self.preset} preset has no option {', '.join(sorted(given))}; its options: {takes}")
        return self

    @field_validator("retain")
    @classmethod
    def _commands_not_retained(cls, value: bool) -> bool:
        if value:
            raise ValueError(
                "commands must not be retained: the broker would replay the last one to the device "
                "on every reconnect (Tasmota switches by itself); remove 'retain: true'"
            )
        return value


class DeviceConfig(Strict):
    id: Annotated[str, Field(min_length=1)]
    name: Annotated[str, Field(min_length=1)]
    aliases: list[str] = Field(default_factory=list)
    area: str | None = None
    type: DeviceTypeName
    device_class: str | None = None
    features: list[str] = Field(default_factory=list)
    mqtt: DeviceMqtt
    # Ask before acting. None: the default for the type (locks, garage doors and gates ask).
    confirm: bool | None = None
    # For climate devices: the range set_temperature accepts (in the home's unit).
    min_temperature: float | None = None
    max_temperature: float | None = None

    _aliases = field_validator("aliases", "features", mode="before")(_none_to_empty)

    @field_validator("id")
    @classmethod
    def _id_chars(cls, value: str) -> str:
        if not ID_PATTERN.match(value):
            raise ValueError("an id may hold only letters, digits, '_', '.' and '-'")
        return value


class TlsConfig(Strict):
    ca_certs: Path | None = None
    certfile: Path | None = None
    keyfile: Path | None = None
    insecure: bool = False


class BrokerConfig(Strict):
    host: str = "localhost"
    port: Annotated[int, Field(ge=1, le=65535)] = 1883
    username: str | None = None
    password: str | None = None
    # A file holding the password (first line), so devices.yaml can be shared without it.
    password_file: Path | None = None
    tls: TlsConfig | None = None
    client_id: str | None = None
    # Topic prefix for the assistant's own messages (events, availability); never a device topic.
    base_topic: str = "assistant/"
    keepalive: Annotated[int, Field(ge=5)] = 60
    qos: Literal[0, 1, 2] = 1
    # Seconds to wait for the broker to acknowledge a publish.
    ack_timeout: Annotated[float, Field(gt=0)] = 5.0
    # A command not delivered within this many seconds of being heard is dropped, never sent late.
    stale_after: Annotated[float, Field(gt=0)] = 5.0
    # A device state older than this many seconds is asked for again before a question is
    # answered (Zigbee2MQTT and Tasmota devices that can be asked); unset: a known state is kept.
    state_max_age: Annotated[float, Field(gt=0)] | None = None

    @field_validator("base_topic")
    @classmethod
    def _trailing_slash(cls, value: str) -> str:
        return value if value.endswith("/") else value + "/"


class LlmConfig(Strict):
    # A GGUF path (relative paths are resolved against devices.yaml's folder, then models/);
    # None: the bundled default model.
    model: str | None = None
    chat_format: str | None = None
    threads: Annotated[int, Field(ge=1)] | None = None
    context: Annotated[int, Field(ge=256)] = 2048
    max_tokens: Annotated[int, Field(ge=8)] = 96
    # score: rank the commands the sentence can mean by the model's likelihood (default);
    # generate: let the model write a grammar-constrained answer.
    method: LlmMethod = "score"


class ConfirmSettings(Strict):
    """How risky actions (unlock, open a garage door or gate) are confirmed."""

    # Seconds to wait for a yes before the held commands are dropped.
    timeout: Annotated[float, Field(gt=0, le=300)] = 10.0
    # Digits to say instead of "yes" (e.g. "1234"); unset: a plain yes is enough.
    pin: Annotated[str, Field(pattern=r"^[0-9]{3,12}$")] | None = None


class VoiceSettings(Strict):
    """The voice path's engines and timing; `assistant run`/`service` flags override them."""

    # okay_nabu, hey_jarvis, hey_mycroft, alexa, or the name of a model file in models/.
    wake_words: Annotated[list[str], Field(min_length=1)] = ["hey_jarvis"]
    wake_engine: WakeEngine = "micro"
    vad: VadEngine = "micro"
    stt: SttEngine = "auto"
    vosk_mode: VoskMode = "corrected"
    # The JSGF grammar is stricter and slower (measured in the README).
    pocketsphinx_search: PocketsphinxSearch = "lm"
    # Whisper's model: a size ("tiny.en" bundled with the voice extra, "base" from its two
    # packages, or one `assistant models download` fetched), a folder in models/, or a path.
    whisper_model: Annotated[str, Field(min_length=1)] = "tiny.en"
    # Whisper's words are rejected below this average token log-probability ...
    whisper_min_avg_logprob: Annotated[float, Field(le=0)] = -0.7
    # ... or above this probability that nothing was said.
    whisper_max_no_speech_prob: Annotated[float, Field(ge=0, le=1)] = 0.6
    # Prime Whisper with a prompt naming the home's devices, areas and floors.
    whisper_prompt: bool = True
    # After the wake word, speech heard as nothing to act on: say "Sorry, I didn't catch that"
    # (speak) or only play the error tone (silent).
    unheard_reply: UnheardReply = "speak"
    sounds: bool = True  # wake, done and error tones
    speech: bool = True  # spoken replies (Piper)
    # Seconds of silence that end a command (a complete command ends sooner).
    trailing_silence: Annotated[float, Field(ge=0.2, le=3.0)] = 0.6
    # Seconds to wait for speech after the wake word, and the longest command.
    no_speech_timeout: Annotated[float, Field(ge=1.0, le=30.0)] = 4.0
    max_command_seconds: Annotated[float, Field(ge=2.0, le=60.0)] = 10.0


class AssistantSettings(Strict):
    """How the assistant behaves; every key is optional."""

    # The microphone's room: requests without an area word mean this area.
    area: str | None = None
    understand: UnderstandMode = "both"
    # Minimum similarity (0-100) for a fuzzy name match to count.
    fuzzy_threshold: Annotated[float, Field(ge=0, le=100)] = 85.0
    llm: LlmConfig = Field(default_factory=LlmConfig)
    confirm: ConfirmSettings = Field(default_factory=ConfirmSettings)
    voice: VoiceSettings = Field(default_factory=VoiceSettings)
    # Rhasspy Hermes: this satellite's siteId, and whether to publish hermes/ messages at all.
    site_id: str = "default"
    hermes: bool = True
    # The language spoken and heard: a file in languages/ ("en").
    language: str = DEFAULT_LANGUAGE

    @field_validator("language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        if value not in available_languages():
            raise ValueError(f"unknown language {value!r}; available: {', '.join(available_languages())}")
        return value


class HomeFile(Strict):
    """The whole of devices.yaml."""

    home: HomeInfo = Field(default_factory=HomeInfo)
    floors: list[FloorConfig] = Field(default_factory=list)
    areas: list[AreaConfig] = Field(default_factory=list)
    devices: list[DeviceConfig] = Field(default_factory=list)
    mqtt: BrokerConfig = Field(default_factory=BrokerConfig)
    assistant: AssistantSettings = Field(default_factory=AssistantSettings)

    _lists = field_validator("floors", "areas", "devices", mode="before")(_none_to_empty)
