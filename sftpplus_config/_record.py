"""Value classes that cost little to define: the part of :mod:`dataclasses`
the package uses (slotted classes, frozen by default, with ``__init__``,
``__repr__``, ``__eq__``, ``__hash__`` and, on request, ordering).

Why not :mod:`dataclasses` itself: a pre-commit ``validate`` run starts a
fresh interpreter, and importing ``dataclasses`` (which imports
``inspect``, ``ast`` and ``tokenize``) and then making the two dozen classes
a run needs cost about a third of the instructions of a whole run on a small
file; this module makes a class with one compiled function (``__init__``)
and shares the rest. Type checkers see these classes as dataclasses
(``typing.dataclass_transform``), and ``tests/test_record.py`` checks that
they behave like the classes :mod:`dataclasses` makes from the same body.

Supported: fields with defaults or ``field(default=..., default_factory=...,
compare=..., repr=...)``, ``ClassVar`` annotations (not fields), ``frozen``
(the default), ``order``; always ``slots``; no inheritance between records.
"""

from __future__ import annotations

from collections.abc import Callable
from keyword import iskeyword
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform, overload

__all__ = ["FrozenError", "field", "fields", "record", "replace"]

_T = TypeVar("_T")
_MISSING: Any = object()


class FrozenError(AttributeError):
    """An attempt to set or delete an attribute of a frozen record."""


class _Field:
    __slots__ = ("compare", "default", "factory", "repr")

    def __init__(self, default: Any, factory: Any, compare: bool, repr: bool) -> None:
        self.default = default
        self.factory = factory
        self.compare = compare
        self.repr = repr


def field(
    *,
    default: Any = _MISSING,
    default_factory: Callable[[], Any] | Any = _MISSING,
    compare: bool = True,
    repr: bool = True,
) -> Any:
    """A field's options, as :func:`dataclasses.field` takes them."""
    return _Field(default, default_factory, compare, repr)


def fields(cls_or_instance: Any) -> tuple[str, ...]:
    """The names of a record's fields, in order."""
    names: tuple[str, ...] = cls_or_instance.__record_fields__
    return names


def replace(obj: _T, /, **changes: Any) -> _T:
    """A copy of the record ``obj`` with some fields changed."""
    cls = type(obj)
    for name in cls.__record_fields__:  # type: ignore[attr-defined]
        if name not in changes:
            changes[name] = getattr(obj, name)
    result: _T = cls(**changes)
    return result


def _is_classvar(annotation: Any) -> bool:
    text = annotation if isinstance(annotation, str) else repr(annotation)
    return text.startswith(("ClassVar", "typing.ClassVar"))


def _make(cls: type, frozen: bool, order: bool) -> type:
    namespace = dict(cls.__dict__)
    annotations: dict[str, Any] = namespace.get("__annotations__", {})
    names: list[str] = []
    specs: list[_Field] = []
    for name, annotation in annotations.items():
        if _is_classvar(annotation):
            continue
        if not name.isidentifier() or iskeyword(name):
            # the names go into the source of ``__init__`` below: only the
            # identifiers of a class body, never text from elsewhere
            raise TypeError(f"{cls.__name__}: field name {name!r} is not an identifier")
        value = namespace.pop(name, _MISSING)
        spec = value if isinstance(value, _Field) else _Field(value, _MISSING, True, True)
        names.append(name)
        specs.append(spec)
    namespace.pop("__dict__", None)
    namespace.pop("__weakref__", None)
    namespace["__slots__"] = tuple(names)
    namespace["__record_fields__"] = tuple(names)
    new = type(cls)(cls.__name__, cls.__bases__, namespace)
    new.__qualname__ = cls.__qualname__

    # __init__: the one compiled function (creating instances is hot)
    scope: dict[str, Any] = {"_MISSING": _MISSING}
    params: list[str] = []
    body: list[str] = []
    for number, (name, spec) in enumerate(zip(names, specs, strict=True)):
        setter = f"_set{number}"
        scope[setter] = getattr(new, name).__set__
        if spec.factory is not _MISSING:
            scope[f"_factory{number}"] = spec.factory
            params.append(f"{name}=_MISSING")
            body.append(f" if {name} is _MISSING: {name} = _factory{number}()")
        elif spec.default is not _MISSING:
            scope[f"_default{number}"] = spec.default
            params.append(f"{name}=_default{number}")
        else:
            if any("=" in param for param in params):
                raise TypeError(
                    f"{cls.__name__}: field {name!r} without a default follows one with"
                )
            params.append(name)
        body.append(f" {setter}(self, {name})")
    source = f"def __init__(self, {', '.join(params)}):\n" + ("\n".join(body) or " pass") + "\n"
    # compiled once per class, as dataclasses does: the source is made of the
    # checked field names and generated local names only
    exec(compile(source, f"<record {cls.__qualname__}>", "exec"), scope)  # noqa: S102
    init = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    methods: dict[str, Any] = {"__init__": init}

    shown = [name for name, spec in zip(names, specs, strict=True) if spec.repr]
    compared = tuple(name for name, spec in zip(names, specs, strict=True) if spec.compare)
    key: Callable[[Any], Any]
    if len(compared) == 1:
        single = attrgetter(compared[0])
        key = lambda obj: (single(obj),)
    elif compared:
        key = attrgetter(*compared)
    else:
        key = lambda obj: ()

    def __repr__(self: Any) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"{type(self).__qualname__}({inner})"

    def __eq__(self: Any, other: Any) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return bool(key(self) == key(other))

    if "__repr__" not in cls.__dict__:
        methods["__repr__"] = __repr__
    methods["__eq__"] = __eq__
    if frozen:

        def __hash__(self: Any) -> int:
            return hash(key(self))

        def __setattr__(self: Any, name: str, value: Any) -> None:
            raise FrozenError(f"cannot assign to field {name!r} of a frozen {cls.__name__}")

        def __delattr__(self: Any, name: str) -> None:
            raise FrozenError(f"cannot delete field {name!r} of a frozen {cls.__name__}")

        methods["__hash__"] = __hash__
        methods["__setattr__"] = __setattr__
        methods["__delattr__"] = __delattr__
    else:
        methods["__hash__"] = None
    if order:

        def _compare(op: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
            def compare(self: Any, other: Any) -> bool:
                if other.__class__ is not self.__class__:
                    unordered: bool = NotImplemented
                    return unordered
                return bool(op(key(self), key(other)))

            return compare

        methods["__lt__"] = _compare(lambda a, b: a < b)
        methods["__le__"] = _compare(lambda a, b: a <= b)
        methods["__gt__"] = _compare(lambda a, b: a > b)
        methods["__ge__"] = _compare(lambda a, b: a >= b)

    setters = [getattr(new, name).__set__ for name in names]

    def __getstate__(self: Any) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in names)

    def __setstate__(self: Any, state: tuple[Any, ...]) -> None:
        for setter, value in zip(setters, state, strict=True):
            setter(self, value)

    methods["__getstate__"] = __getstate__
    methods["__setstate__"] = __setstate__
    methods["__match_args__"] = tuple(names)
    for name, method in methods.items():
        setattr(new, name, method)
    return new


@overload
def record(cls: type[_T], /) -> type[_T]: ...


@overload
def record(*, frozen: bool = True, order: bool = False) -> Callable[[type[_T]], type[_T]]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def record(
    cls: type[_T] | None = None, /, *, frozen: bool = True, order: bool = False
) -> type[_T] | Callable[[type[_T]], type[_T]]:
    """Make ``cls`` a slotted value class (see the module); ``@record`` or
    ``@record(frozen=False, order=True)``."""

    def wrap(target: type[_T]) -> type[_T]:
        made: type[_T] = _make(target, frozen, order)
        return made

    return wrap if cls is None else wrap(cls)
