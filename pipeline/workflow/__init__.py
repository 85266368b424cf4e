"""Git and the forge: branches, pull requests, CODEOWNERS, deployment."""
