import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from fbss_desktop.app import main
from fbss_desktop.storage.migrations import LATEST_VERSION


def test_help_lists_the_commands():
    result = subprocess.run(
        [sys.executable, "-m", "fbss_desktop", "--help"], capture_output=True, text=True, check=True
    )
    assert "demo" in result.stdout and "--database" in result.stdout


def test_demo_fills_the_database_named_by_the_option(tmp_path, capsys):
    db = tmp_path / "other.sqlite3"
    assert main(["--database", f"sqlite:///{db}", "demo", "--patients", "7"]) == 0
    assert "Added 7 demo patients" in capsys.readouterr().out
    count = sqlite3.connect(db).execute("SELECT count(*) FROM patient").fetchone()[0]
    assert count == 7


def test_the_environment_variable_selects_the_database(tmp_path, monkeypatch):
    db = tmp_path / "env.sqlite3"
    monkeypatch.setenv("FBSS_DATABASE_URL", f"sqlite:///{db}")
    assert main(["demo", "--patients", "2"]) == 0
    assert sqlite3.connect(db).execute("SELECT count(*) FROM patient").fetchone()[0] == 2


def test_help_documents_the_exit_statuses():
    result = subprocess.run(
        [sys.executable, "-m", "fbss_desktop", "--help"], capture_output=True, text=True, check=True
    )
    assert "exit status" in result.stdout
    for status in ("0    done", "1    the computer or the database failed", "2    a bad argument"):
        assert status in result.stdout


def one_line(err: str) -> str:
    """The single line a failure prints on standard error."""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("fbss-desktop: ") and "Traceback" not in err
    return lines[0]


def test_an_unsupported_url_is_a_bad_option_value(capsys):
    assert main(["--database", "mysql://x/y", "demo"]) == 2
    assert "Unsupported database URL scheme 'mysql'" in one_line(capsys.readouterr().err)


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--database", "postgresql://u:secret@host:port/db", "demo"], "cannot be read"),
        (["--database", "postgresql://u:secret@host/db", "demo"], "keep it in a pgpass file"),
        (["--database", "sqlite:///", "demo"], "SQLite URLs look like"),
        (["demo", "--patients", "0"], "expected 1 to 1,000,000, not 0"),
        (["demo", "--patients", "many"], "expected a whole number, not 'many'"),
        (["demo", "--seed", "9" * 5000], "expected a whole number"),
        (["export"], "the following arguments are required: mrn"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        (["plan-pdf", "case.json"], "the following arguments are required: -o/--output"),
    ],
)
def test_a_bad_argument_exits_2_in_one_line(argv, expected, capsys):
    assert main(argv) == 2
    line = one_line(capsys.readouterr().err)
    assert expected in line and "secret" not in line


def test_a_bad_database_url_in_the_environment_exits_2(monkeypatch, capsys):
    monkeypatch.setenv("FBSS_DATABASE_URL", "oracle://scott:tiger@db/x")
    assert main(["demo"]) == 2
    line = one_line(capsys.readouterr().err)
    assert line.startswith("fbss-desktop: FBSS_DATABASE_URL: Unsupported") and "tiger" not in line


@pytest.mark.parametrize("value", ["soon", "-1", "nan", "1e9"])
def test_a_bad_busy_timeout_exits_2(value, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("FBSS_BUSY_TIMEOUT", value)
    assert main(["--database", f"sqlite:///{tmp_path}/x.sqlite3", "demo", "--patients", "1"]) == 2
    assert "FBSS_BUSY_TIMEOUT must be a number of seconds" in one_line(capsys.readouterr().err)
    assert not (tmp_path / "x.sqlite3").exists()


def test_a_newer_schema_is_refused_with_a_message(tmp_path, capsys):
    db = tmp_path / "new.sqlite3"
    assert main(["--database", f"sqlite:///{db}", "demo", "--patients", "1"]) == 0
    raw = sqlite3.connect(db)
    raw.execute("INSERT INTO schema_migration VALUES (?, 'future', '2030-01-01')", (LATEST_VERSION + 5,))
    raw.commit()
    assert main(["--database", f"sqlite:///{db}", "demo", "--patients", "1"]) == 1
    assert "newer FBSS Desktop" in capsys.readouterr().err
    assert raw.execute("SELECT count(*) FROM patient").fetchone()[0] == 1


def test_audit_verify_holds_and_then_names_the_entry_changed_by_hand(tmp_path, capsys, monkeypatch):
    import io

    from fbss_desktop.core.users import UserInput
    from fbss_desktop.services.clinic import Clinic

    url = f"sqlite:///{tmp_path}/clinic.sqlite3"
    clinic = Clinic.open(url, backup_dir=None)
    clinic.accounts.add_first_administrator(
        UserInput(username="amara", display_name="Dr Osei", roles={"administrator"}, password="a long passphrase")
    )
    clinic.accounts.sign_in("amara", "a long passphrase", "room-2")
    clinic.close()
    as_admin = ["--database", url, "--user", "amara", "--password-stdin", "audit", "verify"]
    monkeypatch.setattr("sys.stdin", io.StringIO("a long passphrase\n"))
    assert main(as_admin) == 0
    assert "3 entries checked, none changed" in capsys.readouterr().out  # with this sign-in

    with sqlite3.connect(tmp_path / "clinic.sqlite3") as raw:  # someone with the file and a SQLite shell
        raw.execute("DROP TRIGGER audit_event_no_update")
        raw.execute("UPDATE audit_event SET username = 'someone' WHERE id = 2")
    monkeypatch.setattr("sys.stdin", io.StringIO("a long passphrase\n"))
    assert main(as_admin) == 1
    err = capsys.readouterr().err
    assert one_line(err).startswith("fbss-desktop: the audit trail is broken at entry 2 (")


def test_once_a_clinic_has_users_a_command_says_who_runs_it_and_runs_with_their_role(tmp_path, capsys, monkeypatch):
    import io

    from fbss_desktop.core.users import UserInput
    from fbss_desktop.services.clinic import Clinic
    from fbss_desktop.storage import audit

    url = f"sqlite:///{tmp_path}/clinic.sqlite3"
    assert main(["--database", url, "demo", "--patients", "1"]) == 0  # before the set-up: nobody to ask
    clinic = Clinic.open(url, backup_dir=None)
    doctor = clinic.setup.clinicians()[0]
    clinic.accounts.add_first_administrator(
        UserInput(
            username="amara",
            display_name="Dr Osei",
            roles={"administrator", "specialist"},
            clinician_id=doctor.id,
            password="quiet river stone",
        )
    )
    clinic.accounts.sign_in("amara", "quiet river stone", "setup")
    clinic.accounts.add_user(
        UserInput(username="dee", display_name="Dee Desk", roles={"front_desk"}, password="temporary password 1")
    )
    clinic.accounts.sign_in("dee", "temporary password 1", "desk")
    clinic.accounts.change_password("temporary password 1", "green window kite")
    clinic.close()
    capsys.readouterr()

    assert main(["--database", url, "export", "D000001"]) == 2
    assert "say who you are with --user NAME" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("not the password\n"))
    assert main(["--database", url, "--user", "amara", "--password-stdin", "export", "D000001"]) == 2
    assert "not right" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("green window kite\n"))
    assert main(["--database", url, "--user", "dee", "--password-stdin", "export", "D000001"]) == 2
    assert "Dee Desk (Front desk) may not export or import case files" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("quiet river stone\n"))
    assert main(["--database", url, "--user", "amara", "--password-stdin", "export", "D000001"]) == 0
    assert '"mrn": "D000001"' in capsys.readouterr().out

    clinic = Clinic.open(url, backup_dir=None)
    trail = [(e.action, e.username, e.outcome) for e in audit.entries()]
    clinic.close()
    assert ("exported", "amara", "ok") in trail and ("sign_in_refused", "amara", "refused") in trail


def test_the_audit_key_lives_in_the_data_folder_given_on_the_command_line(tmp_path):
    """The walkthrough's app, started with --data-dir, looked for the key in the user's own config folder."""
    folder = tmp_path / "clinic-data"
    assert (
        main(["--data-dir", str(folder), "--database", f"sqlite:///{tmp_path}/c.sqlite3", "demo", "--patients", "1"])
        == 0
    )
    assert [p.suffix for p in (folder / "config" / "audit-keys").iterdir()] == [".key"]


def test_encrypt_then_every_command_opens_the_database_with_the_users_password(tmp_path, capsys, monkeypatch):
    """`fbss-desktop encrypt` for an administrator: the recovery key printed once, the file unreadable without
    a key, and from then on a command unlocks the database with the password of --user, asked once."""
    import io

    from fbss_desktop.core.users import UserInput
    from fbss_desktop.services.clinic import Clinic

    url = f"sqlite:///{tmp_path}/clinic.sqlite3"
    assert main(["--database", url, "demo", "--patients", "1"]) == 0
    clinic = Clinic.open(url, backup_dir=None)
    clinic.accounts.add_first_administrator(
        UserInput(
            username="amara",
            display_name="Dr Osei",
            roles={"administrator", "specialist"},
            clinician_id=clinic.setup.clinicians()[0].id,
            password="quiet river stone",
        )
    )
    clinic.close()
    capsys.readouterr()

    assert main(["--database", url, "encrypt"]) == 2
    assert "--user NAME" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("quiet river stone\n"))
    assert main(["--database", url, "--user", "amara", "--password-stdin", "encrypt"]) == 0
    out = capsys.readouterr().out
    assert "Recovery key (shown only now):" in out
    stored = (tmp_path / "clinic.sqlite3").read_bytes()
    assert not stored.startswith(b"SQLite format 3") and b"D000001" not in stored

    assert main(["--database", url, "export", "D000001"]) == 2
    assert "this database is encrypted: say who you are with --user NAME" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("not the password\n"))
    assert main(["--database", url, "--user", "amara", "--password-stdin", "export", "D000001"]) == 2
    assert "not right" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("quiet river stone\n"))  # read once: it opens and signs in
    assert main(["--database", url, "--user", "amara", "--password-stdin", "export", "D000001"]) == 0
    assert '"mrn": "D000001"' in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO("quiet river stone\n"))
    assert main(["--database", url, "--user", "amara", "--password-stdin", "encrypt"]) == 2
    assert "encrypted already" in capsys.readouterr().err


def test_the_recovery_key_gives_an_administrator_who_forgot_a_new_password(tmp_path, capsys, monkeypatch):
    """The walk's administrator wrote the recovery key down and found nowhere to use it."""
    import io
    import re

    from fbss_desktop.core.users import UserInput
    from fbss_desktop.services.clinic import Clinic

    url = f"sqlite:///{tmp_path}/clinic.sqlite3"
    clinic = Clinic.open(url, backup_dir=None)
    clinic.accounts.add_first_administrator(
        UserInput(username="amara", display_name="Dr Osei", roles={"administrator"}, password="quiet river stone")
    )
    clinic.close()
    monkeypatch.setattr("sys.stdin", io.StringIO("quiet river stone\n"))
    assert main(["--database", url, "--user", "amara", "--password-stdin", "encrypt"]) == 0
    (key,) = re.findall(r"[0-9A-F]{8}(?:-[0-9A-F]{8}){7}", capsys.readouterr().out)
    monkeypatch.setattr("sys.stdin", io.StringIO("00000000-" * 7 + "00000000\nbrand new phrase here\n"))
    assert main(["--database", url, "--user", "amara", "--password-stdin", "recover"]) == 2
    assert "does not open this database" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{key.lower()}\nbrand new phrase here\n"))
    assert main(["--database", url, "--user", "amara", "--password-stdin", "recover"]) == 0
    assert "amara has a new password" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO("brand new phrase here\n"))
    assert main(["--database", url, "--user", "amara", "--password-stdin", "audit", "verify"]) == 0
    assert "none changed" in capsys.readouterr().out


def test_backup_writes_a_copy_an_administrator_can_open(tmp_path, capsys, monkeypatch):
    import io
    import re

    from fbss_desktop.core.users import UserInput
    from fbss_desktop.services.clinic import Clinic

    url = f"sqlite:///{tmp_path}/clinic.sqlite3"
    assert main(["--database", url, "demo", "--patients", "2"]) == 0
    clinic = Clinic.open(url, backup_dir=None)
    clinic.accounts.add_first_administrator(
        UserInput(username="amara", display_name="Dr Osei", roles={"administrator"}, password="quiet river stone")
    )
    clinic.close()
    capsys.readouterr()
    monkeypatch.setattr("sys.stdin", io.StringIO("quiet river stone\n"))
    folder = tmp_path / "copies"
    assert main(["--database", url, "--user", "amara", "--password-stdin", "backup", "-o", str(folder)]) == 0
    (written,) = re.findall(r"Backed up to (.+)\.$", capsys.readouterr().out.strip())
    assert written.startswith(str(folder)) and len(list(folder.glob("clinic-backup-*.sqlite3"))) == 1
    # The copy restores in place of the database, checked first; the database it replaced is kept.
    monkeypatch.setattr("sys.stdin", io.StringIO("quiet river stone\n"))
    assert main(["--database", url, "--user", "amara", "--password-stdin", "restore", written]) == 0
    said = capsys.readouterr().out
    assert "Checked before anything was replaced: 2 patients" in said
    assert "the audit trail holds" in said
    (kept,) = re.findall(r"The database it replaced is kept as (.+)\.$", said.strip())
    assert Path(kept).exists()
    # A file that is no backup is refused in one line, with nothing replaced.
    junk = tmp_path / "notes.txt"
    junk.write_text("not a database")
    monkeypatch.setattr("sys.stdin", io.StringIO("quiet river stone\n"))
    assert main(["--database", url, "--user", "amara", "--password-stdin", "restore", str(junk)]) == 2
    assert "is not an FBSS Desktop backup" in capsys.readouterr().err
