"""schema_check.py: definitions checked by a real JSON Schema validator (Python's jsonschema)
against what `surimono schema` prints: every file given after --valid must validate, every
file after --invalid must be rejected.

usage: schema_check.py SCHEMA.json --valid FILE... [--invalid FILE...]

YAML is read as YAML 1.2 reads it (what editors' language servers and surimono do): only
true/false are booleans — on, off, yes, no stay words — and dates stay strings."""
import json
import sys

import jsonschema
import yaml


class Yaml12Loader(yaml.SafeLoader):
    pass


# The YAML 1.1 resolvers PyYAML adds: booleans from on/off/yes/no, timestamps.
Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers
            if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", __import__("re").compile(r"^(?:true|false)$"), list("tf"))


def main():
    validator = jsonschema.Draft7Validator(json.load(open(sys.argv[1])))
    expect, failed = None, 0
    for arg in sys.argv[2:]:
        if arg in ("--valid", "--invalid"):
            expect = arg == "--valid"
            continue
        try:
            data = yaml.load(open(arg, encoding="utf-8"), Loader=Yaml12Loader)
        except (yaml.YAMLError, UnicodeDecodeError):
            data = None  # not YAML the schema could judge: the tool says why
            if expect:
                failed += 1
                print(f"FAIL: {arg}: not readable YAML", file=sys.stderr)
            continue
        errors = list(validator.iter_errors(data))
        if expect and errors:
            failed += 1
            print(f"FAIL: {arg}: the schema rejects it: {errors[0].message[:200]}", file=sys.stderr)
        elif not expect and not errors:
            failed += 1
            print(f"FAIL: {arg}: the schema accepts what surimono refuses", file=sys.stderr)
    print(f"{failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
