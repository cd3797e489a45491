"""PDF documents (reportlab): the only package that imports reportlab. Core objects in, PDF bytes out."""
