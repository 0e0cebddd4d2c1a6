"""The tests exercise the installed wheel, never the source tree."""

from __future__ import annotations

import importlib.metadata
import re
import sysconfig
from pathlib import Path

import kompetence
from kompetence import _native

from conftest import REPO


def test_package_is_imported_from_site_packages_not_the_source_tree() -> None:
    installed = Path(kompetence.__file__).resolve()
    site = {Path(sysconfig.get_paths()[k]).resolve() for k in ("purelib", "platlib")}
    assert any(s in installed.parents for s in site), installed
    assert REPO / "python" not in installed.parents


def test_native_module_is_an_abi3_extension_beside_the_package() -> None:
    native = Path(_native.__file__)
    assert native.parent == Path(kompetence.__file__).parent
    assert native.name.endswith(".abi3.so") or native.suffix == ".pyd"


def test_typing_marker_and_stubs_ship_in_the_wheel() -> None:
    pkg = Path(kompetence.__file__).parent
    assert (pkg / "py.typed").is_file()
    assert (pkg / "_native.pyi").is_file()


def test_version_equals_cargo_and_distribution_metadata() -> None:
    cargo = (REPO / "Cargo.toml").read_text(encoding="utf-8")
    section = cargo.split("[workspace.package]", 1)[1]
    match = re.search(r'^version\s*=\s*"([^"]+)"', section, re.MULTILINE)
    assert match is not None
    assert kompetence.__version__ == match.group(1)
    assert importlib.metadata.version("kompetence") == kompetence.__version__


def test_public_names_exist() -> None:
    for name in kompetence.__all__:
        assert hasattr(kompetence, name), name
