"""The article model and the files in content/: one front-matter reader and writer, the content store."""
