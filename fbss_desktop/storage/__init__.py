"""Persistence: the only package that imports peewee. Rows become core objects before they leave."""
