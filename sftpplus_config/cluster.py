"""Cluster lints (docs/cluster.md).

Each node of a cluster is described by a :class:`NodeConfig`: the
components that matter to a cluster (``[server]``, services, event
handlers, resources, transfers) with their effective values after
overrides and deploy-time variables, each value remembering the file and
span it was written at. :func:`check_cluster` compares the nodes:

* ``shared-writable-path`` (error): two nodes write the same local-file
  event-handler ``path``, database event-handler ``path`` or sqlite
  resource ``path`` (defaults included);
* ``duplicate-server-identity`` (error): two nodes have the same
  ``[server] uuid``;
* ``multiple-config-managers`` (warning): more than one node runs an
  enabled ``manager`` service, or more than one node is the node-sync
  ``controller``;
* ``missing-controller`` (warning): nodes use a node-sync resource but
  none of them has ``role_in_cluster = controller``;
* ``duplicated-transfer`` (warning): an enabled transfer is active on
  every node and its ``cluster_activation`` is not set, so every node runs
  it.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping, Sequence

from ._record import field, record
from .components import split_section_name
from .findings import Finding, Related, Severity
from .span import Span
from .syntax import Document, Section
from .values import parse_bool
from .variables import expand_text, validate_variables

__all__ = [
    "CLUSTER_KINDS",
    "ComponentView",
    "NodeConfig",
    "Value",
    "check_cluster",
    "node_config",
]

CLUSTER_KINDS: frozenset[str] = frozenset(
    {"server", "services", "event-handlers", "resources", "transfers"}
)

_DEFAULT_PATHS: dict[tuple[str, str], str] = {
    ("event-handlers", "local-file"): "log/server.log",
    ("resources", "sqlite"): "configuration/cache.db3",
}
_WRITABLE: frozenset[tuple[str, str]] = frozenset(
    {("event-handlers", "local-file"), ("event-handlers", "database"), ("resources", "sqlite")}
)


@record
class Value:
    """An effective value and where it was written."""

    text: str
    span: Span
    file: str | None


@record
class ComponentView:
    """One section of a node: its header position and effective options
    (lower-case names)."""

    name: str
    span: Span
    file: str | None
    options: Mapping[str, Value]

    @property
    def kind(self) -> str:
        return split_section_name(self.name)[0]

    @property
    def type(self) -> str | None:
        value = self.options.get("type")
        return value.text.strip().lower() if value is not None else None

    def flag(self, option: str, default: bool) -> bool:
        value = self.options.get(option)
        if value is None or not value.text.strip():
            return default
        try:
            return parse_bool(value.text)
        except ValueError:
            return default


@record
class NodeConfig:
    """The cluster-relevant components of one node."""

    name: str
    components: tuple[ComponentView, ...] = field(default=())

    def of(self, kind: str, type_: str | None = None) -> list[ComponentView]:
        return [c for c in self.components if c.kind == kind and (type_ is None or c.type == type_)]


def node_config(
    name: str,
    base: Document,
    overrides: Sequence[Document] = (),
    variables: Mapping[str, str] | None = None,
) -> NodeConfig:
    """The node ``name`` made of ``base`` with ``overrides`` applied and
    ``variables`` (``host.name``, ``host.fqdn``, user variables) expanded
    everywhere, ``{host.*}`` included: what the node's SFTPPlus sees."""
    checked = validate_variables(variables or {})
    return _node_from_sections(
        name, [(base, base.sections), *[(o, o.sections) for o in overrides]], checked
    )


def _node_from_sections(
    name: str,
    layers: Sequence[tuple[Document, Iterable[Section]]],
    variables: Mapping[str, str],
) -> NodeConfig:
    headers: dict[str, tuple[Span, str | None]] = {}
    raw: dict[str, dict[str, Value]] = {}
    for doc, sections in layers:
        for section in sections:
            section_name = section.name
            assert section_name is not None
            if split_section_name(section_name)[0] not in CLUSTER_KINDS:
                continue
            headers.setdefault(section_name, (section.span, doc.path))
            options = raw.setdefault(section_name, {})
            for option in section.options():
                if doc is layers[0][0] and option.name in options:
                    continue  # a duplicate option in the base: the first one counts
                options[option.name] = Value(option.value, option.span, doc.path)
    views: list[ComponentView] = []
    for section_name, options in raw.items():
        kind = split_section_name(section_name)[0]
        type_value = options.get("type")
        type_ = type_value.text.strip().lower() if type_value is not None else None
        expanded = {
            key: Value(
                expand_text(value.text, variables, kind=kind, type_=type_, option=key),
                value.span,
                value.file,
            )
            for key, value in options.items()
        }
        span, file = headers[section_name]
        views.append(ComponentView(section_name, span, file, expanded))
    return NodeConfig(name, tuple(views))


# -- the lints -----------------------------------------------------------------


@record
class _Place:
    node: str
    span: Span
    file: str | None
    section: str
    option: str | None


def _place(node: NodeConfig, component: ComponentView, option: str) -> _Place:
    value = component.options.get(option)
    if value is None:
        return _Place(node.name, component.span, component.file, component.name, None)
    return _Place(node.name, value.span, value.file, component.name, option)


def _is_controller(sync: ComponentView) -> bool:
    role = sync.options.get("role_in_cluster")
    return role is not None and role.text.strip().lower() == "controller"


def _controller(node: NodeConfig) -> bool:
    return any(_is_controller(sync) for sync in node.of("resources", "node-sync"))


def _active_on(component: ComponentView, node: NodeConfig) -> bool:
    """Whether ``cluster_activation`` lets the component run on ``node``."""
    value = component.options.get("cluster_activation")
    activation = value.text.strip().lower() if value is not None else "all"
    if activation in ("", "all"):
        return True
    if activation == "controller":
        return _controller(node)
    if activation == "node":
        return not _controller(node)
    server = node.of("server")
    uuid = server[0].options.get("uuid") if server else None
    return uuid is not None and uuid.text.strip().lower() == activation


def _conflict(
    rule: str,
    severity: Severity,
    message: str,
    places: list[_Place],
    hint: str,
) -> list[Finding]:
    """One finding per distinct place, each relating to the others; none
    when the places are all on one node."""
    findings: list[Finding] = []
    if len({p.node for p in places}) < 2:
        return findings
    seen: set[tuple[str | None, Span]] = set()
    for place in places:
        key = (place.file, place.span)
        if key in seen:
            continue
        seen.add(key)
        others = tuple(Related(p.span, f"node {p.node}", p.file) for p in places if p is not place)
        nodes = ", ".join(sorted({p.node for p in places}))
        findings.append(
            Finding(
                rule,
                severity,
                f"{message} (nodes {nodes})",
                place.span,
                place.file,
                place.section,
                place.option,
                hint,
                others,
            )
        )
    return findings


def _normal_path(text: str) -> str:
    path = text.strip().replace("\\", "/")
    return posixpath.normpath(path) if path else path


def check_cluster(nodes: Sequence[NodeConfig]) -> list[Finding]:
    """Cluster findings over ``nodes`` (sorted by file and position)."""
    findings: list[Finding] = []
    # shared writable paths
    writers: dict[str, list[_Place]] = {}
    log_files: set[str] = set()
    for node in nodes:
        for component in node.components:
            kind_type = (component.kind, component.type or "")
            if kind_type not in _WRITABLE or not component.flag("enabled", True):
                continue
            value = component.options.get("path")
            text = value.text if value is not None else _DEFAULT_PATHS.get(kind_type, "")
            if not text.strip():
                continue
            key = _normal_path(text)
            writers.setdefault(key, []).append(_place(node, component, "path"))
            if kind_type == ("event-handlers", "local-file"):
                log_files.add(key)
    for path, places in writers.items():
        findings += _conflict(
            "shared-writable-path",
            "error",
            f"`{path}` is written by more than one node",
            places,
            "put {host.name} in the file name, e.g. path = log/server-{host.name}.log"
            if path in log_files
            else "set a distinct path per node in its override file (SFTPPlus "
            "expands {host.name} only in local-file paths)",
        )
    # server identity
    uuids: dict[str, list[_Place]] = {}
    for node in nodes:
        for server in node.of("server"):
            value = server.options.get("uuid")
            if value is not None and value.text.strip():
                uuids.setdefault(value.text.strip().lower(), []).append(
                    _place(node, server, "uuid")
                )
    for uuid, places in uuids.items():
        findings += _conflict(
            "duplicate-server-identity",
            "error",
            f"server uuid {uuid} is used by more than one node",
            places,
            "set a distinct [server] uuid per node in its override file",
        )
    # configuration managers
    managers = [
        _place(node, service, "type")
        for node in nodes
        for service in node.of("services", "manager")
        if service.flag("enabled", True) and _active_on(service, node)
    ]
    findings += _conflict(
        "multiple-config-managers",
        "warning",
        "more than one node runs a manager service that can change the configuration",
        managers,
        "enable the manager service on one node only, or set cluster_activation = controller",
    )
    sync_nodes = [n for n in nodes if n.of("resources", "node-sync")]
    controllers = [
        _place(node, sync, "role_in_cluster")
        for node in sync_nodes
        for sync in node.of("resources", "node-sync")
        if _is_controller(sync)
    ]
    findings += _conflict(
        "multiple-config-managers",
        "warning",
        "more than one node is the node-sync controller",
        controllers,
        "set role_in_cluster = controller on exactly one node",
    )
    if sync_nodes and not controllers:
        places = [
            _place(n, n.of("resources", "node-sync")[0], "role_in_cluster") for n in sync_nodes
        ]
        findings += _conflict(
            "missing-controller",
            "warning",
            "no node is the node-sync controller",
            places,
            "set role_in_cluster = controller on exactly one node",
        )
    # transfers running everywhere
    if len(nodes) > 1:
        transfers: dict[str, list[tuple[NodeConfig, ComponentView]]] = {}
        for node in nodes:
            for transfer in node.of("transfers"):
                transfers.setdefault(transfer.name, []).append((node, transfer))
        for name, found in transfers.items():
            active = [
                (node, t) for node, t in found if t.flag("enabled", True) and _active_on(t, node)
            ]
            if len({node.name for node, _ in active}) < len(nodes):
                continue
            if any("cluster_activation" in t.options for _, t in active):
                continue
            findings += _conflict(
                "duplicated-transfer",
                "warning",
                f"transfer [{name}] runs on every node, so each file is transferred once per node",
                [_place(node, t, "enabled") for node, t in active],
                "set cluster_activation = controller (or a node UUID); write "
                "cluster_activation = all if every node should run it",
            )
    findings.sort(key=lambda f: (f.file or "", f.span.line, f.span.column, f.rule))
    return findings
