"""Users and roles: what the form accepts, and what each role may do."""

from __future__ import annotations

import pytest

from fbss_desktop.core.errors import PermissionDenied, ValidationError
from fbss_desktop.core.users import Actor, Permission, Role, User, UserInput, parse_user, reason_problem


def test_a_front_desk_user_finds_and_prints_but_never_opens_clinical_records():
    desk = User("lee", "Lee Park", frozenset({Role.FRONT_DESK}))
    assert desk.can(Permission.FIND_PATIENTS) and desk.can(Permission.PRINT_FINALIZED)
    assert not desk.can(Permission.CLINICAL) and not desk.can(Permission.SIGN) and not desk.can(Permission.USERS)
    with pytest.raises(PermissionDenied, match="Lee Park \\(Front desk\\) may not open or change clinical records"):
        Actor(desk, "desk-1").require(Permission.CLINICAL)


def test_an_administrator_who_is_also_a_specialist_has_both_and_an_inactive_user_nothing():
    both = User("amara", "Dr Osei", frozenset({Role.ADMINISTRATOR, Role.SPECIALIST}), clinician_id=1)
    assert (
        both.can(Permission.CLINICAL)
        and both.can(Permission.AUDIT)
        and both.role_text == "Specialist and Administrator"
    )
    gone = User("amara", "Dr Osei", frozenset({Role.ADMINISTRATOR}), active=False)
    assert not gone.can(Permission.FIND_PATIENTS)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"username": "a"}, "username"),
        ({"username": "Ana Díaz"}, "username"),
        ({"display_name": "  "}, "display_name"),
        ({"roles": set()}, "roles"),
        ({"roles": {"front_desk", "administrator"}}, "roles"),
        ({"roles": {"specialist"}, "clinician_id": None}, "clinician_id"),
        ({"password": "short"}, "password"),
        ({"password": "ana.diaz-and-more"}, "password"),
        ({"password": "aaaaaaaaaaaa"}, "password"),
    ],
)
def test_the_user_form_refuses_at_the_field(changes, field):
    form = UserInput(
        username="ana.diaz", display_name="Ana Díaz", roles={"specialist"}, clinician_id=3, password="a long passphrase"
    )
    for key, value in changes.items():
        setattr(form, key, value)
    with pytest.raises(ValidationError) as refused:
        parse_user(form, new=True)
    assert field in refused.value.errors


def test_an_acknowledgement_reason_must_say_something():
    assert reason_problem("ok") and reason_problem("  OK. ") and reason_problem("fine")
    assert reason_problem("Benefit outweighs the risk; renal function checked last week.") is None
