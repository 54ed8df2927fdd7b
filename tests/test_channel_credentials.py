"""The channels Rasa listens on, written at start-up from the environment."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest
import yaml

from service.credentials import CHANNELS, ChannelConfigError, credentials, write_credentials

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
ALWAYS_ON = {"channels.rest.CheckedRestInput", "channels.socketio.CheckedSocketIOInput"}
FULL = {
    "CALLBACK_URL": "http://crm.example/rasa",
    "TELEGRAM_TOKEN": "123456:ABC",
    "TELEGRAM_WEBHOOK_URL": "https://chat.example/webhooks/telegram/webhook",
    "FACEBOOK_VERIFY_TOKEN": "verify",
    "FACEBOOK_APP_SECRET": "app-secret",
    "FACEBOOK_PAGE_ACCESS_TOKEN": "page-token",
    "TWILIO_ACCOUNT_SID": "AC123",
    "TWILIO_AUTH_TOKEN": "auth-token",
    "TWILIO_NUMBER": "whatsapp:+14155238886",
    "SLACK_BOT_TOKEN": "xoxb-1",
    "SLACK_SIGNING_SECRET": "signing",
    "LINE_CHANNEL_SECRET": "channel-secret",
    "LINE_CHANNEL_ACCESS_TOKEN": "channel-token",
}
MANY_VARIABLES = [channel for channel in CHANNELS if sum(variable.required for variable in channel.variables) > 1]


def test_with_no_channel_variables_only_rest_and_socketio_are_on():
    assert set(credentials({})) == ALWAYS_ON


def test_every_channel_whose_variables_are_set_is_switched_on():
    content = credentials(FULL)
    assert set(content) == ALWAYS_ON | {channel.connector for channel in CHANNELS}
    assert content["channels.facebook.VerifiedFacebookInput"] == {
        "verify": "verify",
        "secret": "app-secret",
        "page-access-token": "page-token",
    }
    assert content["channels.callback.CheckedCallbackInput"] == {"url": "http://crm.example/rasa"}


def test_optional_settings_are_written_only_when_set_and_do_not_switch_a_channel_on():
    assert set(credentials({"TELEGRAM_API_URL": "http://127.0.0.1:9/telegram"})) == ALWAYS_ON
    content = credentials({**FULL, "TWILIO_WEBHOOK_URL": "https://chat.example/webhooks/twilio/webhook"})
    assert content["channels.twilio.VerifiedTwilioInput"]["webhook_url"].startswith("https://chat.example")
    assert "api_url" not in content["channels.twilio.VerifiedTwilioInput"]


@pytest.mark.parametrize("channel", MANY_VARIABLES, ids=lambda channel: channel.name)
def test_a_half_configured_channel_stops_the_start_naming_the_missing_variable(channel):
    *given, missing = [variable.name for variable in channel.variables if variable.required]
    with pytest.raises(ChannelConfigError, match=re.escape(missing)) as error:
        credentials({name: FULL[name] for name in given})
    assert "\n" not in str(error.value)


def test_telegram_needs_an_https_webhook_and_urls_need_a_scheme():
    with pytest.raises(ChannelConfigError, match="TELEGRAM_WEBHOOK_URL must be an https://"):
        credentials({**FULL, "TELEGRAM_WEBHOOK_URL": "http://chat.example/webhooks/telegram/webhook"})
    with pytest.raises(ChannelConfigError, match="LINE_API_URL"):
        credentials({**FULL, "LINE_API_URL": "api.line.me"})


def test_the_file_rasa_reads_is_written_to_the_data_folder_for_the_owner_only(tmp_path):
    path = write_credentials(tmp_path / "data", {"LINE_CHANNEL_SECRET": "s", "LINE_CHANNEL_ACCESS_TOKEN": "t"})
    assert path == tmp_path / "data" / "credentials.yml"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert set(yaml.safe_load(path.read_text())) == ALWAYS_ON | {"channels.line.LineInput"}


def test_the_readme_documents_every_channel_variable():
    undocumented = [
        variable.name for channel in CHANNELS for variable in channel.variables if f"`{variable.name}`" not in README
    ]
    assert not undocumented
