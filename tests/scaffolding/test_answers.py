"""What a project is made from: names are checked when given, and the answers survive the
record the project keeps."""

from __future__ import annotations

import pytest

from demijohn.scaffolding.answers import Answers, Module, ScaffoldingError, package_name


@pytest.mark.parametrize(
    ("name", "package"), [("my-site", "my_site"), ("Shop.Front", "shop_front"), ("blog", "blog")]
)
def test_the_package_is_named_after_the_project(name: str, package: str) -> None:
    assert package_name(name) == package
    assert Answers(name).prefix == package.upper() + "_"


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("1site", "not a distribution name"),
        ("my site", "not a distribution name"),
        ("json", "would hide a module"),
        ("demijohn", "would hide a module"),
        ("class", "would hide a module"),
    ],
)
def test_a_bad_project_name_is_refused_with_the_reason(name: str, says: str) -> None:
    with pytest.raises(ScaffoldingError, match=says):
        Answers(name)


def test_a_module_is_added_once() -> None:
    answers = Answers("shop").with_module(Module("catalog"))
    assert [module.name for module in answers.modules] == ["catalog"]
    with pytest.raises(ScaffoldingError, match="already has a feature named 'catalog'"):
        answers.with_module(Module("catalog"))
    with pytest.raises(ScaffoldingError, match="already has a feature named 'home'"):
        answers.with_module(Module("home"))
    with pytest.raises(ScaffoldingError, match="lower-case Python identifier"):
        answers.with_module(Module("Catalog"))


@pytest.mark.parametrize(
    ("name", "model"),
    [("notes", "Note"), ("user_accounts", "UserAccount"), ("address", "Address"), ("bus", "Bus")],
)
def test_the_model_is_named_after_the_module(name: str, model: str) -> None:
    assert Module(name).model == model


def test_the_answers_round_trip_through_json() -> None:
    answers = Answers("shop", db=False, api=False).with_module(Module("catalog", "first"))
    assert Answers.from_json(answers.to_json()) == answers


def test_answers_recorded_by_another_template_version_still_load() -> None:
    recorded = {"name": "shop", "db": False, "a_question_no_longer_asked": 3}
    answers = Answers.from_json(recorded)
    assert (answers.db, answers.i18n, answers.modules) == (False, True, ())


def test_the_extras_follow_the_batteries() -> None:
    assert "db" in Answers("shop").extras.split(",")
    extras = Answers("shop", db=False, i18n=False, api=False, production=False).extras
    assert extras.split(",") == ["dotenv", "providers", "servers", "settings"]
