"""Schemathesis hooks for the servers generated with default stubs from vendors' specs.

Two things schemathesis does not know, and a real client of a generated server must:
- `format` bounds numbers. openapi-forge reads an integer `format` (`int32`, `uint8`, ...) and
  `format: float` as ranges, and holds an integer without a format in 64 bits where it types it
  (README: valid values the generated type cannot hold are refused), while JSON Schema leaves
  formats unchecked. `before_load_schema` writes each range as `minimum`/`maximum`, so that
  schemathesis generates valid numbers inside it and invalid ones outside it.
- Undeclared query parameters are ignored, as HTTP servers do; schemathesis' negative phase
  counts them as a violation. Negative cases whose only negative part is the query and which add
  an undeclared query parameter are dropped.
"""

import schemathesis

RANGES = {
    "int8": (-(2**7), 2**7 - 1),
    "int16": (-(2**15), 2**15 - 1),
    "int32": (-(2**31), 2**31 - 1),
    "int64": (-(2**63), 2**63 - 1),
    "uint8": (0, 2**8 - 1),
    "uint16": (0, 2**16 - 1),
    "uint32": (0, 2**32 - 1),
    "uint64": (0, 2**64 - 1),
    "uint": (0, 2**64 - 1),
}
FLOAT = 3.4028234663852886e38


def _bound(node):
    kind = node.get("type")
    if kind == "integer" or (isinstance(kind, list) and "integer" in kind):
        low, high = RANGES.get(node.get("format"), RANGES["int64"])
    elif (kind == "number" or (isinstance(kind, list) and "number" in kind)) and node.get("format") == "float":
        low, high = -FLOAT, FLOAT
    else:
        return
    if not isinstance(node.get("minimum"), (int, float)) or node["minimum"] < low:
        node["minimum"] = low
    if not isinstance(node.get("maximum"), (int, float)) or node["maximum"] > high:
        node["maximum"] = high


def _walk(node):
    if isinstance(node, dict):
        _bound(node)
        for value in node.values():
            _walk(value)
    elif isinstance(node, list):
        for value in node:
            _walk(value)


@schemathesis.hook
def before_load_schema(context, raw_schema):
    _walk(raw_schema)


def _declared_query(operation):
    return {p.name for p in operation.query}


@schemathesis.hook
def filter_case(context, case):
    meta = case.meta
    if meta is None or not case.query:
        return True
    negative = [loc for loc, info in meta.components.items() if info.mode.is_negative]
    if [str(getattr(loc, "value", loc)) for loc in negative] != ["query"]:
        return True
    return not (set(case.query) - _declared_query(case.operation))

