"""``_record.record`` makes the classes ``dataclasses.dataclass`` would make
from the same body (for the features the package uses), and a validate
run does not import ``dataclasses`` (nor ``inspect``) at all."""

from __future__ import annotations

import copy
import dataclasses
import pickle
import subprocess
import sys
from typing import ClassVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sftpplus_config._record import FrozenError, field, fields, record, replace

from .conftest import EXAMPLES


@record(order=True)
class Point:
    """A point."""

    x: int
    y: int = 0
    tags: tuple[str, ...] = field(default=())
    notes: list[str] = field(default_factory=list, compare=False)
    secret: str = field(default="", repr=False)
    kind: ClassVar[str] = "point"

    @property
    def total(self) -> int:
        return self.x + self.y


@dataclasses.dataclass(frozen=True, slots=True, order=True)
class Reference:
    """A point."""

    x: int
    y: int = 0
    tags: tuple[str, ...] = dataclasses.field(default=())
    notes: list[str] = dataclasses.field(default_factory=list, compare=False)
    secret: str = dataclasses.field(default="", repr=False)
    kind: ClassVar[str] = "point"


@record(frozen=False)
class Counter:
    name: str
    count: int = 0


VALUES = st.tuples(
    st.integers(-3, 3),
    st.integers(-3, 3),
    st.lists(st.sampled_from("ab"), max_size=2).map(tuple),
    st.lists(st.sampled_from("cd"), max_size=2),
    st.sampled_from(["", "s"]),
)


@given(VALUES, VALUES)
def test_a_record_behaves_like_the_dataclass_of_the_same_body(
    one: tuple[int, int, tuple[str, ...], list[str], str],
    two: tuple[int, int, tuple[str, ...], list[str], str],
) -> None:
    ours = Point(*one), Point(*two)
    theirs = Reference(*one), Reference(*two)
    assert (ours[0] == ours[1]) == (theirs[0] == theirs[1])
    assert (ours[0] < ours[1]) == (theirs[0] < theirs[1])
    assert (ours[0] <= ours[1]) == (theirs[0] <= theirs[1])
    assert (hash(ours[0]) == hash(ours[1])) >= (theirs[0] == theirs[1])
    assert repr(ours[0]).replace("Point", "Reference") == repr(theirs[0])
    assert replace(ours[0], y=9) == Point(one[0], 9, one[2], one[3], one[4])
    assert dataclasses.replace(theirs[0], y=9) == Reference(one[0], 9, one[2], one[3], one[4])
    assert pickle.loads(pickle.dumps(ours[0])) == ours[0]
    assert copy.deepcopy(ours[0]) == ours[0]


def test_defaults_factories_class_variables_and_properties() -> None:
    first, second = Point(1), Point(1)
    assert first.notes == [] and first.notes is not second.notes
    assert Point.kind == "point" and "kind" not in fields(Point)
    assert fields(Point) == ("x", "y", "tags", "notes", "secret")
    assert Point(2, 3).total == 5
    assert Point.__doc__ == "A point." and Point.__qualname__ == "Point"
    assert Point(1, secret="hidden").__repr__().count("hidden") == 0
    with pytest.raises(TypeError):
        Point()  # type: ignore[call-arg]
    assert Point(1) != (1, 0)  # type: ignore[comparison-overlap]  # not a tuple
    assert Point(1).__eq__(Reference(1)) is NotImplemented


def test_frozen_and_mutable_records() -> None:
    point = Point(1)
    with pytest.raises(FrozenError):
        point.x = 2  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del point.x
    with pytest.raises(AttributeError):
        point.other = 1  # type: ignore[attr-defined]
    counter = Counter("a")
    counter.count += 1
    assert counter == Counter("a", 1)
    with pytest.raises(TypeError):
        hash(counter)
    with pytest.raises(TypeError):
        _ = Counter("a") < Counter("b")  # type: ignore[operator]


def test_a_field_without_default_after_one_with_is_refused() -> None:
    with pytest.raises(TypeError, match="without a default"):

        @record
        class Wrong:
            a: int = 0
            b: int  # type: ignore[misc]


def test_validate_imports_neither_dataclasses_nor_inspect() -> None:
    code = (
        "import sys\n"
        "from sftpplus_config.cli.main import main\n"
        f"main(['validate', '-q', {str(EXAMPLES / 'server.ini')!r}])\n"
        "print(sorted(m for m in ('dataclasses', 'inspect') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("name", ["x=1):\n import os\n def f(", "class", "a b", "0x"])
def test_a_field_name_that_is_not_an_identifier_is_refused(name: str) -> None:
    """``__init__`` is compiled from the field names: a name that is not an
    identifier (made with ``type()`` or a crafted ``__annotations__``) never
    reaches the compiler."""
    namespace = {"__annotations__": {name: "int"}, "__module__": __name__}
    with pytest.raises(TypeError, match="not an identifier"):
        record(type("Crafted", (), namespace))
