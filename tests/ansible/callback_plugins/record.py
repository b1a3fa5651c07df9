"""A test callback: every task's result, by task name (and host, when the
play has several), written as JSON to $SFTPPLUS_TEST_RESULTS at the end."""

from __future__ import annotations

import json
import os
from typing import Any

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):  # type: ignore[misc]
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "record"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self) -> None:
        super().__init__()
        self.results: dict[str, dict[str, Any]] = {}

    def _record(self, result: Any, status: str) -> None:
        host = result._host.get_name()
        name = result._task.get_name()
        key = name if host == "localhost" else f"{host}: {name}"
        self.results[key] = {**result._result, "status": status}

    def v2_runner_on_ok(self, result: Any) -> None:
        self._record(result, "ok")

    def v2_runner_on_failed(self, result: Any, ignore_errors: bool = False) -> None:
        self._record(result, "failed")

    def v2_runner_on_skipped(self, result: Any) -> None:
        self._record(result, "skipped")

    def v2_playbook_on_stats(self, stats: Any) -> None:
        with open(os.environ["SFTPPLUS_TEST_RESULTS"], "w", encoding="utf-8") as stream:
            json.dump(self.results, stream, indent=1, default=str)
