"""Generates src/sip_transfer_client/_generated from spec/openapi.yaml with openapi-python-client.

    python scripts/generate.py           check only: exit 1 when the committed code is stale
    python scripts/generate.py --write   rewrite it

Like the TypeScript types, `pnpm test` runs the check, so a spec change that was not regenerated
fails loudly; `pnpm generate` passes --write. Run it inside .venv (scripts/venv makes it).
"""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
SPEC = HERE.parent.parent / "spec" / "openapi.yaml"
TARGET = HERE / "src" / "sip_transfer_client" / "_generated"
HEADER = "# Generated from spec/openapi.yaml by openapi-python-client. Do not edit: run `pnpm generate`.\n"


def render(into: Path) -> None:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    # It warns that GET /openapi.yaml (a YAML body) has no typed response; that is expected.
    result = subprocess.run(
        [sys.executable, "-m", "openapi_python_client", "generate", "--path", str(SPEC), "--meta", "none", "--output-path", str(into)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.exit(f"openapi-python-client failed:\n{result.stdout}\n{result.stderr}")
    shutil.rmtree(into / ".ruff_cache", ignore_errors=True)
    for path in into.rglob("*.py"):
        path.write_text(HEADER + for_python_310(path.read_text()))
    (into / "_compat.py").write_text(HEADER + COMPAT)


COMPAT = '''"""What the generated code needs from Python 3.11, for 3.10 (written by scripts/generate.py)."""

from enum import Enum


class StrEnum(str, Enum):
    """enum.StrEnum (Python 3.11+): members are their string values."""

    def __str__(self) -> str:
        return str(self.value)
'''


def for_python_310(code: str) -> str:
    """The generator writes for Python 3.11+ (`typing.Self`, `enum.StrEnum`, `fromisoformat` with `Z`);
    the client supports 3.10: Self comes from typing_extensions, StrEnum from `_compat.py`, and times are
    read with dateutil's isoparse."""
    code = code.replace("from enum import StrEnum\n", "from .._compat import StrEnum\n")
    # datetime.fromisoformat reads a trailing `Z` only from 3.11; dateutil's isoparse reads RFC 3339 on any.
    code = code.replace("datetime.datetime.fromisoformat(", "isoparse(")
    if "isoparse(" in code and "from dateutil.parser import isoparse" not in code:
        code = code.replace("import datetime\n", "import datetime\n\nfrom dateutil.parser import isoparse\n", 1)
    return re.sub(r"^from typing import (?:\(([^)]*)\)|([^\n]*))\n", _self_from_typing_extensions, code, flags=re.MULTILINE)


def _self_from_typing_extensions(match: re.Match[str]) -> str:
    """`from typing import …, Self, …` (on one line or in parentheses) → Self from typing_extensions."""
    names = [n.strip() for n in (match.group(1) or match.group(2)).replace("\n", " ").split(",") if n.strip()]
    if "Self" not in names:
        return match.group(0)
    rest = [n for n in names if n != "Self"]
    return "from typing_extensions import Self\n" + (f"from typing import {', '.join(rest)}\n" if rest else "")


def differences(a: Path, b: Path) -> list[str]:
    comparison = filecmp.dircmp(a, b, ignore=["__pycache__"])
    found = [f"only in {comparison.left}: {name}" for name in comparison.left_only]
    found += [f"only in {comparison.right}: {name}" for name in comparison.right_only]
    found += [f"differs: {name}" for name in comparison.diff_files]
    for name in comparison.common_dirs:
        found += differences(a / name, b / name)
    return found


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "generated"
        render(fresh)
        stale = differences(fresh, TARGET) if TARGET.exists() else ["missing"]
        if not stale:
            print(f"{TARGET} is up to date with spec/openapi.yaml")
            return 0
        if "--write" in argv:
            shutil.rmtree(TARGET, ignore_errors=True)
            shutil.copytree(fresh, TARGET)
            print(f"wrote {TARGET}")
            return 0
        print(f"{TARGET} is out of date with spec/openapi.yaml ({', '.join(stale[:5])}).\nRun `pnpm generate` and commit the result.", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
