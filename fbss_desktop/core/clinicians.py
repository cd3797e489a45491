"""Clinicians who hold consults and sign plans."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Clinician:
    full_name: str
    credentials: str = ""
    specialty: str = ""
    active: bool = True
    id: int | None = None

    @property
    def display_name(self) -> str:
        return f"{self.full_name}, {self.credentials}" if self.credentials else self.full_name
