"""The inbox: discovering submissions, reading their metadata, routing to an editor, ingesting."""
