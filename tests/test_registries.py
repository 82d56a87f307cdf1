"""Tests for demijohn.registries: every way of changing a hook registry or one of its lists
moves the revision the pipeline checks, and the registry still behaves as
``defaultdict(list)``."""

from __future__ import annotations

import copy
import typing as t

import pytest

from demijohn.registries import HookList, HookRegistry, Revision


@pytest.fixture
def registry() -> HookRegistry[str | None, t.Any]:
    registry: HookRegistry[str | None, t.Any] = HookRegistry(Revision())
    registry[None] = [1, 2, 3]
    return registry


def test_missing_scope_reads_as_a_new_watched_list(
    registry: HookRegistry[str | None, t.Any],
) -> None:
    before = registry.revision.value
    functions = registry["shop"]
    assert functions == []
    assert isinstance(functions, HookList)
    functions.append("f")
    assert registry["shop"] == ["f"]
    assert registry.revision.value > before


@pytest.mark.parametrize(
    "change",
    [
        lambda r: r[None].append(4),
        lambda r: r[None].extend([4]),
        lambda r: r[None].insert(0, 0),
        lambda r: r[None].remove(2),
        lambda r: r[None].pop(),
        lambda r: r[None].clear(),
        lambda r: r[None].sort(reverse=True),
        lambda r: r[None].reverse(),
        lambda r: r[None].__setitem__(0, 9),
        lambda r: r[None].__delitem__(0),
        lambda r: r[None].__iadd__([4]),
        lambda r: r[None].__imul__(2),
        lambda r: r.__setitem__("shop", [1]),
        lambda r: r.__delitem__(None),
        lambda r: r.setdefault("shop", []),
        lambda r: r.update({"shop": [1]}),
        lambda r: r.__ior__({"shop": [1]}),
        lambda r: r.pop(None),
        lambda r: r.popitem(),
        lambda r: r.clear(),
    ],
    ids=[
        *("append", "extend", "insert", "remove", "list-pop", "list-clear", "sort", "reverse"),
        *("set-item", "del-item", "iadd", "imul", "set-scope", "del-scope", "setdefault"),
        *("update", "ior", "pop-scope", "popitem", "clear"),
    ],
)
def test_every_change_moves_the_revision(
    registry: HookRegistry[str | None, t.Any], change: t.Callable[[t.Any], object]
) -> None:
    before = registry.revision.value
    change(registry)
    assert registry.revision.value > before


def test_reading_does_not_move_the_revision(registry: HookRegistry[str | None, t.Any]) -> None:
    before = registry.revision.value
    assert list(registry[None]) == [1, 2, 3]
    assert registry.get("shop") is None
    assert None in registry
    assert registry.setdefault(None, []) == [1, 2, 3]
    assert registry.revision.value == before


def test_stored_lists_are_watched_copies(registry: HookRegistry[str | None, t.Any]) -> None:
    functions = [1]
    stored = registry.setdefault("shop", functions)
    assert stored == [1]
    assert isinstance(stored, HookList)
    stored.append(2)
    assert registry["shop"] == [1, 2]


def test_copy_is_independent(registry: HookRegistry[str | None, t.Any]) -> None:
    for duplicate in (registry.copy(), copy.copy(registry)):
        duplicate[None].append(4)
        assert registry[None] == [1, 2, 3]
        assert duplicate.revision is not registry.revision
