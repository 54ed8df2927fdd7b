"""The channels Rasa listens on, decided at start-up from the environment.

Rasa's credentials.yml switches a channel on by its presence and cannot leave it out when a
variable is unset, so `make run` writes the file Rasa reads: the always-on channels of the
project's `credentials.yml` (REST, socket.io), plus each messaging channel whose variables are all
set. A channel with some of its variables set and others missing stops the start with one line
naming what is missing. The file holds secrets: it is written to the data folder, readable by the
owner only.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from service.settings import PROJECT_ROOT

BASE_FILE = PROJECT_ROOT / "credentials.yml"
FILE_NAME = "credentials.yml"


class ChannelConfigError(RuntimeError):
    """A channel is half-configured or has a malformed value; the text says what to set."""


@dataclass(frozen=True)
class Variable:
    name: str
    key: str  # the key in the channel's credentials section
    required: bool = True
    https_only: bool = False
    url: bool = False


@dataclass(frozen=True)
class Channel:
    name: str
    connector: str  # the InputChannel class, as credentials.yml names it
    variables: tuple[Variable, ...]


CHANNELS = (
    Channel("callback", "channels.callback.CheckedCallbackInput", (Variable("CALLBACK_URL", "url", url=True),)),
    Channel(
        "telegram",
        "channels.telegram.VerifiedTelegramInput",
        (
            Variable("TELEGRAM_TOKEN", "access_token"),
            Variable("TELEGRAM_WEBHOOK_URL", "webhook_url", https_only=True),
            Variable("TELEGRAM_API_URL", "api_url", required=False, url=True),
        ),
    ),
    Channel(
        "facebook",
        "channels.facebook.VerifiedFacebookInput",
        (
            Variable("FACEBOOK_VERIFY_TOKEN", "verify"),
            Variable("FACEBOOK_APP_SECRET", "secret"),
            Variable("FACEBOOK_PAGE_ACCESS_TOKEN", "page-access-token"),
            Variable("FACEBOOK_GRAPH_URL", "graph_url", required=False, url=True),
        ),
    ),
    Channel(
        "twilio",
        "channels.twilio.VerifiedTwilioInput",
        (
            Variable("TWILIO_ACCOUNT_SID", "account_sid"),
            Variable("TWILIO_AUTH_TOKEN", "auth_token"),
            Variable("TWILIO_NUMBER", "twilio_number"),
            Variable("TWILIO_WEBHOOK_URL", "webhook_url", required=False, url=True),
            Variable("TWILIO_API_URL", "api_url", required=False, url=True),
        ),
    ),
    Channel(
        "slack",
        "channels.slack.VerifiedSlackInput",
        (
            Variable("SLACK_BOT_TOKEN", "slack_token"),
            Variable("SLACK_SIGNING_SECRET", "slack_signing_secret"),
            Variable("SLACK_CHANNEL", "slack_channel", required=False),
            Variable("SLACK_API_URL", "api_url", required=False, url=True),
        ),
    ),
    Channel(
        "line",
        "channels.line.LineInput",
        (
            Variable("LINE_CHANNEL_SECRET", "channel_secret"),
            Variable("LINE_CHANNEL_ACCESS_TOKEN", "channel_access_token"),
            Variable("LINE_API_URL", "api_url", required=False, url=True),
        ),
    ),
)


def _section(channel: Channel, environ: Mapping[str, str]) -> dict[str, str] | None:
    """The channel's credentials, or None when none of its required variables is set."""
    values = {variable: environ.get(variable.name, "").strip() for variable in channel.variables}
    required = [variable for variable in channel.variables if variable.required]
    if not any(values[variable] for variable in required):
        return None
    missing = [variable.name for variable in required if not values[variable]]
    if missing:
        given = ", ".join(variable.name for variable in required if values[variable])
        raise ChannelConfigError(
            f"the {channel.name} channel is half-configured: {' and '.join(missing)} not set "
            f"(set {'them' if len(missing) > 1 else 'it'}, or unset {given} to leave {channel.name} off)"
        )
    for variable, value in values.items():
        if value and variable.https_only and not value.startswith("https://"):
            raise ChannelConfigError(f"{variable.name} must be an https:// URL, got {value!r}")
        if value and variable.url and not value.startswith(("http://", "https://")):
            raise ChannelConfigError(f"{variable.name} must be an http:// or https:// URL, got {value!r}")
    return {variable.key: value for variable, value in values.items() if value}


def configured(environ: Mapping[str, str]) -> dict[Channel, dict[str, str]]:
    """Each messaging channel whose variables are set, with its credentials section."""
    sections = {channel: _section(channel, environ) for channel in CHANNELS}
    return {channel: section for channel, section in sections.items() if section is not None}


def credentials(environ: Mapping[str, str]) -> dict:
    """The always-on channels of credentials.yml plus every messaging channel that is configured."""
    content = yaml.safe_load(BASE_FILE.read_text(encoding="utf-8")) or {}
    content.update({channel.connector: section for channel, section in configured(environ).items()})
    return content


def write_credentials(data_dir: Path, environ: Mapping[str, str] | None = None) -> Path:
    """Writes the credentials Rasa reads to the data folder (owner-only) and returns the path."""
    environ = os.environ if environ is None else environ
    content = credentials(environ)
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / FILE_NAME
    temporary = path.with_suffix(".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write("# Written by service/credentials.py at start-up from the environment; edits are overwritten.\n")
        yaml.safe_dump(content, file, sort_keys=False, allow_unicode=True)
    os.replace(temporary, path)
    names = ", ".join(channel.name for channel in configured(environ)) or "none (see the README to add one)"
    print(f"run: messaging channels: {names}", flush=True)
    return path
