"""model/reference.py: the data derived from a loaded model, kept apart from the artifact; model/ has no import cycle."""
from __future__ import annotations

import ast
from pathlib import Path

from model.reference import reference_data, scored_test_set, training_wines

MODEL_PACKAGE = Path(__file__).resolve().parent.parent / "model"


def _imports(path: Path) -> set[str]:
    """The model/ modules that `path` imports anywhere in its body (function-level imports included)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "model":
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("model."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("model.")}
    return found


def test_the_model_package_has_no_import_cycle():
    graph = {p.stem: _imports(p) for p in MODEL_PACKAGE.glob("*.py")}
    done: set[str] = set()

    def visit(name: str, path: tuple[str, ...]) -> None:
        assert name not in path, f"import cycle: {' -> '.join(path + (name,))}"
        if name in done:
            return
        for dep in graph.get(name, ()):
            visit(dep, path + (name,))
        done.add(name)

    for module in graph:
        visit(module, ())


def test_the_loader_knows_nothing_of_the_data_scored_with_it():
    assert _imports(MODEL_PACKAGE / "loader.py") <= {"explain", "fastpath", "manifest_schema", "schema"}


def test_derived_data_is_built_once_per_loaded_model(loaded_model):
    assert reference_data(loaded_model) is reference_data(loaded_model)
    assert scored_test_set(loaded_model) is reference_data(loaded_model).test_set
    assert training_wines(loaded_model).model is loaded_model


def test_the_test_set_is_the_manifests_split(loaded_model):
    split = loaded_model.manifest["data"]["split"]
    assert len(scored_test_set(loaded_model).y) == split["test_rows"]
    assert sum(len(f) for f in training_wines(loaded_model).frames.values()) == split["train_rows"]
