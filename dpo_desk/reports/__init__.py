"""Documents: the only package that imports reportlab and openpyxl (PDF letters, registers, xlsx)."""
