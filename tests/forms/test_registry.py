"""The engine's keyed registries, and that the engine stays free of loket vocabulary."""

import pathlib
import re

import pytest

from forms.fieldroles import field_roles
from forms.fieldtypes import field_types
from forms.fillers import fillers
from forms.handoff import HandOff, handoffs
from forms.registry import DuplicateKey, Registry, UnknownKey


def test_register_lookup_iterate_and_choices():
    registry = Registry("test things")
    registry.register("a", HandOff("Eerste", print))

    @registry.register("b")
    class Second:
        label = "Tweede"

    assert registry["b"] is Second
    assert "a" in registry and "c" not in registry
    assert [key for key, _entry in registry] == ["a", "b"]
    assert registry.choices() == [("a", "Eerste"), ("b", "Tweede")]


def test_duplicate_and_unknown_keys_fail_loudly():
    registry = Registry("test things")
    registry.register("a", object())
    with pytest.raises(DuplicateKey, match="test things: the key 'a' is already registered"):
        registry.register("a", object())
    with pytest.raises(UnknownKey, match=r"unknown key 'x' \(registered: a\)"):
        registry["x"]
    with pytest.raises(ValueError, match="non-empty string"):
        registry.register("", object())


def test_override_swaps_an_entry_and_restores_it():
    registry = Registry("test things")
    original = object()
    registry.register("a", original)
    replacement = object()
    with registry.override("a", replacement), registry.override("new", 1):
        assert registry["a"] is replacement and registry["new"] == 1
    assert registry["a"] is original and "new" not in registry
    with pytest.raises(RuntimeError), registry.override("a", replacement):
        raise RuntimeError
    assert registry["a"] is original


def test_the_loket_registers_what_it_needs():
    assert "leerling" in field_types and "short_text" in field_types
    assert "school_users" in fillers
    assert "top_arrangement" in handoffs and "tlv" in handoffs
    for role in ("totaalbedrag", "bestuursdeel", "startdatum", "einddatum", "uurtarief"):
        assert field_roles[role].unique
    assert not field_roles["niet_overdragen"].unique


# Words of the loket's domain that the generic engine must not contain. "loket" itself
# is allowed: the page classes (LoketFormPage, LoketFormIndexPage) and URLs are named
# after the place forms are published; renaming Wagtail page models is not worth it.
FORBIDDEN = re.compile(
    r"aanvraag|leerling|pupil|school|consulent|dossier|besluit|arrangement|\btlv\b",
    re.IGNORECASE,
)
FORBIDDEN_EXACT = re.compile(r"\bRole\.|SCHOOLGEBRUIKER")


def test_the_form_engine_contains_no_loket_vocabulary():
    root = pathlib.Path(__file__).resolve().parents[2] / "forms"
    found = []
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if FORBIDDEN.search(line) or FORBIDDEN_EXACT.search(line):
                found.append(f"{path.relative_to(root.parent)}:{number}: {line.strip()}")
    assert found == []
