"""Every fault the command line meets ends in one line on standard error and a documented exit status.

1 for the environment (the database cannot be opened, is busy, read-only, damaged or full; the server
cannot be reached; a folder or disk cannot be written), 2 for a bad file or argument; never a traceback,
never a partial output file. The faults are real where the test can make them so (a second connection
holding the lock, an immutable file, a damaged file, a closed port, a folder under a regular file) and
injected at the lowest layer where it cannot (SQLite's own page limit, ENOSPC from the write call).
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from fbss_desktop.app import main
from fbss_desktop.services.clinic import Clinic
from fbss_desktop.storage.db import open_database
from tests.conftest import PG_URL, TODAY
from tests.scenarios import save_scenario

ENVIRONMENT, BAD_INPUT = 1, 2


def one_line(err: str) -> str:
    """The single line a failure prints on standard error."""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("fbss-desktop: ") and "Traceback" not in err
    return lines[0]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def leftovers(folder: Path) -> list[str]:
    """Files a failed write may leave: a .part or .tmp file, or an empty one."""
    return sorted(
        p.name for p in folder.iterdir() if p.is_file() and (p.suffix in (".part", ".tmp") or p.stat().st_size == 0)
    )


def count_patients(path: Path) -> int:
    with sqlite3.connect(path) as raw:
        return int(raw.execute("SELECT count(*) FROM patient").fetchone()[0])


@pytest.fixture
def clinic_file(tmp_path: Path) -> Path:
    """A clinic database holding one patient (DW-1, with a consult and a plan), checkpointed to one file."""
    path = tmp_path / "clinic.sqlite3"
    clinic = Clinic.open(f"sqlite:///{path}", backup_dir=None, today=lambda: TODAY)
    try:
        save_scenario(clinic, "apixaban_esi")  # a draft plan with no blocking finding: it prints
        clinic.database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        clinic.close()
    return path


@pytest.fixture
def case_file(clinic_file: Path, tmp_path: Path) -> Path:
    """A valid case file of a patient not yet in `clinic_file` (DW-2)."""
    clinic = Clinic.open(f"sqlite:///{clinic_file}", backup_dir=None, today=lambda: TODAY)
    try:
        data = clinic.case_files.export("DW-1")
    finally:
        clinic.close()
    data["patient"]["mrn"] = "DW-2"
    path = tmp_path / "cases" / "case.json"
    path.parent.mkdir()
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def hook_sqlite(monkeypatch: pytest.MonkeyPatch, *pragmas: str) -> None:
    """Run PRAGMAs on the clinic's connection as it opens: a test seam for limits SQLite enforces itself."""

    def opener(url: str, **options: float) -> object:
        db = open_database(url, **options)
        if url != "sqlite:///:memory:":
            pages = db.execute_sql("PRAGMA page_count").fetchone()[0]
            for pragma in pragmas:
                db.execute_sql(pragma.format(pages=pages))
        return db

    monkeypatch.setattr("fbss_desktop.services.clinic.open_database", opener)


def run_while_locked(clinic_file: Path, argv: list[str], *, busy_timeout: str) -> subprocess.CompletedProcess[str]:
    """Run the real command in its own process while another program holds the database's write lock."""
    holder = sqlite3.connect(clinic_file, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        return subprocess.run(
            [sys.executable, "-m", "fbss_desktop", *argv],
            env={**os.environ, "FBSS_BUSY_TIMEOUT": busy_timeout},
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        holder.rollback()
        holder.close()


# --- the database ------------------------------------------------------------------------------------
@pytest.mark.parametrize("command", ["import", "demo"])
def test_a_database_locked_by_another_program_exits_1_and_changes_nothing(command, clinic_file, case_file):
    argv = ["import", str(case_file)] if command == "import" else ["demo", "--patients", "2"]
    result = run_while_locked(clinic_file, ["--database", f"sqlite:///{clinic_file}", *argv], busy_timeout="0.3")
    assert result.returncode == ENVIRONMENT, result.stderr
    assert "busy" in one_line(result.stderr)
    assert count_patients(clinic_file) == 1


def _immutable(path: Path) -> bool:
    """chattr +i: not even root may write the file (and root ignores permission bits)."""
    chattr = shutil.which("chattr")
    return bool(chattr) and subprocess.run([chattr, "+i", str(path)], capture_output=True).returncode == 0


@pytest.mark.parametrize("how", ["query_only", "immutable file"])
@pytest.mark.parametrize("command", ["import", "demo"])
def test_a_read_only_database_exits_1_and_changes_nothing(how, command, clinic_file, case_file, monkeypatch, capsys):
    if how == "query_only":
        hook_sqlite(monkeypatch, "PRAGMA query_only = 1")
    elif not _immutable(clinic_file):
        pytest.skip("chattr +i is not available here (needs root and a file system that supports it)")
    try:
        argv = ["import", str(case_file)] if command == "import" else ["demo", "--patients", "2"]
        status, _, err = run(capsys, "--database", f"sqlite:///{clinic_file}", *argv)
    finally:
        if how != "query_only":
            subprocess.run(["chattr", "-i", str(clinic_file)], check=True)
    assert status == ENVIRONMENT
    assert "cannot be written" in one_line(err)
    assert count_patients(clinic_file) == 1


def test_a_read_only_database_can_still_be_exported(clinic_file, monkeypatch, capsys):
    hook_sqlite(monkeypatch, "PRAGMA query_only = 1")
    status, out, _ = run(capsys, "--database", f"sqlite:///{clinic_file}", "export", "DW-1")
    assert status == 0 and json.loads(out)["patient"]["mrn"] == "DW-1"


@pytest.mark.parametrize("command", ["import", "demo"])
def test_a_full_database_disk_exits_1_and_changes_nothing(command, clinic_file, case_file, monkeypatch, capsys):
    hook_sqlite(monkeypatch, "PRAGMA max_page_count = {pages}")  # SQLite reports SQLITE_FULL on growth
    argv = ["import", str(case_file)] if command == "import" else ["demo", "--patients", "20"]
    status, _, err = run(capsys, "--database", f"sqlite:///{clinic_file}", *argv)
    assert status == ENVIRONMENT
    line = one_line(err)
    assert "disk that holds the database is full" in line and "rollback" not in line
    assert count_patients(clinic_file) == 1


def _damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "zero bytes":
        path.write_bytes(b"")
    elif how == "not sqlite":
        path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    elif how == "truncated":
        path.write_bytes(data[: len(data) // 3])
    else:  # the header kept, everything after it overwritten
        path.write_bytes(data[:100] + b"\xab" * (len(data) - 100))


@pytest.mark.parametrize("how", ["zero bytes", "not sqlite", "truncated", "garbled"])
@pytest.mark.parametrize("command", ["export", "import", "demo", "check"])
def test_a_damaged_database_file_exits_1_and_is_left_as_it_was(how, command, clinic_file, case_file, capsys):
    _damage(clinic_file, how)
    before = clinic_file.read_bytes()
    argv = {
        "export": ["export", "DW-1"],
        "import": ["import", str(case_file)],
        "demo": ["demo", "--patients", "1"],
        "check": ["check", str(case_file)],
    }[command]
    status, out, err = run(capsys, "--database", f"sqlite:///{clinic_file}", *argv)
    assert status == ENVIRONMENT and out == ""
    line = one_line(err)
    assert "damaged" in line or "not an FBSS Desktop database" in line or "empty (0 bytes)" in line
    assert clinic_file.read_bytes() == before  # a 0-byte file is refused, not made into a new database


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize("command", ["demo", "export", "check"])
def test_a_postgresql_server_that_does_not_answer_exits_1(command, case_file, capsys, monkeypatch):
    pytest.importorskip("psycopg2")
    argv = {"demo": ["demo"], "export": ["export", "DW-1"], "check": ["check", str(case_file)]}[command]
    url = f"postgresql://fbss:secret@127.0.0.1:{_closed_port()}/fbss?connect_timeout=3"
    monkeypatch.setenv("FBSS_DATABASE_URL", url)  # a password never goes on a command line
    status, _, err = run(capsys, *argv)
    assert status == ENVIRONMENT
    line = one_line(err)
    assert "server cannot be reached" in line and "secret" not in line


@pytest.mark.postgres
def test_a_login_the_server_refuses_exits_1(capsys, monkeypatch):
    if not PG_URL:
        pytest.skip("FBSS_TEST_PG_URL not set (make test starts a throwaway server)")
    server = urlparse(PG_URL)
    url = f"postgresql://fbss_no_such_role:pw@{server.hostname}:{server.port}{server.path}"
    monkeypatch.setenv("FBSS_DATABASE_URL", url)
    status, _, err = run(capsys, "export", "DW-1")
    assert status == ENVIRONMENT
    # storage.errors reads libpq's 'connection to server ... failed: FATAL: role "..." does not exist' as
    # "cannot be reached" today; "refused the login" would be better (a change for storage/errors.py).
    assert "database server" in one_line(err)


@pytest.mark.postgres
def test_a_wrong_password_exits_1(capsys, monkeypatch):
    if not PG_URL:
        pytest.skip("FBSS_TEST_PG_URL not set (make test starts a throwaway server)")
    import psycopg2

    server = urlparse(PG_URL)
    url = f"postgresql://{server.username}:not-the-password@{server.hostname}:{server.port}{server.path}"
    try:
        psycopg2.connect(url).close()
    except psycopg2.OperationalError:
        pass
    else:
        pytest.skip("the test server trusts every login, so no password is wrong")
    monkeypatch.setenv("FBSS_DATABASE_URL", url)
    status, _, err = run(capsys, "export", "DW-1")
    assert status == ENVIRONMENT
    line = one_line(err)
    assert "refused the login" in line and "not-the-password" not in line


# --- folders and output files ------------------------------------------------------------------------------
@pytest.mark.parametrize("command", ["check", "demo", "export"])
def test_a_data_folder_that_cannot_be_made_exits_1(command, case_file, tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    argv = {"check": ["check", str(case_file)], "demo": ["demo"], "export": ["export", "DW-1"]}[command]
    status, out, err = run(capsys, "--data-dir", str(blocker / "sub"), *argv)
    assert status == ENVIRONMENT and out == ""
    assert f"cannot create the folder {blocker / 'sub'} (Not a directory)" in one_line(err)


def test_a_log_folder_that_cannot_be_made_is_said_once_and_the_command_runs(case_file, tmp_path, capsys):
    data = tmp_path / "data"
    data.mkdir()
    (data / "logs").write_text("a file where the log folder would be", encoding="utf-8")
    status, out, err = run(capsys, "--data-dir", str(data), "check", str(case_file))
    assert status == 0
    assert "carrying on without a log file" in one_line(err)
    assert any(f["rule"] == "R16B" for f in json.loads(out))


def test_without_a_log_file_a_fault_still_takes_one_line_after_the_notice(clinic_file, case_file, tmp_path):
    """In a real process (no test log capture), warnings must not fall through to logging's last resort."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "logs").write_text("", encoding="utf-8")
    argv = ["--data-dir", str(data), "--database", f"sqlite:///{clinic_file}", "import", str(case_file)]
    result = run_while_locked(clinic_file, argv, busy_timeout="0.2")
    assert result.returncode == ENVIRONMENT
    notice, fault = result.stderr.splitlines()
    assert notice.startswith("fbss-desktop: cannot write the log file") and "busy" in fault


def _disk_fills_up(monkeypatch: pytest.MonkeyPatch) -> None:
    """os.write writes half of what it is given, then the disk is full: as the kernel reports ENOSPC."""
    real_write = os.write

    def write(descriptor: int, data: bytes | memoryview) -> int:
        real_write(descriptor, bytes(data[: len(data) // 2]))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", write)


@pytest.mark.parametrize("command", ["export", "plan-pdf"])
def test_a_full_disk_for_the_output_file_exits_1_and_leaves_nothing(
    command, clinic_file, case_file, monkeypatch, capsys
):
    out_dir = case_file.parent
    target = out_dir / ("case-out.json" if command == "export" else "plan.pdf")
    _disk_fills_up(monkeypatch)
    argv = (
        ["export", "DW-1", "-o", str(target)]
        if command == "export"
        else ["plan-pdf", str(case_file), "-o", str(target)]
    )
    status, out, err = run(capsys, "--database", f"sqlite:///{clinic_file}", *argv)
    assert status == ENVIRONMENT and out == ""
    assert f"cannot write {target}: the disk is full" in one_line(err)
    assert not target.exists() and leftovers(out_dir) == []


def test_a_failed_write_leaves_an_existing_file_as_it_was(clinic_file, case_file, monkeypatch, capsys):
    target = case_file.parent / "plan.pdf"
    target.write_bytes(b"%PDF- the plan printed yesterday")
    _disk_fills_up(monkeypatch)
    status, _, _ = run(capsys, "--database", f"sqlite:///{clinic_file}", "plan-pdf", str(case_file), "-o", str(target))
    assert status == ENVIRONMENT
    assert target.read_bytes() == b"%PDF- the plan printed yesterday" and leftovers(case_file.parent) == []


@pytest.mark.parametrize(("where", "expected"), [("missing/out.json", "does not exist"), (".", "is a folder")])
@pytest.mark.parametrize("command", ["export", "plan-pdf"])
def test_an_output_path_that_cannot_be_a_file_exits_2(command, where, expected, clinic_file, case_file, capsys):
    target = case_file.parent / where
    argv = (
        ["export", "DW-1", "-o", str(target)]
        if command == "export"
        else ["plan-pdf", str(case_file), "-o", str(target)]
    )
    status, _, err = run(capsys, "--database", f"sqlite:///{clinic_file}", *argv)
    assert status == BAD_INPUT and expected in one_line(err)
    assert leftovers(case_file.parent) == []


# --- case files -----------------------------------------------------------------------------------------
HOSTILE = {
    "nested 1,000 deep": '{"format": "fbss-desktop/case", "patient": ' + "[" * 1000 + "]" * 1000 + "}",
    "nested 100 deep": '{"format": "fbss-desktop/case", "patient": ' + '{"a": ' * 100 + "1" + "}" * 100 + "}",
    "a 5,000-digit integer": '{"format": "fbss-desktop/case", "format_version": ' + "7" * 5000 + "}",
    "a lone surrogate": None,  # built from a valid case below
    "a NUL in a name": None,
    "NaN": '{"format": "fbss-desktop/case", "format_version": NaN}',
    "1e999": '{"format": "fbss-desktop/case", "format_version": 1e999}',
}
EXPECTED = {
    "nested 1,000 deep": "nested more than 32 levels deep",
    "nested 100 deep": "nested more than 32 levels deep",
    "a 5,000-digit integer": "a number of 5000 digits is too large",
    "a lone surrogate": "patient.family_name: the text holds U+D800",
    "a NUL in a name": "patient.given_names: the text holds U+0000",
    "NaN": "NaN is not a JSON number",
    "1e999": "a number is too large",
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
@pytest.mark.parametrize("command", ["import", "check", "plan-pdf"])
def test_a_hostile_case_file_exits_2_in_one_line_and_changes_nothing(command, kind, clinic_file, case_file, capsys):
    text = HOSTILE[kind]
    if text is None:
        data = json.loads(case_file.read_text(encoding="utf-8"))
        if kind == "a lone surrogate":
            data["patient"]["family_name"] = "Ortega\ud800"
        else:
            data["patient"]["given_names"] = "Lu\x00cía"
        text = json.dumps(data)  # ensure_ascii: the surrogate is written as the escape \ud800
    case_file.write_text(text, encoding="utf-8")
    output = case_file.parent / "plan.pdf"
    argv = {"import": ["import"], "check": ["check"], "plan-pdf": ["plan-pdf", "-o", str(output)]}[command]
    status, out, err = run(capsys, "--database", f"sqlite:///{clinic_file}", *argv, str(case_file))
    assert status == BAD_INPUT and out == ""
    line = one_line(err)
    assert line.startswith("fbss-desktop: case.json") and EXPECTED[kind] in line
    assert "Ortega" not in line and "Lu" not in line  # the file's text is never quoted
    assert count_patients(clinic_file) == 1 and not output.exists() and leftovers(case_file.parent) == []


def test_import_of_a_bad_case_file_exits_2_like_check_and_plan_pdf(clinic_file, case_file, capsys):
    data = json.loads(case_file.read_text(encoding="utf-8"))
    data["consults"][0]["document"]["history"]["egfr"] = 0
    case_file.write_text(json.dumps(data), encoding="utf-8")
    status, _, err = run(capsys, "--database", f"sqlite:///{clinic_file}", "import", str(case_file))
    assert status == BAD_INPUT
    assert "case.json at consults[0].document.history.egfr" in one_line(err)
    assert count_patients(clinic_file) == 1


def test_a_case_file_with_a_byte_order_mark_is_read(clinic_file, case_file, capsys):
    case_file.write_bytes(b"\xef\xbb\xbf" + case_file.read_bytes())
    status, out, err = run(capsys, "--database", f"sqlite:///{clinic_file}", "import", str(case_file))
    assert status == 0, err
    assert "Imported DW-2" in out


# --- MRNs ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("mrn", ["DW-1\U0010ffff", "DW-1\ud800", "DW-1\udcff", "DW\n1", "\x1b[2J"])
def test_export_of_an_mrn_no_record_can_have_exits_2(mrn, clinic_file, capsys):
    status, out, err = run(capsys, "--database", f"sqlite:///{clinic_file}", "export", mrn)
    assert status == BAD_INPUT and out == ""
    line = one_line(err)
    assert "is not a medical record number" in line and "\x1b" not in line


def test_export_of_an_mrn_given_as_bytes_that_are_not_utf8_exits_2(clinic_file):
    # Python turns the byte 0xFF into the lone surrogate U+DCFF in sys.argv.
    result = subprocess.run(
        [sys.executable, "-m", "fbss_desktop", "--database", f"sqlite:///{clinic_file}", "export", b"DW-1\xff"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == BAD_INPUT
    assert "is not a medical record number" in one_line(result.stderr)


def test_export_of_an_unknown_mrn_exits_2(clinic_file, tmp_path, capsys):
    target = tmp_path / "nobody.json"
    status, _, err = run(capsys, "--database", f"sqlite:///{clinic_file}", "export", "NOPE-1", "-o", str(target))
    assert status == BAD_INPUT and "No patient has MRN NOPE-1" in one_line(err)
    assert not target.exists()


# --- the unexpected ------------------------------------------------------------------------------------------
def test_an_unexpected_error_names_the_log_which_has_the_traceback_but_no_patient_data(
    clinic_file, case_file, tmp_path, monkeypatch, capsys
):
    def broken(data: dict[str, Any], **_options: object) -> None:
        raise ValueError(f"no rule for {data['patient']['family_name']}, born {data['patient']['date_of_birth']}")

    monkeypatch.setattr("fbss_desktop.services.checking.check_case", broken)
    data = tmp_path / "data"
    status, out, err = run(
        capsys, "--data-dir", str(data), "--database", f"sqlite:///{clinic_file}", "check", str(case_file)
    )
    assert status == ENVIRONMENT and out == ""
    log_file = data / "logs" / "fbss-desktop.log"
    line = one_line(err)
    assert "unexpected error (ValueError)" in line and str(log_file) in line and "Ortega" not in line
    logged = log_file.read_text(encoding="utf-8")
    assert "Traceback" in logged and "ValueError (message withheld)" in logged and "in broken" in logged
    assert "Ortega" not in logged and "1968" not in logged


def test_ctrl_c_exits_130_in_one_line(clinic_file, case_file, monkeypatch, capsys):
    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("fbss_desktop.services.checking.check_case", interrupted)
    status, _, err = run(capsys, "--database", f"sqlite:///{clinic_file}", "check", str(case_file))
    assert status == 130 and "interrupted" in one_line(err)


def test_a_reader_that_goes_away_ends_the_export_quietly(clinic_file):
    process = subprocess.Popen(
        [sys.executable, "-m", "fbss_desktop", "--database", f"sqlite:///{clinic_file}", "export", "DW-1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # like `| head` that has read enough before anything came
    err = process.stderr.read().decode()
    assert process.wait(timeout=60) == ENVIRONMENT
    assert err == ""


@pytest.mark.parametrize("command", ["export", "check", "import"])
def test_standard_output_on_a_full_disk_exits_1_in_one_line(command, clinic_file, case_file):
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    argv = {"export": ["export", "DW-1"], "check": ["check", str(case_file)], "import": ["import", str(case_file)]}
    with open("/dev/full", "w") as full:  # every write fails with ENOSPC
        result = subprocess.run(
            [sys.executable, "-m", "fbss_desktop", "--database", f"sqlite:///{clinic_file}", *argv[command]],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert result.returncode == ENVIRONMENT
    assert "cannot write the output: the disk is full" in one_line(result.stderr)


@pytest.mark.parametrize(
    ("driver_says", "user_reads"),
    [
        (
            'connection to server at "db" failed: server does not support SSL, but SSL was required',
            "does not offer TLS",
        ),
        ("connection to server failed: SSL error: certificate verify failed", "certificate could not be checked"),
    ],
)
def test_tls_faults_are_said_as_what_they_are(driver_says, user_reads):
    """A server without TLS, or a certificate that does not check, is not "cannot be reached"."""
    import psycopg2

    from fbss_desktop.storage.errors import translate

    failure = translate(psycopg2.OperationalError(driver_says))
    assert failure is not None and user_reads in str(failure)
