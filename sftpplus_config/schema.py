"""The catalog of SFTPPlus components and options, read from ``schema/``.

The JSON Schema files are the single source of truth: this module only reads
them (with :mod:`json`, so that importing it stays cheap) and answers
questions such as "which types does this kind have", "what is the canonical
spelling of this type" or "how is this option typed".

The files are found in the installed package (``sftpplus_config/_schema``,
put there by the wheel build) or, for editable installs and source
checkouts, in the repository's top-level ``schema/`` folder.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from ._record import field, record, replace
from .exceptions import SftpplusConfigError

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = [
    "SCHEMA_BASE_URI",
    "Catalog",
    "OptionSpec",
    "SchemaNotFoundError",
    "load_catalog",
    "schema_directory",
]

#: Base of the ``$id`` of every schema file (``<base><file name>``).
SCHEMA_BASE_URI = "https://sftpplus-config.github.io/schema/1/"
#: The file describing a whole configuration.
SERVER_INI_FILE = "server-ini.json"
#: The kind of the ``[server]`` section.
SERVER_KIND = "server"

_EMPTY_MAPPING: Mapping[str, OptionSpec] = MappingProxyType({})


class SchemaNotFoundError(SftpplusConfigError, FileNotFoundError):
    """The schema files were found neither in the package nor in the repository.

    Raised by the library, not meant to be raised by users.
    """


@record
class OptionSpec:
    """How one option of one kind (and type) is documented and typed.

    ``default`` is the default as documented, with the documentation's
    spellings of "empty" given as ``""``; it is ``None`` for options the
    documentation does not list.  ``default_value`` is the same default as a
    typed value of the projection, or ``None`` when the documented default is
    prose or not a valid value.
    """

    name: str
    kind: str
    type: str | None
    value_type: str
    json_type: str
    description: str
    default: str | None = None
    default_value: Any = None
    since: str | None = None
    secret: bool = False
    values: tuple[str, ...] = ()
    item_values: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    pattern: str | None = None
    item_pattern: str | None = None
    minimum: int | float | None = None
    maximum: int | float | None = None
    min_items: int | None = None
    max_items: int | None = None
    separator: str | None = None
    unit: str | None = None
    allows_empty: bool = False
    negatable: bool = False
    required: bool = False
    documented: bool = True
    max_length: int | None = None
    #: per-value since-versions of documented words (``{"tlsv1.3": "3.47.0"}``)
    value_since: Mapping[str, str] = field(default_factory=dict, compare=False)
    #: the version from which a list may hold more than one item
    multiple_since: str | None = None
    #: the types a reference may point at, per kind (``{"vault-items": ("pgp-public",)}``)
    reference_types: Mapping[str, tuple[str, ...]] = field(default_factory=dict, compare=False)
    #: which fields of each line hold the ids (``fields-3-and-later``...)
    reference_position: str | None = None
    #: other things a reference list may hold (``email-address``...)
    reference_also: tuple[str, ...] = ()
    #: earlier defaults (``[{"default": "No", "until_major_version": 4}]``)
    default_history: tuple[Mapping[str, Any], ...] = field(default=(), compare=False)
    schema: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)


def schema_directory() -> Traversable:
    """Where the schema files are: the installed package, else the repository.

    A wheel ships them as ``sftpplus_config/_schema``.  For a package on disk
    that is the folder next to this module, which is checked first because
    importing :mod:`importlib.resources` costs more than the check; other
    loaders (zip files) go through :func:`importlib.resources.files`.  An
    editable install or a source checkout has no ``_schema`` folder and
    uses the repository's top-level ``schema/``.
    """
    here = Path(__file__).resolve().parent
    packaged: Traversable = here / "_schema"
    if packaged.is_dir():
        return packaged
    repository = here.parent / "schema"
    # a source checkout or an editable install: checked before
    # importlib.resources, whose import costs a pre-commit run ~6 ms
    if here.is_dir() and (repository / SERVER_INI_FILE).is_file():
        return repository
    from importlib import resources

    packaged = resources.files("sftpplus_config") / "_schema"
    if packaged.is_dir():
        return packaged
    raise SchemaNotFoundError(
        f"the sftpplus-config schema files are missing (looked in the package and in {repository})"
    )


def _read_json(entry: Traversable) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(entry.read_text(encoding="utf-8"))
    return document


def _alternatives(node: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    any_of = node.get("anyOf")
    if isinstance(any_of, list):
        return [alt for alt in any_of if isinstance(alt, Mapping)]
    return [node]


def _split_enum(node: Mapping[str, Any]) -> tuple[list[Any], Mapping[str, Any] | None]:
    """The enumerated words and the typed alternative of a value schema."""
    words: list[Any] = []
    typed: Mapping[str, Any] | None = None
    for alt in _alternatives(node):
        if "enum" in alt and "type" not in alt:
            words.extend(alt["enum"])
        elif "const" in alt:
            words.append(alt["const"])
        else:
            typed = alt
    return words, typed


def _option_spec(
    kind: str, type_: str | None, name: str, node: Mapping[str, Any], required: bool
) -> OptionSpec:
    words, typed = _split_enum(node)
    json_type = str(typed.get("type", "string")) if typed is not None else "string"
    pattern = typed.get("pattern") if typed is not None else None
    item_values: tuple[str, ...] = ()
    item_pattern: str | None = None
    separator: str | None = None
    min_items = max_items = None
    if typed is not None and json_type == "array":
        separator = str(typed.get("x-separator", "comma"))
        min_items = typed.get("minItems")
        max_items = typed.get("maxItems")
        item_words, item_typed = _split_enum(typed.get("items", {}))
        item_values = tuple(str(word) for word in item_words)
        if item_typed is not None:
            item_pattern = item_typed.get("pattern")
    # an enum-only schema has no typed alternative: it takes no free text
    free_text = typed is not None and json_type == "string" and pattern is None
    return OptionSpec(
        name=name,
        kind=kind,
        type=type_,
        value_type=str(node.get("x-value-type", json_type)),
        json_type=json_type,
        description=str(node.get("description", "")),
        default=node.get("x-documented-default"),
        default_value=node.get("default"),
        since=node.get("x-since"),
        secret=bool(node.get("x-secret", False)),
        values=tuple(str(word) for word in words if word != ""),
        item_values=item_values,
        references=tuple(node.get("x-reference", ())),
        pattern=pattern,
        item_pattern=item_pattern,
        minimum=typed.get("minimum") if typed is not None else None,
        maximum=typed.get("maximum") if typed is not None else None,
        min_items=min_items,
        max_items=max_items,
        separator=separator,
        unit=node.get("x-unit"),
        allows_empty="" in words or free_text,
        negatable=bool(node.get("x-negatable", False)),
        required=required,
        documented="x-undocumented" not in node,
        max_length=typed.get("maxLength") if typed is not None else None,
        value_since=node.get("x-value-since", {}),
        multiple_since=node.get("x-multiple-since"),
        reference_types={k: tuple(v) for k, v in node.get("x-reference-types", {}).items()},
        reference_position=node.get("x-reference-position"),
        reference_also=tuple(node.get("x-reference-also", ())),
        default_history=tuple(node.get("x-default-history", ())),
        schema=node,
    )


def _group_specs(kind: str, type_: str | None, group: Mapping[str, Any]) -> dict[str, OptionSpec]:
    required = set(group.get("required", ()))
    properties: Mapping[str, Any] = group.get("properties", {})
    return {
        name: _option_spec(kind, type_, name, node, name in required)
        for name, node in properties.items()
    }


class _KindInfo:
    """The parsed view of one kind file; option specs are built on first use."""

    def __init__(self, kind: str, document: Mapping[str, Any]) -> None:
        self.kind = kind
        self.document = document
        self.types: tuple[str, ...] = tuple(document.get("x-types", ()))
        self.aliases: Mapping[str, str] = document.get("x-type-aliases", {})
        self.default_type: str | None = document.get("x-default-type")
        self._common: dict[str, OptionSpec] | None = None
        self._by_type: dict[str, Mapping[str, OptionSpec]] = {}

    @property
    def defs(self) -> Mapping[str, Any]:
        defs: Mapping[str, Any] = self.document.get("$defs", {})
        return defs

    def common(self) -> dict[str, OptionSpec]:
        if self._common is None:
            self._common = _group_specs(self.kind, None, self.defs.get("common", {}))
        return self._common

    def group(self, type_: str | None) -> Mapping[str, Any]:
        """The schema of the common group (``None``) or of one type."""
        group: Mapping[str, Any] = self.defs.get("common" if type_ is None else f"type-{type_}", {})
        return group

    def options(self, type_: str | None) -> Mapping[str, OptionSpec]:
        if type_ is None or type_ not in self.types:
            return MappingProxyType(self.common())
        cached = self._by_type.get(type_)
        if cached is None:
            merged = {name: _replace_type(spec, type_) for name, spec in self.common().items()}
            merged.update(_group_specs(self.kind, type_, self.defs.get(f"type-{type_}", {})))
            cached = MappingProxyType(dict(sorted(merged.items())))
            self._by_type[type_] = cached
        return cached


def _replace_type(spec: OptionSpec, type_: str) -> OptionSpec:
    """The common option as seen from one type."""
    return replace(spec, type=type_)


class Catalog:
    """Kinds, types and options of SFTPPlus, as described by the schema files.

    Build it from parsed files (``Catalog(files)``) or from a folder
    (:meth:`from_directory`, which reads each kind file on first use).
    """

    def __init__(
        self,
        files: Mapping[str, Mapping[str, Any]],
        directory: Traversable | None = None,
    ) -> None:
        self._loaded: dict[str, Mapping[str, Any]] = dict(files)
        self._directory = directory
        if SERVER_INI_FILE not in self._loaded:
            raise SchemaNotFoundError(f"{SERVER_INI_FILE} is missing")
        index = self._loaded[SERVER_INI_FILE]
        self._kinds: tuple[str, ...] = tuple(index.get("x-kinds", ()))
        self._info: dict[str, _KindInfo] = {}

    @classmethod
    def from_directory(cls, directory: Traversable) -> Catalog:
        """The catalog of the ``*.json`` schema files in ``directory``."""
        index = directory / SERVER_INI_FILE
        if not index.is_file():
            raise SchemaNotFoundError(f"{SERVER_INI_FILE} is missing from {directory}")
        return cls({SERVER_INI_FILE: _read_json(index)}, directory)

    @property
    def files(self) -> Mapping[str, Mapping[str, Any]]:
        """File name to parsed JSON of every schema file, for building a JSON
        Schema registry."""
        for kind in self._kinds:
            self.schema(f"{kind}.json")
        return MappingProxyType(self._loaded)

    def _file(self, name: str) -> Mapping[str, Any] | None:
        document = self._loaded.get(name)
        if document is None and self._directory is not None:
            entry = self._directory / name
            if entry.is_file():
                document = _read_json(entry)
                self._loaded[name] = document
        return document

    def schema(self, name: str) -> Mapping[str, Any]:
        """One parsed schema file, by file name (``"accounts.json"``)."""
        document = self._file(name)
        if document is None:
            raise SchemaNotFoundError(f"{name} is missing")
        return document

    def kinds(self) -> tuple[str, ...]:
        """Every section kind, ``server`` included, sorted."""
        return self._kinds

    def _kind(self, kind: str) -> _KindInfo | None:
        info = self._info.get(kind)
        if info is None:
            if kind not in self._kinds:
                return None
            info = _KindInfo(kind, self.schema(f"{kind}.json"))
            self._info[kind] = info
        return info

    def types(self, kind: str) -> tuple[str, ...]:
        """The canonical type values of a kind (empty for kinds without types)."""
        info = self._kind(kind)
        return info.types if info is not None else ()

    def type_aliases(self, kind: str) -> Mapping[str, str]:
        """Accepted spellings of types, mapped to their canonical name."""
        info = self._kind(kind)
        return MappingProxyType(dict(info.aliases)) if info is not None else _EMPTY_ALIASES

    def default_type(self, kind: str) -> str | None:
        """The type a section of this kind has when it sets none (accounts only)."""
        info = self._kind(kind)
        return info.default_type if info is not None else None

    def canonical_type(self, kind: str, raw_type: str) -> str | None:
        """The canonical type for a written ``type`` value, or ``None`` if unknown.

        Types are case-insensitive and some have aliases (services ``sftp``
        is ``ssh``; resources ``analytics-engine`` is ``analytics``).
        """
        info = self._kind(kind)
        if info is None:
            return None
        wanted = raw_type.strip().lower()
        wanted = info.aliases.get(wanted, wanted)
        return wanted if wanted in info.types else None

    def options(self, kind: str, type_: str | None = None) -> Mapping[str, OptionSpec]:
        """Options of a kind and type; the common options only when ``type_`` is
        ``None`` or unknown."""
        info = self._kind(kind)
        if info is None:
            return _EMPTY_MAPPING
        return info.options(type_)

    def option(self, kind: str, type_: str | None, name: str) -> OptionSpec | None:
        """One option, looked up case-insensitively; ``None`` when unknown."""
        return self.options(kind, type_).get(name.lower())

    @property
    def schema_version(self) -> str | None:
        """The SFTPPlus version the schema documents (``"5.26.2"``)."""
        version = self._loaded[SERVER_INI_FILE].get("x-schema-version")
        return str(version) if version is not None else None

    @property
    def id_forbidden_characters(self) -> str:
        """Characters a section id may not contain."""
        return str(self._loaded[SERVER_INI_FILE].get("x-id-forbidden-characters", ""))

    def kind_history(self) -> Mapping[str, Mapping[str, Any]]:
        """Old kinds (``logs``, ``databases``...) and what became of them."""
        history: Mapping[str, Mapping[str, Any]] = self._loaded[SERVER_INI_FILE].get(
            "x-kind-history", {}
        )
        return history

    def history(self, kind: str) -> Mapping[str, Any]:
        """The old names of a kind's options, types and values
        (``{"options": {...}, "types": {...}, "values": {...}}``)."""
        info = self._kind(kind)
        if info is None:
            return _EMPTY_ALIASES
        history: Mapping[str, Any] = info.document.get("x-history", {})
        return history

    def type_since(self, kind: str, type_: str) -> str | None:
        """The version a type appeared in, where the docs give it."""
        info = self._kind(kind)
        if info is None:
            return None
        since = info.group(type_).get("x-since")
        return str(since) if since is not None else None

    def group_schema(self, kind: str, type_: str | None) -> Mapping[str, Any]:
        """The schema of a kind's common group (``None``) or of one type."""
        info = self._kind(kind)
        return info.group(type_) if info is not None else _EMPTY_ALIASES

    def kind_of(self, section_name: str) -> str | None:
        """The kind of a section name (``server`` or ``<kind>/<id>``), or ``None``."""
        if section_name == SERVER_KIND:
            return SERVER_KIND if SERVER_KIND in self._kinds else None
        kind, slash, ident = section_name.partition("/")
        if not slash or not ident or kind == SERVER_KIND or kind not in self._kinds:
            return None
        return kind

    def iter_options(self) -> Iterator[OptionSpec]:
        """Every (kind, type, option), types expanded; common options of typed
        kinds appear once per type."""
        for kind in self._kinds:
            types = self.types(kind)
            for type_ in types or (None,):
                yield from self.options(kind, type_).values()


_EMPTY_ALIASES: Mapping[str, str] = MappingProxyType({})


@functools.cache
def load_catalog() -> Catalog:
    """The catalog of the installed schema files (read once, then cached)."""
    return Catalog.from_directory(schema_directory())
