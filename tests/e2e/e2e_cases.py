"""Case tables shared by several e2e test modules (not a test module itself)."""
import re

import pytest


def params(field, table):
    """[(case_id, value), ...] -> pytest params (field, value) with readable ids."""
    return [pytest.param(field, value, id=f"{field}-{case_id}") for case_id, value in table]


# Canonical form is 8-4-4-4-12 hex; everything below must be rejected with 400.
BAD_UUIDS = [
    ("too-short", "1234"),
    ("one-char-short", "123e4567-e89b-12d3-a456-42661417400"),
    ("one-char-long", "123e4567-e89b-12d3-a456-4266141740000"),
    ("non-hex", "g23e4567-e89b-12d3-a456-42661417400z"),
    ("no-dashes", "123e4567e89b12d3a456426614174000"),
    ("braces", "{123e4567-e89b-12d3-a456-426614174000}"),
    ("dashes-misplaced", "123e4567e-89b-12d3-a456-426614174000"),
    ("urn-prefix", "urn:uuid:123e4567-e89b-12d3-a456-426614174000"),
]
# Only in bodies (in a path they are a different route or need encoding).
BAD_UUIDS_BODY_ONLY = [
    ("empty", ""),
    ("surrounding-spaces", " 123e4567-e89b-12d3-a456-426614174000 "),
]

NOT_A_STRING = [
    ("int", 123),
    ("float", 1.5),
    ("bool", True),
    ("null", None),
    ("array", ["x"]),
    ("object", {"x": "y"}),
]

NOT_AN_INT = [
    ("string", "25"),
    ("float", 25.5),
    ("true", True),
    ("false", False),
    ("null", None),
    ("array", [25]),
    ("object", {"value": 25}),
]

# Ways to break a valid JSON text; see malform().
MALFORMATIONS = [
    "empty",
    "whitespace",
    "truncated",
    "cut-in-half",
    "trailing-garbage",
    "two-documents",
    "trailing-comma",
    "single-quotes",
    "unquoted-keys",
]


def malform(text, how):
    """Turn a valid JSON text (an object or an array of objects) into invalid JSON."""
    if how == "empty":
        return ""
    if how == "whitespace":
        return " \n\t "
    if how == "truncated":
        return text[:-1]
    if how == "cut-in-half":
        return text[: len(text) // 2]
    if how == "trailing-garbage":
        return text + " x"
    if how == "two-documents":
        return text + text
    if how == "trailing-comma":
        end = text.rindex("}")
        return text[:end] + "," + text[end:]
    if how == "single-quotes":
        return text.replace('"', "'")
    if how == "unquoted-keys":
        return re.sub(r'"(\w+)":', r"\1:", text)
    raise ValueError(how)
