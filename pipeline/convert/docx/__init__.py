"""Reading a .docx package: parts, numbering, structure, fonts; the mammoth conversion."""
