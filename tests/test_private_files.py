"""Conversations, inquiries and logs are readable by their owner only (service.run.private_files)."""

from __future__ import annotations

import os
import stat

from service.run import private_files
from service.settings import Settings


def test_files_left_readable_are_closed_and_new_files_are_created_owner_only(tmp_path):
    settings = Settings.isolated(tmp_path / "var", "token")
    settings.data_dir.mkdir()
    left = settings.data_dir / "inquiries.db"
    left.write_text("stored")
    left.chmod(0o644)
    previous = os.umask(0o022)
    try:
        private_files(settings)
        created = settings.log_dir / "rasa.log"
        created.write_text("a log line")
    finally:
        os.umask(previous)
    for path in (left, created):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert stat.S_IMODE(settings.data_dir.stat().st_mode) == 0o700
    assert left.read_text() == "stored"
