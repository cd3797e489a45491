"""Procedure records on screen: the list on the patient record, the record form, the relief at follow-up and
a stimulator trial diary."""
