"""Keep the gettext catalogs in step with core/i18n.py.

    python scripts/i18n_catalog.py          # write core/locale/messages.pot and merge it into every .po
    python scripts/i18n_catalog.py --check  # write nothing; exit 1 if a .po lacks a msgid or a translation

The msgids are the Indonesian texts of core/i18n.py (its dicts, nested dicts and module-level strings), so
a new entry in a dict is a new msgid. Merging keeps every translation, adds the new msgids with an empty msgstr
and marks msgids no longer used obsolete. Both modes list the untranslated msgids, and the ones whose
`{placeholders}` differ from their translation's. The app reads the .po directly (babel.messages.pofile), so
there is no compile step.
"""
from __future__ import annotations

import argparse
import io
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from babel.messages.catalog import Catalog  # noqa: E402
from babel.messages.pofile import read_po, write_po  # noqa: E402

from core import i18n  # noqa: E402

POT = i18n.LOCALE_DIR / f"{i18n.DOMAIN}.pot"
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
HEADER = "Dasbor Partisipasi Smart City"


def msgids() -> dict[str, list[str]]:
    """Every Indonesian text of core/i18n.py -> where it is used (`RINGKASAN.title`, ...)."""
    found: dict[str, list[str]] = {}

    def walk(value: object, where: str) -> None:
        if isinstance(value, str):
            if value.strip():
                found.setdefault(value, []).append(where)
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{where}.{key}")

    for name, value in i18n.sources().items():
        walk(value, name)
    return found


def template() -> Catalog:
    pot = Catalog(project=HEADER, domain=i18n.DOMAIN, fuzzy=False)
    for text, places in msgids().items():
        pot.add(text, auto_comments=places[:3])
    return pot


def problems(po: Catalog, wanted: dict[str, list[str]]) -> tuple[list[str], list[str]]:
    """(msgids with no translation, msgids whose translation has other placeholders)."""
    missing, mismatched = [], []
    for text in wanted:
        message = po.get(text)
        if message is None or not message.string or message.fuzzy:
            missing.append(text)
        elif sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(message.string)):
            mismatched.append(text)
    return missing, mismatched


def po_files() -> list[Path]:
    return sorted(i18n.LOCALE_DIR.glob(f"*/LC_MESSAGES/{i18n.DOMAIN}.po"))


def read(path: Path, lang: str) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale=lang, domain=i18n.DOMAIN)


def write(catalog: Catalog, path: Path) -> None:
    buf = io.BytesIO()
    write_po(buf, catalog, width=116, sort_output=False, omit_header=False, include_previous=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 when a translation is missing")
    args = parser.parse_args(argv)
    wanted = msgids()
    pot = template()
    if not args.check:
        write(pot, POT)
    failed = False
    for path in po_files():
        lang = path.parents[1].name
        po = read(path, lang)
        if not args.check:
            po.update(pot, no_fuzzy_matching=True)
            po.project, po.fuzzy = HEADER, False
            write(po, path)
        missing, mismatched = problems(po, wanted)
        for text in missing:
            print(f"{lang}: untranslated: {text!r} ({', '.join(wanted[text][:2])})")
        for text in mismatched:
            print(f"{lang}: placeholders differ: {text!r}")
        print(f"{lang}: {len(wanted) - len(missing)} of {len(wanted)} msgids translated")
        failed = failed or bool(missing or mismatched)
    return 1 if failed and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
