"""The systemd unit, rendered from one template so systemd/assistant.service and
`assistant service install` cannot drift apart."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

UNIT_NAME = "assistant.service"
# Loopback, link-local, multicast and the private ranges: the home network, never the internet.
ALLOWED_NETWORKS = (
    "localhost",
    "link-local",
    "multicast",
    "10.0.0.0/8",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "fc00::/7",
)


@dataclass(frozen=True)
class UnitSettings:
    executable: Path = Path("/usr/local/bin/assistant")
    config: Path = Path("/etc/assistant/devices.yaml")
    user: str = "assistant"
    state_dir: Path = Path("/var/lib/assistant")
    watchdog_seconds: int = 30


def render_unit(settings: UnitSettings) -> str:
    allowed = " ".join(ALLOWED_NETWORKS)
    return f"""\
# The offline voice assistant as a systemd service (written by `assistant service install`).
[Unit]
Description=Offline smart-home voice assistant
After=network-online.target sound.target mosquitto.service
Wants=network-online.target

[Service]
Type=notify
NotifyAccess=main
ExecStart={settings.executable} service run --config {settings.config} --state-dir {settings.state_dir}
ExecReload=/bin/kill -HUP $MAINPID
WatchdogSec={settings.watchdog_seconds}
Restart=on-failure
RestartSec=5
# Logs go to the journal with their levels: `journalctl -u assistant -p warning`.
Environment=PYTHONUNBUFFERED=1 ASSISTANT_LOG_LEVEL=INFO

# An unprivileged user that may use the sound card.
User={settings.user}
Group={settings.user}
SupplementaryGroups=audio
StateDirectory={settings.state_dir.name}
StateDirectoryMode=0755
# Relative paths (models/) are found here.
WorkingDirectory={settings.state_dir}

# Hardening: read-only system, no home folders, private /tmp, no privilege gain.
NoNewPrivileges=yes
ProtectSystem=strict
ProtectHome=yes
PrivateTmp=yes
ReadWritePaths={settings.state_dir}
ProtectKernelTunables=yes
ProtectKernelModules=yes
ProtectKernelLogs=yes
ProtectControlGroups=yes
ProtectClock=yes
ProtectHostname=yes
RestrictNamespaces=yes
RestrictSUIDSGID=yes
LockPersonality=yes
SystemCallArchitectures=native
RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6

# No cloud by construction: only loopback and the local networks can be reached.
IPAddressDeny=any
IPAddressAllow={allowed}

[Install]
WantedBy=multi-user.target
"""
