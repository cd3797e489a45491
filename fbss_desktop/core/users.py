"""Who uses the app: users, their roles, and what each role may do.

A clinic has three kinds of user. A *specialist* does the clinical work and is linked to the clinician record
that is printed on their plans; a *front desk* user finds patients and prints or reprints finalized plans
and handouts; an *administrator* sets up the clinic, its users, backups and reads the audit trail (and may
also be a specialist). The services check a permission on every use case (`can`), so hiding a button is
never the only guard.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import StrEnum

from fbss_desktop.core.errors import PermissionDenied, ValidationError

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
PASSWORD_MIN_LENGTH = 10  # a passphrase; NIST SP 800-63B asks for at least 8 and no composition rules
REASON_MIN_LENGTH = 10  # an acknowledgement's reason must say something, not "ok"


class Role(StrEnum):
    SPECIALIST = "specialist"
    FRONT_DESK = "front_desk"
    ADMINISTRATOR = "administrator"

    @property
    def label(self) -> str:
        return {"specialist": "Specialist", "front_desk": "Front desk", "administrator": "Administrator"}[self.value]


class Permission(StrEnum):
    FIND_PATIENTS = "find_patients"  # search, see demographics
    EDIT_DEMOGRAPHICS = "edit_demographics"
    PRINT_FINALIZED = "print_finalized"  # finalized plans and handouts, reprints, the printed mark
    CLINICAL = "clinical"  # consults, surgeries, plans, decision support, summaries, drafts
    SIGN = "sign"  # sign and amend consults, finalize plans, acknowledge blocking findings
    EXCHANGE = "exchange"  # case files out and in
    USERS = "users"
    CLINIC_SETTINGS = "clinic_settings"
    BACKUPS = "backups"
    AUDIT = "audit"


PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.FRONT_DESK: frozenset({Permission.FIND_PATIENTS, Permission.EDIT_DEMOGRAPHICS, Permission.PRINT_FINALIZED}),
    Role.SPECIALIST: frozenset(
        {
            Permission.FIND_PATIENTS,
            Permission.EDIT_DEMOGRAPHICS,
            Permission.PRINT_FINALIZED,
            Permission.CLINICAL,
            Permission.SIGN,
            Permission.EXCHANGE,
        }
    ),
    Role.ADMINISTRATOR: frozenset(
        {Permission.FIND_PATIENTS, Permission.USERS, Permission.CLINIC_SETTINGS, Permission.BACKUPS, Permission.AUDIT}
    ),
}

WHAT = {
    Permission.FIND_PATIENTS: "find patients",
    Permission.EDIT_DEMOGRAPHICS: "change a patient's details",
    Permission.PRINT_FINALIZED: "print finalized plans",
    Permission.CLINICAL: "open or change clinical records",
    Permission.SIGN: "sign consults or finalize plans",
    Permission.EXCHANGE: "export or import case files",
    Permission.USERS: "manage users",
    Permission.CLINIC_SETTINGS: "change the clinic's settings",
    Permission.BACKUPS: "make or restore backups",
    Permission.AUDIT: "read the audit trail",
}


@dataclass(frozen=True)
class User:
    username: str
    display_name: str
    roles: frozenset[Role]
    clinician_id: int | None = None
    active: bool = True
    id: int | None = None
    row_version: int = 0
    password_changed_at: dt.datetime | None = None
    must_change_password: bool = False

    def can(self, permission: Permission) -> bool:
        return self.active and any(permission in PERMISSIONS[role] for role in self.roles)

    @property
    def role_text(self) -> str:
        return " and ".join(role.label for role in sorted(self.roles, key=list(Role).index))


@dataclass(frozen=True)
class Actor:
    """The signed-in user a use case runs for, and where: what the audit trail records."""

    user: User
    workstation: str

    def require(self, permission: Permission) -> None:
        if not self.user.can(permission):
            allowed = " or ".join(role.label.lower() for role in Role if permission in PERMISSIONS[role])
            article = "an" if allowed[:1] in ("a", "e", "i", "o", "u") else "a"
            who = (
                "add the role to your account (File › Users…)"
                if self.user.can(Permission.USERS)
                else ("ask an administrator to add the role")
            )
            raise PermissionDenied(
                f"{self.user.display_name} ({self.user.role_text}) may not {WHAT[permission]}: that is for "
                f"{article} {allowed}. Sign in as one (File › Switch user…), or {who}."
            )


@dataclass
class UserInput:
    """The user form as typed: the administrator's add or change, or the clinic set-up's first user."""

    username: str = ""
    display_name: str = ""
    roles: set[str] = field(default_factory=set)
    clinician_id: int | None = None
    active: bool = True
    password: str = ""  # a new user's first password, or a reset; empty when unchanged
    id: int | None = None
    row_version: int = 0


def parse_user(form: UserInput, *, new: bool) -> User:
    """Validate the form; raise ValidationError keyed by field name."""
    errors: dict[str, str] = {}
    username = form.username.strip().lower()
    if not USERNAME.match(username):
        errors["username"] = (
            "A user name is 2 to 40 characters: lower-case letters, digits, dots, dashes or underscores, "
            "starting with a letter or digit."
        )
    display_name = " ".join(form.display_name.split())
    if not display_name:
        errors["display_name"] = "Enter the person's name as it should appear in the app and the audit trail."
    roles: set[Role] = set()
    for value in form.roles:
        try:
            roles.add(Role(value))
        except ValueError:
            errors["roles"] = f"'{value}' is not a role."
    if not roles and "roles" not in errors:
        errors["roles"] = "Choose at least one role."
    if Role.FRONT_DESK in roles and len(roles) > 1:
        errors["roles"] = (
            "Front desk is a role of its own: a front-desk user is not also a specialist or administrator."
        )
    if Role.SPECIALIST in roles and form.clinician_id is None:
        errors["clinician_id"] = "A specialist is linked to their clinician record (the name printed on plans)."
    if new or form.password:
        problem = password_problem(form.password, username)
        if problem:
            errors["password"] = problem
    if errors:
        raise ValidationError(errors)
    return User(
        username=username,
        display_name=display_name,
        roles=frozenset(roles),
        clinician_id=form.clinician_id if Role.SPECIALIST in roles else None,
        active=form.active,
        id=form.id,
        row_version=form.row_version,
    )


def password_problem(password: str, username: str = "") -> str | None:
    """What is wrong with a new password, or None."""
    if len(password) < PASSWORD_MIN_LENGTH:
        return f"Use at least {PASSWORD_MIN_LENGTH} characters; a few words together are easy to remember."
    if username and username.lower() in password.lower():
        return "The password must not contain the user name."
    if len(set(password)) < 3:
        return "The password must not repeat one or two characters."
    return None


def reason_problem(reason: str) -> str | None:
    """What is wrong with an acknowledgement's reason, or None: it must say something."""
    words = reason.strip()
    if len(words) < REASON_MIN_LENGTH or words.lower().strip(".! ") in {"ok", "okay", "fine", "yes", "noted", "n/a"}:
        return f"Write why it is right for this patient (at least {REASON_MIN_LENGTH} characters), not just 'ok'."
    return None
