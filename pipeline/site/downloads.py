"""Files readers download from the site: the contributors' Word template, built from editorial.yml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pelican import signals

from pipeline.intake.template import write_template

TEMPLATE_SAVE_AS = "tai-ve/mau-tin-bai.docx"


def write_downloads(pelican: Any) -> None:
    config = pelican.settings.get("EDITORIAL")
    if config is None:
        return
    target = Path(pelican.output_path) / pelican.settings.get("CONTRIBUTOR_TEMPLATE_SAVE_AS", TEMPLATE_SAVE_AS)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_template(target, config)


def register() -> None:
    signals.finalized.connect(write_downloads)
