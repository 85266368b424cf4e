"""Document conversion: sniffing, LibreOffice, legacy Vietnamese fonts, .docx → HTML → Markdown."""
