"""Gates lesson, the downloads: the CSV and JSON files, written once per trained study (when first clicked)."""

from lessons.gates.study import GatesStudy, config_json, gates_csv
from ui.store import shared


@shared(16)
def csv_file(s: GatesStudy) -> bytes:
    return gates_csv(s).encode("utf-8-sig")


@shared(16)
def json_file(s: GatesStudy) -> str:
    return config_json(s)
