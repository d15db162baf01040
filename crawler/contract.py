"""The published schema of the collections (``schema/*.schema.json``, JSON Schema 2020-12)
and the check every document passes before it is written.

MongoDB can enforce ``$jsonSchema`` validators; the embedded nx-27017 server does not,
so the crawler checks documents itself, in the form the schema describes: MongoDB
Extended JSON, relaxed mode (dates as ``{"$date": ISO-8601}``), as mongoexport and the
spill files write them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any, Literal

from bson import json_util
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

Collection = Literal["article", "error", "job"]


@cache
def validator(collection: Collection) -> Draft202012Validator:
    text = (resources.files("crawler") / "schema" / f"{collection}.schema.json").read_text()
    schema = json.loads(text)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def as_extended_json(doc: Mapping[str, Any]) -> Any:
    return json.loads(json_util.dumps(doc, json_options=json_util.RELAXED_JSON_OPTIONS))


def violation(collection: Collection, doc: Mapping[str, Any]) -> str | None:
    """Why ``doc`` does not fit its collection's schema (the most telling error, one
    line), or None."""
    error = best_match(validator(collection).iter_errors(as_extended_json(doc)))
    if error is None:
        return None
    where = "/".join(str(part) for part in error.absolute_path) or "(document)"
    return f"{where}: {error.message}"[:500]
