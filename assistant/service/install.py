"""Install the systemd unit: write the files, then create the user and enable the service.

With a root folder (`--root`) only the files are written and the remaining steps are
printed, so the install can be checked (and packaged) without systemd running.
"""

from __future__ import annotations

import pwd
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from assistant.service.unit import UNIT_NAME, UnitSettings, render_unit

SYSTEMD_UNIT_DIR = Path("etc/systemd/system")


@dataclass(frozen=True)
class InstallPlan:
    root: Path
    settings: UnitSettings
    config_source: Path

    @property
    def unit_path(self) -> Path:
        return self.root / SYSTEMD_UNIT_DIR / UNIT_NAME

    @property
    def config_target(self) -> Path:
        return self.root / self.settings.config.relative_to("/")

    def unit_text(self) -> str:
        return render_unit(self.settings)

    def system_steps(self) -> list[list[str]]:
        """Commands that need root and a running systemd, in order."""
        user = self.settings.user
        return [
            ["useradd", "--system", "--home-dir", str(self.settings.state_dir), "--no-create-home",
             "--shell", "/usr/sbin/nologin", "--user-group", "--groups", "audio", user],
            ["systemctl", "daemon-reload"],
            ["systemctl", "enable", "--now", UNIT_NAME],
        ]  # fmt: skip


def write_files(plan: InstallPlan) -> list[str]:
    """Write the unit (replacing an older one) and the config (never replacing yours)."""
    done = []
    plan.unit_path.parent.mkdir(parents=True, exist_ok=True)
    plan.unit_path.write_text(plan.unit_text(), encoding="utf-8")
    done.append(f"wrote {plan.unit_path}")
    if plan.config_target.exists():
        done.append(f"kept the existing {plan.config_target}")
    else:
        plan.config_target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(plan.config_source, plan.config_target)
        done.append(f"copied {plan.config_source} to {plan.config_target}")
    return done


def user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def run_system_steps(plan: InstallPlan) -> list[str]:
    """Create the user (if missing) and enable the unit; raises RuntimeError with one sentence."""
    done = []
    for step in plan.system_steps():
        if step[0] == "useradd" and user_exists(plan.settings.user):
            done.append(f"user {plan.settings.user} exists")
            continue
        result = subprocess.run(step, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            why = (result.stderr or result.stdout).strip().splitlines()
            raise RuntimeError(f"'{' '.join(step)}' failed: {why[-1] if why else f'exit {result.returncode}'}")
        done.append(" ".join(step))
    return done
