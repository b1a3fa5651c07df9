"""Properties of diff, patch, merge3 and split over generated documents."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sftpplus_config as sc
from sftpplus_config.diff import (
    AddSection,
    RemoveSection,
    RenameSection,
    SetOption,
    UnsetOption,
    diff,
)
from sftpplus_config.merge3 import merge3
from sftpplus_config.overrides import apply_overrides
from sftpplus_config.patch import apply
from sftpplus_config.split import split

from .ini_models import Model, models, render, variants
from .test_properties import documents

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def related_pair(draw: st.DrawFn) -> tuple[sc.Document, sc.Document]:
    model = draw(models())
    other = draw(variants(model))
    return sc.loads(draw(render(model))), sc.loads(draw(render(other)))


@st.composite
def node_sets(draw: st.DrawFn) -> list[sc.Document]:
    model = draw(models())
    count = draw(st.integers(1, 4))
    nodes: list[Model] = [draw(variants(model)) for _ in range(count)]
    return [sc.loads(draw(render(node))) for node in nodes]


@SETTINGS
@given(st.one_of(documents(), models().flatmap(render)))
def test_diff_of_a_document_with_itself_is_empty(text: str) -> None:
    doc = sc.loads(text)
    assert list(diff(doc, doc)) == []


@SETTINGS
@given(models().flatmap(lambda m: st.tuples(render(m), render(m))))
def test_two_renderings_of_one_model_do_not_differ(texts: tuple[str, str]) -> None:
    assert list(diff(sc.loads(texts[0]), sc.loads(texts[1]))) == []


@SETTINGS
@given(related_pair())
def test_applying_the_diff_gives_the_other_document(pair: tuple[sc.Document, sc.Document]) -> None:
    a, b = pair
    before = a.dumps()
    result = apply(diff(a, b), a)
    assert result.conflicts == ()
    assert result.document.to_dict() == b.to_dict()
    assert a.dumps() == before  # the input is not changed


@SETTINGS
@given(related_pair())
def test_diff_without_renames_also_patches(pair: tuple[sc.Document, sc.Document]) -> None:
    a, b = pair
    ops = diff(a, b, detect_renames=False)
    assert not any(isinstance(op, RenameSection) for op in ops)
    assert apply(ops, a).document.to_dict() == b.to_dict()


@SETTINGS
@given(related_pair())
def test_merge3_with_one_side_unchanged_takes_the_other(
    pair: tuple[sc.Document, sc.Document],
) -> None:
    a, b = pair
    theirs = merge3(a, a, b)
    ours = merge3(a, b, a)
    assert theirs.conflicts == () and ours.conflicts == ()
    assert theirs.document.to_dict() == b.to_dict()
    assert ours.document.to_dict() == b.to_dict()
    assert ours.text == b.dumps()  # nothing to merge: ours' bytes as they were


@SETTINGS
@given(node_sets())
def test_split_recomposes_every_node(nodes: list[sc.Document]) -> None:
    result = split(nodes)
    assert len(result.overrides) == len(nodes)
    for node, override in zip(nodes, result.overrides, strict=True):
        assert apply_overrides(result.base, override).to_dict() == node.to_dict()
    # the base holds nothing that some node lacks or has with another value
    for section, options in result.base.to_dict().items():
        for node in nodes:
            values = node.to_dict()[section]
            assert {k: values.get(k) for k in options} == options


@SETTINGS
@given(
    models().flatmap(
        lambda m: st.tuples(render(m), variants(m).flatmap(render), variants(m).flatmap(render))
    )
)
def test_patch_never_overwrites_silently(texts: tuple[str, str, str]) -> None:
    """Each operation applied to a third document either took effect or is
    reported; when reported, the target's value is left as it was."""
    a, b, c = (sc.loads(text) for text in texts)
    ops = diff(a, b)
    result = apply(ops, c)
    after = result.document.to_dict()
    before = c.to_dict()
    reported = {id(conflict.operation) for conflict in result.conflicts}
    for op in ops:
        if isinstance(op, SetOption | UnsetOption):
            new = op.new if isinstance(op, SetOption) else None
            have = after.get(op.section, {}).get(op.option)
            if id(op) in reported:
                assert have == before.get(op.section, {}).get(op.option)
            else:
                assert have == new
        elif isinstance(op, RemoveSection):
            if id(op) in reported:
                assert after[op.section] == before[op.section]
            else:
                assert op.section not in after
        elif isinstance(op, AddSection) and id(op) not in reported:
            # into an existing section, the target's other options stay
            assert {k.lower(): after[op.section].get(k.lower()) for k, _ in op.options} == {
                k.lower(): v for k, v in op.options
            }
        elif isinstance(op, RenameSection) and id(op) not in reported:
            assert op.new_name in after and op.section not in after
