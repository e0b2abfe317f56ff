"""Does a JSON value fit the type a Dash component declares for one of its properties (or one of its options)?"""
from __future__ import annotations

import collections.abc
import inspect
import math
import typing
from functools import lru_cache
from numbers import Number


@lru_cache(maxsize=256)
def prop_type(component_class: type, prop: str):
    """The type Dash declares for `prop` of a component class (typing.Any when it declares none)."""
    parameter = inspect.signature(component_class.__init__).parameters.get(prop)
    return typing.Any if parameter is None else parameter.annotation


def fits(value, hint) -> bool:
    """Does a JSON value fit a Dash prop annotation (Optional/Union, numbers, str, bool, dict, Sequence[...])?"""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    # an early answer: without it these hints reach the last line's `return True` all the same
    if hint in (typing.Any, inspect.Parameter.empty) or isinstance(hint, str):  # pragma: no mutate
        return True
    if origin is typing.Annotated:
        return fits(value, args[0])
    if origin is typing.Union:
        if all(a in (typing.SupportsFloat, typing.SupportsInt, typing.SupportsComplex) for a in args):
            return isinstance(value, Number) and not isinstance(value, bool) and math.isfinite(value)
        return any(fits(value, a) for a in args)
    if origin is typing.Literal:
        return value in args
    if hint is type(None):
        return value is None
    if hint is bool:
        return isinstance(value, bool)
    if hint is str:
        return isinstance(value, str)
    if hint in (int, float):
        return isinstance(value, Number) and not isinstance(value, bool) and math.isfinite(value)
    if hint is dict or origin is dict:
        return isinstance(value, dict)
    if hint in (list, typing.Sequence) or origin in (list, collections.abc.Sequence):
        return isinstance(value, list) and (not args or all(fits(v, args[0]) for v in value))
    return True  # a type this check does not know: leave it to the component


def option_values(component) -> list | None:
    """The values a radio items, checklist or dropdown component offers, or None for other components."""
    options = getattr(component, "options", None)
    if not isinstance(options, list):
        return None
    return [o.get("value") if isinstance(o, dict) else o for o in options]
