"""Domain types and rules of FBSS Desktop, free of Qt, peewee and reportlab."""
