"""Clinic-wide settings: one declared registry with types and defaults (after Picard's options).

Stored in the database so every workstation of a clinic shares them; per-workstation window state is not
here but in the GUI's QSettings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SettingSpec:
    key: str
    default: Any
    kind: type
    label: str
    choices: tuple[Any, ...] = ()
    help: str = ""  # where the default comes from, and what the sources disagree on

    def check(self, value: Any) -> Any:
        """Return `value` if it is valid for this setting, else raise ValueError."""
        if not isinstance(value, self.kind) or (self.kind is int and isinstance(value, bool)):
            raise ValueError(f"{self.label}: expected {self.kind.__name__}, got {type(value).__name__}")
        if self.choices and value not in self.choices:
            raise ValueError(f"{self.label}: {value!r} is not one of {', '.join(map(str, self.choices))}")
        return value


REGISTRY: dict[str, SettingSpec] = {
    spec.key: spec
    for spec in (
        SettingSpec("clinic.name", "", str, "Clinic name"),
        SettingSpec("clinic.address", "", str, "Clinic address"),
        SettingSpec("clinic.phone", "", str, "Clinic phone"),
        SettingSpec(
            "clinic.after_hours",
            "",
            str,
            "When the clinic is closed",
            help="Printed with the signs that need a call to the clinic today, e.g. 'If we are closed, call the "
            "on-call doctor at (555) 010-9999.' Empty: 'go to an urgent care clinic'.",
        ),
        SettingSpec(
            "clinic.logo",
            "",
            str,
            "Letterhead logo (PNG or JPEG file)",
            help="A file every workstation can read, such as a shared folder. Left out of the print if missing.",
        ),
        SettingSpec("print.paper_size", "letter", str, "Paper size", ("letter", "a4")),
        SettingSpec(
            "security.idle_minutes",
            10,
            int,
            "Lock the app after minutes without use",
            (2, 5, 10, 15, 30, 60),
            help="Every window is covered and the same user's password unlocks it; unsaved consults are autosaved "
            "first. Ten minutes is a common clinic default; a shared front-desk screen may want less.",
        ),
        SettingSpec(
            "backups.daily",
            True,
            bool,
            "Back the database up once a day by itself",
            (True, False),
            help="An SQLite clinic: the first workstation to open it each day copies it to its backups folder, "
            "keeping 7 daily and 4 weekly copies. A PostgreSQL server is backed up on the server "
            "(fbss-desktop backup in its cron; see the README).",
        ),
        SettingSpec("dates.slash_order", "MDY", str, "Dates typed with slashes are read as", ("MDY", "DMY")),
        # Sources disagree on the minimal clinically important change (clinical-reference.md section 6):
        # NRS 2 points (Ostelo 2008, IMMPACT ~2 moderate); ODI 10 points (Ostelo) vs 6 (modified ODI).
        SettingSpec(
            "outcomes.mcid_nrs",
            2,
            int,
            "Minimal important change, pain NRS (points)",
            (1, 2, 3, 4),
            help="Ostelo 2008 and IMMPACT: about 2 points. Some cohorts suggest larger changes are needed.",
        ),
        SettingSpec(
            "outcomes.mcid_odi",
            10,
            int,
            "Minimal important change, ODI (points)",
            (6, 8, 10, 12),
            help="Ostelo 2008: 10 points or 30%; modified ODI (Fritz and Irrgang): 6 points.",
        ),
        # CDC 2022 factors vs the older (2016-era) table: hydromorphone 5 vs 4, tramadol 0.2 vs 0.1, methadone.
        SettingSpec(
            "medications.mme_table",
            "cdc2022",
            str,
            "MME conversion factors",
            ("cdc2022", "cdc2016"),
            help="CDC 2022 factors (hydromorphone 5, tramadol 0.2, methadone 4.7) or the older 2016-era table.",
        ),
        # Decision support (clinical-reference.md sections 3 and 5). Each threshold the sources disagree on is
        # a clinic setting with the default named in the reference, never a constant in a rule.
        SettingSpec(
            "rules.guideline_mode",
            "us",
            str,
            "Guideline mode",
            ("us", "nice"),
            help=(
                "NICE NG59 advises against gabapentinoids, opioids for chronic sciatica and spinal injections "
                "for low back pain; US practice differs. NICE mode adds those notes."
            ),
        ),
        SettingSpec(
            "rules.asra_edition",
            "asra2018",
            str,
            "ASRA bleeding-risk classes",
            ("asra2018", "asra2015"),
            help=(
                "ASRA 2018 moved thoracolumbar facet blocks and RFA to low bleeding risk; ASRA 2015 had them "
                "intermediate."
            ),
        ),
        # Medicare LCD L33906: 4 ESI sessions per region per rolling 12 months. eviCore: 4 per 12 months,
        # 3 per 6 months and at least 14 days apart. 0 switches a limit off.
        SettingSpec(
            "esi.max_per_12_months",
            4,
            int,
            "ESI sessions per region in 12 months",
            (2, 3, 4, 5, 6),
            help="Medicare LCD L33906 and eviCore: 4 per spinal region per rolling 12 months.",
        ),
        SettingSpec(
            "esi.max_per_6_months",
            0,
            int,
            "ESI sessions per region in 6 months (0: no limit)",
            (0, 2, 3, 4),
            help="eviCore: 3 per region in 6 months. Medicare sets no 6-month limit (0).",
        ),
        SettingSpec(
            "esi.min_days_between",
            0,
            int,
            "Days between ESIs (0: no limit)",
            (0, 7, 14, 21, 28),
            help="eviCore: at least 14 days apart. Medicare sets no interval (0).",
        ),
        SettingSpec(
            "esi.repeat_relief_percent",
            50,
            int,
            "Relief that supports a repeat ESI (%)",
            (30, 50, 80),
            help="Medicare LCD: a repeat needs at least 50% sustained relief or functional gain.",
        ),
        # How long that relief must last (reference section 3.4): one summary of LCD L39240 says 3 months; the
        # eviCore guideline (secondary only) 2 weeks. Relief still lasting when last asked counts as sustained.
        SettingSpec(
            "esi.repeat_relief_weeks",
            12,
            int,
            "Weeks that relief must last to support a repeat ESI",
            (2, 4, 6, 8, 12),
            help=(
                "A summary of Medicare LCD L39240: at least 3 months (12 weeks). eviCore (secondary source): at least "
                "2 weeks. Relief still lasting when last asked counts."
            ),
        ),
        # The often-cited yearly ceiling is for post-menopausal women; other groups' limits are UNCONFIRMED.
        SettingSpec(
            "steroid.annual_limit_mg",
            200,
            int,
            "Yearly injected steroid (mg methylprednisolone)",
            (120, 160, 200, 240, 300, 400),
            help=(
                "200 mg methylprednisolone-equivalent is cited for post-menopausal women; other groups' "
                "limits are not established."
            ),
        ),
        # Menopause is not recorded, so the limit warns for women; for men it is information unless the clinic
        # applies it to everyone (clinical-reference.md section 5 rule 28: other groups' limits UNCONFIRMED).
        SettingSpec(
            "steroid.annual_limit_everyone",
            False,
            bool,
            "Warn at the yearly steroid limit for men too",
            (True, False),
            help=(
                "No: the limit (cited for post-menopausal women) warns for women, and is a note for men. Yes: it "
                "warns for everyone."
            ),
        ),
        SettingSpec(
            "scs.trial_success_percent",
            50,
            int,
            "SCS trial success (% relief)",
            (30, 40, 50, 60),
            help="At least 50% relief of the target pain (expert panels, Medicare contractors).",
        ),
        # MBB before RFA (reference section 3.5, corrected 2026-12-03 against Cohen SP et al., Reg Anesth Pain Med
        # 2020;45:424-467): one block with >=50% relief in routine practice; two where a payer requires them.
        SettingSpec(
            "rfa.mbb_relief_percent",
            50,
            int,
            "Medial branch block relief that supports RFA (%)",
            (50, 60, 70, 80),
            help="The 2020 multisociety guideline: 50% relief in clinical practice. Some payers ask 80% or more.",
        ),
        SettingSpec(
            "rfa.mbb_blocks_required",
            1,
            int,
            "Medial branch blocks with that relief before RFA",
            (1, 2),
            help="The 2020 multisociety guideline: one block in routine practice; two where a payer requires them.",
        ),
        SettingSpec(
            "opioid.taper_max_percent_month",
            10,
            int,
            "Fastest routine taper (% per month)",
            (5, 10, 15, 20),
            help="HHS and CDC: about 10% a month after long-term use; faster only for a serious reason.",
        ),
        # "Raised" CRP and white cell count (reference section 4: rising ESR/CRP in the infection work-up) means
        # above the laboratory's upper reference limit; the reference gives no number, so these defaults are
        # common laboratory limits (UNCONFIRMED): set the clinic laboratory's own.
        SettingSpec(
            "labs.crp_upper_mg_l",
            10,
            int,
            "CRP above which it counts as raised (mg/L)",
            (5, 8, 10, 20),
            help="Your laboratory's upper reference limit. Not from our clinical sources: set your laboratory's.",
        ),
        SettingSpec(
            "labs.wbc_upper",
            11,
            int,
            "White cell count above which it counts as raised (10^9/L)",
            (10, 11, 12),
            help="Your laboratory's upper reference limit. Not from our clinical sources: set your laboratory's.",
        ),
        # Gadolinium safety thresholds are UNCONFIRMED in the reference: follow the radiology department.
        SettingSpec(
            "imaging.gadolinium_egfr_min",
            30,
            int,
            "eGFR below which gadolinium is flagged",
            (15, 30, 45, 60),
            help="Not confirmed in our sources: follow your radiology department's contrast policy.",
        ),
        # The patient's instruction sheet before a procedure (core/instruction_sheet.py).
        SettingSpec(
            "procedure.place",
            "",
            str,
            "Where patients go for a procedure",
            help="The procedure suite's address, printed on the instruction sheet. Empty: the clinic's address.",
        ),
        SettingSpec(
            "procedure.fasting",
            "",
            str,
            "Eating and drinking before a procedure",
            help="Your clinic's own instructions, printed as written. Our sources give no fasting times; empty "
            "prints: 'We will tell you if you must stop eating or drinking before your procedure.'",
        ),
        SettingSpec(
            "procedure.driver",
            "always",
            str,
            "A driver home after a procedure",
            ("always", "sedation"),
            help="Whether the sheet asks for a driver for every procedure, or only when sedation is planned.",
        ),
        SettingSpec(
            "procedure.arrive_minutes",
            30,
            int,
            "Arrive this many minutes before a procedure",
            (15, 30, 45, 60, 90),
            help="The arrival time the instructions dialog offers first; the clinician can change it.",
        ),
    )
}


def spec(key: str) -> SettingSpec:
    try:
        return REGISTRY[key]
    except KeyError:
        raise KeyError(f"unknown clinic setting {key!r}") from None
