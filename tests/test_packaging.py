"""resources/ is found from an installed wheel, not only from a source checkout."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_an_installed_wheel_carries_and_finds_its_resources(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
    )
    [wheel] = wheels.glob("fbss_desktop-*.whl")
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)],
        check=True,
        capture_output=True,
    )
    probe = (
        "import fbss_desktop, fbss_desktop.paths as p;"
        "print(fbss_desktop.__file__); print(p.resources_dir());"
        "from fbss_desktop.services.catalogues import surgery_catalogue;"
        "print(len(surgery_catalogue().procedures))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(site)},
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    package_file, resources, procedures = out
    assert Path(package_file).is_relative_to(site)
    assert Path(resources) == site / "fbss_desktop" / "resources"
    assert int(procedures) > 5
