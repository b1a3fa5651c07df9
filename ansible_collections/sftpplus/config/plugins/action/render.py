"""The action of sftpplus.config.render: ``host_name`` defaults to the
host's ``inventory_hostname``, then the module runs on the managed host."""

from __future__ import annotations

from typing import Any

from ansible.plugins.action import ActionBase


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _supports_check_mode = True
    _supports_async = False

    def run(self, tmp: Any = None, task_vars: dict[str, Any] | None = None) -> dict[str, Any]:
        task_vars = task_vars or {}
        result = super().run(tmp, task_vars)
        args = dict(self._task.args)
        if args.get("host_name") is None and "inventory_hostname" in task_vars:
            args["host_name"] = task_vars["inventory_hostname"]
        result.update(
            self._execute_module(
                module_name="sftpplus.config.render", module_args=args, task_vars=task_vars
            )
        )
        return result
