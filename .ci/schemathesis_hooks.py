"""Schemathesis hooks for this project's specs.

`x-max-combined-items` (spec/README.md) bounds the summed length of several array properties, a rule
JSON Schema cannot express, so schemathesis does not know it. This hook teaches it the rule, as a
real client must know it: generated bodies that break it are dropped. The rules are read from the
specs themselves.
"""

import pathlib

import schemathesis
import yaml

SPEC_DIR = pathlib.Path(__file__).resolve().parent.parent / "spec"


def _follow(doc, node):
    """Follows local `$ref`s until a schema."""
    seen = 0
    while isinstance(node, dict) and "$ref" in node and seen < 16:
        target = doc
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
        seen += 1
    return node


def _rules():
    rules = {}
    for spec in SPEC_DIR.glob("*.yaml"):
        doc = yaml.safe_load(spec.read_text())
        for path, item in (doc.get("paths") or {}).items():
            for method, operation in item.items():
                if not isinstance(operation, dict) or "requestBody" not in operation:
                    continue
                body = _follow(doc, operation["requestBody"])
                for media in (body.get("content") or {}).values():
                    schema = _follow(doc, media.get("schema") or {})
                    rule = schema.get("x-max-combined-items")
                    if rule:
                        rules[(method.upper(), path)] = (rule["properties"], rule["limit"])
    return rules


RULES = _rules()


# `filter_case` rather than `filter_body`: it also applies to the coverage phase's boundary cases.
@schemathesis.hook
def filter_case(context, case):
    operation = case.operation
    body = case.body
    rule = RULES.get((operation.method.upper(), operation.path))
    if rule is None or not isinstance(body, dict):
        return True
    properties, limit = rule
    total = sum(len(body[p]) for p in properties if isinstance(body.get(p), list))
    return total <= limit
