import pytest

from iletisim.lib.env import EnvError, env_bool, env_choice, env_int, env_list, env_str


def test_defaults_apply_when_a_variable_is_not_set():
    assert env_str("X", "a", environ={}) == "a"
    assert env_bool("X", True, environ={}) is True
    assert env_int("X", 3, environ={}) == 3
    assert env_list("X", ["a"], environ={}) == ["a"]


def test_values_are_parsed():
    assert env_bool("X", False, environ={"X": "Yes"}) is True
    assert env_int("X", 0, environ={"X": " 42 "}) == 42
    assert env_list("X", [], environ={"X": "a, b,,c"}) == ["a", "b", "c"]


@pytest.mark.parametrize(
    ("reader", "value", "message"),
    [
        (lambda e: env_bool("DEBUG", False, environ=e), "maybe", "DEBUG must be one of"),
        (lambda e: env_int("DEBUG", 0, environ=e), "ten", "DEBUG must be a whole number"),
        (lambda e: env_int("DEBUG", 0, minimum=1, environ=e), "0", "DEBUG must be at least 1"),
        (
            lambda e: env_choice("DEBUG", "a", ("a", "b"), environ=e),
            "c",
            "DEBUG must be one of a, b",
        ),
    ],
)
def test_bad_values_fail_loudly_naming_the_variable(reader, value, message):
    with pytest.raises(EnvError, match=message):
        reader({"DEBUG": value})
