"""Patient repository: saving with MRN uniqueness and row versions, and the search behind the list.

Search pages are index range scans with a LIMIT, resumed from a keyset cursor, so the first page of any
prefix costs the same with 100 patients or 100,000. A name query runs as up to three streams, best
matches first: family-name prefix, then given-name prefix, then a later word of either name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from peewee import IntegrityError, Tuple, fn

from fbss_desktop.core.errors import ConflictError, NotFoundError, ValidationError
from fbss_desktop.core.patients import Patient, PatientSummary, Sex, normalize_mrn
from fbss_desktop.core.search import PatientQuery, QueryKind
from fbss_desktop.core.text import fold, prefix_upper_bound, words
from fbss_desktop.storage.db import database
from fbss_desktop.storage.migrations.m0002_name_parts import secondary_words
from fbss_desktop.storage.models import Patient as PatientRow
from fbss_desktop.storage.models import PatientNamePart, as_date, utcnow

STREAM_FAMILY, STREAM_GIVEN, STREAM_PART = 0, 1, 2
_SUMMARY_FIELDS = (
    PatientRow.id,
    PatientRow.mrn,
    PatientRow.family_name,
    PatientRow.given_names,
    PatientRow.date_of_birth,
    PatientRow.sex,
    PatientRow.family_key,
    PatientRow.given_key,
)


@dataclass(frozen=True)
class SearchCursor:
    """Where the next page starts: the stream and the sort key of the last row returned."""

    stream: int
    after: tuple[Any, ...] | None


@dataclass(frozen=True)
class SearchPage:
    rows: list[PatientSummary]
    next_cursor: SearchCursor | None  # None: nothing more


def _to_core(row: PatientRow) -> Patient:
    return Patient(
        id=row.id,
        mrn=row.mrn,
        family_name=row.family_name,
        given_names=row.given_names,
        date_of_birth=as_date(row.date_of_birth),
        sex=Sex(row.sex),
        phone=row.phone,
        preferred_language=row.preferred_language,
        row_version=row.row_version,
        referrer_id=row.referrer_id,
    )


def _summary(row: PatientRow) -> PatientSummary:
    return PatientSummary(
        id=row.id,
        mrn=row.mrn,
        family_name=row.family_name,
        given_names=row.given_names,
        date_of_birth=as_date(row.date_of_birth),
        sex=Sex(row.sex),
    )


def search_keys(patient: Patient) -> dict[str, str]:
    return {
        "family_key": fold(patient.family_name),
        "given_key": fold(patient.given_names),
        "name_words": " " + " ".join(words(patient.family_name, patient.given_names)) + " ",
    }


def patient_values(patient: Patient) -> dict[str, Any]:
    """The patient's columns, search keys included, as every insert and update writes them."""
    return {
        "mrn": patient.mrn,
        "family_name": patient.family_name,
        "given_names": patient.given_names,
        "date_of_birth": patient.date_of_birth,
        "sex": patient.sex.value,
        "phone": patient.phone,
        "preferred_language": patient.preferred_language,
        "referrer_id": patient.referrer_id,
        **search_keys(patient),
    }


def _write_name_parts(patient_id: int, patient: Patient) -> None:
    PatientNamePart.delete().where(PatientNamePart.patient == patient_id).execute()
    parts = secondary_words(patient.family_name, patient.given_names)
    if parts:
        PatientNamePart.insert_many([{"patient": patient_id, "part": p} for p in parts]).execute()


def _mrn_taken(mrn: str, except_id: int | None) -> bool:
    query = PatientRow.select(PatientRow.id).where(PatientRow.mrn == mrn)
    if except_id is not None:
        query = query.where(PatientRow.id != except_id)
    return query.exists()


def _duplicate_mrn(mrn: str) -> ValidationError:
    return ValidationError({"mrn": f"Medical record number {mrn} already belongs to another patient."})


def get_patient(patient_id: int) -> Patient:
    row = PatientRow.get_or_none(PatientRow.id == patient_id)
    if row is None:
        raise NotFoundError(f"Patient {patient_id} does not exist.")
    return _to_core(row)


def save_patient(patient: Patient) -> Patient:
    """Insert a new patient or update one whose row version still matches; returns the saved record."""
    with database.atomic():
        if _mrn_taken(patient.mrn, patient.id):
            raise _duplicate_mrn(patient.mrn)
        values = patient_values(patient)
        try:
            if patient.id is None:
                patient_id = PatientRow.insert(**values, row_version=1).execute()
                version = 1
            else:
                patient_id = patient.id
                version = patient.row_version + 1
                updated = (
                    PatientRow.update(**values, updated_at=utcnow(), row_version=version)
                    .where((PatientRow.id == patient_id) & (PatientRow.row_version == patient.row_version))
                    .execute()
                )
                if updated != 1:
                    raise ConflictError(
                        "This patient was changed or removed on another workstation since you opened it. "
                        "Reopen the patient to see the current record; your changes were not saved."
                    )
        except IntegrityError as exc:  # another workstation took the MRN between the check and the write
            raise _duplicate_mrn(patient.mrn) from exc
        _write_name_parts(patient_id, patient)
    return Patient(**{**patient.__dict__, "id": patient_id, "row_version": version})


def find_by_mrn(mrn: str) -> Patient | None:
    """The patient with this MRN (compared as stored: upper case, trimmed), if any."""
    row = PatientRow.get_or_none(PatientRow.mrn == normalize_mrn(mrn))
    return _to_core(row) if row is not None else None


def count_patients() -> int:
    return int(PatientRow.select().count())


def _prefix(field: Any, prefix: str) -> Any:
    return (field >= prefix) & (field < prefix_upper_bound(prefix))


def _name_stream(query: PatientQuery, stream: int) -> tuple[Any, tuple[Any, ...]]:
    """The select and its sort key (as columns) for one stream of a name search."""
    word = query.driving_word
    family, given = _prefix(PatientRow.family_key, word), _prefix(PatientRow.given_key, word)
    select = PatientRow.select(*_SUMMARY_FIELDS)
    if stream == STREAM_FAMILY:
        select = select.where(family)
        order: tuple[Any, ...] = (PatientRow.family_key, PatientRow.given_key, PatientRow.id)
    elif stream == STREAM_GIVEN:
        select = select.where(given & ~family)
        order = (PatientRow.given_key, PatientRow.family_key, PatientRow.id)
    else:
        parts = PatientNamePart.select(PatientNamePart.patient).where(_prefix(PatientNamePart.part, word))
        select = select.where(PatientRow.id.in_(parts) & ~family & ~given)
        order = (PatientRow.family_key, PatientRow.given_key, PatientRow.id)
    for other in query.other_words:
        # name_words is " word word ": a word-start match is a substring match after a space.
        select = select.where(PatientRow.name_words.contains(" " + other))
    return select, order


def _stream_select(query: PatientQuery, stream: int) -> tuple[Any, tuple[Any, ...]]:
    by_name = (PatientRow.family_key, PatientRow.given_key, PatientRow.id)
    base = PatientRow.select(*_SUMMARY_FIELDS)
    if query.kind is QueryKind.NAME:
        return _name_stream(query, stream)
    if query.kind is QueryKind.MRN:
        return base.where(_prefix(PatientRow.mrn, query.mrn_prefix)), (PatientRow.mrn,)
    if query.kind is QueryKind.DATE_OF_BIRTH:
        return base.where(PatientRow.date_of_birth == query.date_of_birth), by_name
    return base, by_name


def _stream_count(query: PatientQuery) -> int:
    return 3 if query.kind is QueryKind.NAME else 1


def _sort_key(row: PatientRow, order: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(getattr(row, column.name) for column in order)


def search_patients(query: PatientQuery, cursor: SearchCursor | None = None, limit: int = 100) -> SearchPage:
    """One page of patients matching `query`, continuing after `cursor`."""
    if query.kind is QueryKind.INVALID:
        return SearchPage([], None)
    cursor = cursor or SearchCursor(0, None)
    rows: list[PatientSummary] = []
    stream, after = cursor.stream, cursor.after
    while stream < _stream_count(query):
        select, order = _stream_select(query, stream)
        if after is not None:
            select = select.where(Tuple(*order) > Tuple(*after))
        batch = list(select.order_by(*order).limit(limit - len(rows)))
        rows.extend(_summary(r) for r in batch)
        if len(rows) >= limit:
            return SearchPage(rows, SearchCursor(stream, _sort_key(batch[-1], order)))
        stream, after = stream + 1, None
    return SearchPage(rows, None)


def count_matches(query: PatientQuery, cap: int = 1000) -> int:
    """How many patients match, counting at most `cap` + 1 (so the GUI can say "more than 1,000")."""
    if query.kind is QueryKind.INVALID:
        return 0
    total = 0
    for stream in range(_stream_count(query)):
        select, _ = _stream_select(query, stream)
        sub = select.select(PatientRow.id).limit(cap + 1 - total)
        total += int(PatientRow.select(fn.COUNT(1)).from_(sub.alias("m")).scalar() or 0)
        if total > cap:
            break
    return total


def naive_search(text: str, limit: int = 100) -> list[PatientSummary]:
    """A full-table scan on the raw name columns: the baseline the benchmark compares search against."""
    pattern = f"%{text}%"
    select = (
        PatientRow.select(*_SUMMARY_FIELDS)
        .where(
            fn.LOWER(PatientRow.family_name) ** pattern
            | fn.LOWER(PatientRow.given_names) ** pattern
            | (PatientRow.mrn**pattern)
        )
        .order_by(PatientRow.family_name, PatientRow.given_names, PatientRow.id)
        .limit(limit)
    )
    return [_summary(r) for r in select]
