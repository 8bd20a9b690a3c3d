"""The `pokja` command: load and undo uploads, the template, the demo data, scores and recommendations, accounts
and big-screen (kiosk) tokens."""
from __future__ import annotations

import argparse
import datetime as dt
import gc
import getpass
import json
import sys
from pathlib import Path

from core import i18n, trace
from core.settings import PROJECT_ROOT, Settings

T = i18n.CLI  # the operator's words (Indonesian)

DEMO_WORKBOOK = PROJECT_ROOT / "data" / "demo" / "rekap-demo.xlsx"


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(T["date_shape"].format(text=text)) from None


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="pokja", description="Dasbor Partisipasi Smart City: data tools.")
    sub = p.add_subparsers(dest="command", required=True)

    load = sub.add_parser("load", help="validate and load a recap workbook")
    load.add_argument("file", type=Path)
    load.add_argument("--dry-run", action="store_true", help="validate and report; write nothing")
    load.add_argument("--json", action="store_true", help="print the report as JSON")
    load.add_argument("--decide", action="append", default=[], metavar="ID=REF",
                      help="answer a question about a person: ID is the decision's SHEET!ROW, REF a candidate's "
                           "ref (#12) or code, new, new:UNSUR or guest (repeatable)")
    demo = load.add_mutually_exclusive_group()
    demo.add_argument("--replace-demo", action="store_true",
                      help="while the demo data is loaded: remove it (and its weekly snapshots) in this load's "
                           "transaction")
    demo.add_argument("--keep-demo", action="store_true", help="while the demo data is loaded: keep it beside")
    load.add_argument("--save-profile", metavar="NAME",
                      help="with --mapping: once loaded, keep the mapping of each sheet it names as this profile, "
                           "used by itself for the next sheet of the same layout")
    load.add_argument("--mapping", type=Path, metavar="MAP.json",
                      help="read sheets as this file says: the objects `pokja inspect FILE --json` prints, edited "
                           "(sheets left out are read as inspect reads them)")

    prof = sub.add_parser("profiles", help="mapping profiles: list or delete")
    psub = prof.add_subparsers(dest="profiles_command", required=True)
    psub.add_parser("list", help="list the saved mapping profiles").add_argument("--json", action="store_true")
    psub.add_parser("delete", help="delete a mapping profile by name").add_argument("name")

    insp = sub.add_parser("inspect", help="show how each sheet of a workbook is read, without loading it")
    insp.add_argument("file", type=Path)
    insp.add_argument("--json", action="store_true", help="print one object per sheet as JSON")

    sub.add_parser("uploads", help="list the upload log").add_argument("--json", action="store_true")

    undo = sub.add_parser("undo", help="revert exactly what one upload did")
    undo.add_argument("upload_id", type=int)

    tpl = sub.add_parser("template", help="write the blank recap template")
    tpl.add_argument("out", type=Path)

    sub.add_parser("demo", help="load the demo workbook, dated to today, with its weekly history")

    scores = sub.add_parser("scores", help="contribution scores per Aktif member")
    scores.add_argument("--from", dest="start", type=_date)
    scores.add_argument("--to", dest="end", type=_date)
    scores.add_argument("--json", action="store_true")

    sub.add_parser("recommendations", help="follow-up of the evaluation recommendations").add_argument(
        "--json", action="store_true")

    user = sub.add_parser("user", help="accounts: add, passwd, list, disable")
    usub = user.add_subparsers(dest="user_command", required=True)
    add = usub.add_parser("add", help="create an account (asks for the password)")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=("pimpinan", "sekretariat", "admin"))
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    pw = usub.add_parser("passwd", help="set a new password (asks for it)")
    pw.add_argument("name")
    pw.add_argument("--password-stdin", action="store_true")
    usub.add_parser("list", help="list the accounts").add_argument("--json", action="store_true")
    usub.add_parser("disable", help="disable an account").add_argument("name")

    kiosk = sub.add_parser("kiosk", help="big-screen tokens: add, list, revoke")
    ksub = kiosk.add_subparsers(dest="kiosk_command", required=True)
    kadd = ksub.add_parser("add", help="make a token for one screen (its /layar URL is printed once)")
    kadd.add_argument("name", help="which screen, e.g. 'Lobi Balai Kota'")
    kadd.add_argument("--corrections", choices=("names", "counts"), default="names",
                      help="the correction list on this screen: the members' names (default) or counts only")
    kadd.add_argument("--json", action="store_true")
    ksub.add_parser("list", help="list the tokens").add_argument("--json", action="store_true")
    krev = ksub.add_parser("revoke", help="revoke a token: its screen stops at its next request")
    krev.add_argument("token_id", type=int)
    krev.add_argument("--json", action="store_true")

    members = sub.add_parser("members", help="stored members: probable duplicates, merge two into one")
    msub = members.add_subparsers(dest="members_command", required=True)
    msub.add_parser("duplicates", help="pairs of members that are probably one person").add_argument(
        "--json", action="store_true")
    mmerge = msub.add_parser("merge", help="move every record of DROP to KEEP and delete DROP (undoable)")
    mmerge.add_argument("keep", help="#ID or code")
    mmerge.add_argument("drop", help="#ID or code")
    mmerge.add_argument("--json", action="store_true")

    guests = sub.add_parser("guests", help="guests of meeting lists (never scored): list, promote to member")
    gsub = guests.add_subparsers(dest="guests_command", required=True)
    glist = gsub.add_parser("list", help="guests not promoted (--all: promoted ones too)")
    glist.add_argument("--all", action="store_true")
    glist.add_argument("--json", action="store_true")
    gprom = gsub.add_parser("promote", help="make a guest a member: their attendance then counts (undoable)")
    gprom.add_argument("guest_id", type=int)
    gprom.add_argument("--sector", help="the Unsur (default: the organization's)")
    gprom.add_argument("--organization", help="the Instansi (default: as the meeting list wrote it)")
    gprom.add_argument("--json", action="store_true")

    org = sub.add_parser("org", help="the organization directory: list, alias, rename, merge")
    osub = org.add_subparsers(dest="org_command", required=True)
    osub.add_parser("list", help="organizations with their aliases and sectors").add_argument(
        "--json", action="store_true")
    oalias = osub.add_parser("alias", help="add an alias (an abbreviation, another spelling)")
    oalias.add_argument("org", help="#ID, name or alias")
    oalias.add_argument("alias")
    oren = osub.add_parser("rename", help="rename (the old name stays as an alias)")
    oren.add_argument("org", help="#ID, name or alias")
    oren.add_argument("name")
    omerge = osub.add_parser("merge", help="move every member of DROP to KEEP and delete DROP (undoable)")
    omerge.add_argument("keep", help="#ID, name or alias")
    omerge.add_argument("drop", help="#ID, name or alias")
    omerge.add_argument("--json", action="store_true")
    ohead = osub.add_parser("head", help="set the head letters of correction address (an empty NAME clears it)")
    ohead.add_argument("org", help="#ID, name or alias")
    ohead.add_argument("name")

    ev = sub.add_parser("evidence", help="supporting evidence (data dukung) of the recommendations: add, list, remove")
    esub = ev.add_subparsers(dest="evidence_command", required=True)
    eadd = esub.add_parser("add", help="attach a file (PDF, image, Office/ODF without macros) or a link")
    eadd.add_argument("code", help="the recommendation's code")
    eadd.add_argument("source", metavar="FILE_OR_URL")
    eadd.add_argument("--title", required=True)
    eadd.add_argument("--date", type=_date, help="the evidence's date (default today)")
    eadd.add_argument("--by", help="the member or organization that provided it")
    eadd.add_argument("--json", action="store_true")
    elist = esub.add_parser("list", help="evidence, of one recommendation or all")
    elist.add_argument("code", nargs="?")
    elist.add_argument("--json", action="store_true")
    esub.add_parser("remove", help="remove one item (undoable with pokja undo)").add_argument("evidence_id", type=int)
    elink = esub.add_parser("link", help="point a Data Dukung contribution at its evidence (no EVIDENCE_ID: unlink)")
    elink.add_argument("contribution_id", type=int)
    elink.add_argument("evidence_id", type=int, nargs="?")

    let = sub.add_parser("letters", help="piagam penghargaan or surat pembinaan for a week or a period (DOCX and PDF)")
    when = let.add_mutually_exclusive_group(required=True)
    when.add_argument("--week", help="an ISO week, e.g. 2026-W49 (its snapshot when frozen)")
    when.add_argument("--from", dest="start", type=_date)
    let.add_argument("--to", dest="end", type=_date)
    let.add_argument("--kind", required=True, choices=("piagam", "pembinaan"))
    let.add_argument("--min-score", type=float, default=0.0, help="piagam: the lowest score (default 0)")
    let.add_argument("--out", type=Path, required=True, help="folder for the letters and their zip")
    let.add_argument("--json", action="store_true")
    lset = sub.add_parser("letter-settings", help="show or change the letter settings (letterhead, signatory, ...)")
    lset.add_argument("changes", nargs="*", metavar="KEY=VALUE",
                      help="letterhead lines separated by '|'; keys: " + ", ".join(
                          ("letterhead", "place", "signatory_name", "signatory_position", "signatory_nip",
                           "number_format_piagam", "number_format_pembinaan")))
    lset.add_argument("--json", action="store_true")

    ready = sub.add_parser("readiness", help="evaluation readiness: recommendations with dated evidence")
    ready.add_argument("--cutoff", type=_date, help="evidence dated on or after this counts (default 1 January)")
    ready.add_argument("--json", action="store_true")

    snap = sub.add_parser("snapshot", help="freeze one ISO week (WITA) and export it")
    snap.add_argument("--week", help="e.g. 2026-W47; default: the last completed week")
    snap.add_argument("--out", type=Path, help="export folder (default: POKJA_DATA_DIR/snapshots)")
    snap.add_argument("--force", action="store_true", help="replace an existing snapshot of that week")
    snap.add_argument("--backfill", metavar="FROM",
                      help="freeze every missing completed week from this ISO week (e.g. 2026-W01) on, each once, "
                           "from today's data and rules, labelled as back-filled")
    snap.add_argument("--json", action="store_true")
    return p


# The commands that parse or write workbooks with openpyxl (loading reads with calamine, in a child process).
OPENPYXL_COMMANDS = frozenset({"template", "snapshot"})


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command != "load":
        return _run(args)
    # `pokja load` builds hundreds of thousands of objects (imports, migrations, the load itself), all freed
    # by reference counting: the cyclic collector's sweeps only cost time. Restored for in-process callers.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _run(args)
    finally:
        if was_enabled:
            gc.enable()
        if argv is None:
            # The `pokja` program itself (arguments from the command line): the interpreter exits next, and its
            # final collection would sweep every object left over (0.4 s after a large load) only to free it.
            gc.freeze()


def _run(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    if args.command == "load":
        from loaders.names import parse_answer  # light: the reader starts before SQLAlchemy is imported

        try:
            args.decisions = dict(parse_answer(text) for text in args.decide)
        except ValueError as exc:
            print(str(exc), file=sys.stderr)
            return 2
        args.sheet_mapping = None
        if args.save_profile and args.mapping is None:
            print(T["save_profile_needs_mapping"], file=sys.stderr)
            return 2
        if args.mapping is not None:
            from loaders.inspect import mapping_from_json

            try:
                args.sheet_mapping = mapping_from_json(json.loads(args.mapping.read_text(encoding="utf-8")))
            except (OSError, ValueError) as exc:  # json.JSONDecodeError is a ValueError
                print(T["mapping_file"].format(path=args.mapping, error=exc), file=sys.stderr)
                return 2
        # The workbook is parsed (in its child process) while this process imports SQLAlchemy and migrates.
        args.reading = _start_reading(args.file, settings)
        trace.mark("reader started")
    if args.command in OPENPYXL_COMMANDS:
        from loaders.reader import check_xml_safety

        check_xml_safety()
    # SQLAlchemy is imported only now, so that `pokja load` starts its reader first.
    from core.db import make_engine, startup_lock, upgrade_database
    from loaders.inflight import recover_interrupted

    engine = make_engine(settings.database_url)
    trace.mark("database layer imported")
    with startup_lock(engine):
        upgrade_database(engine)
    recover_interrupted(engine)  # uploads whose loader died: "interrupted" in the log
    trace.mark("database migrated")
    try:
        return COMMANDS[args.command](args, settings, engine)
    finally:
        engine.dispose()


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "cli"


def _start_reading(path: Path, settings: Settings) -> tuple[bytes, object] | OSError:
    from loaders.reader import start_reading

    try:
        data = path.read_bytes()
    except OSError as exc:
        return exc
    return data, start_reading(data, path.name, settings.limits)  # every sheet: its content decides its kind


def cmd_load(args, settings, engine) -> int:  # noqa: ANN001
    from loaders.ingest import load_file

    started = getattr(args, "reading", None) or _start_reading(args.file, settings)
    if isinstance(started, OSError):
        print(T["cannot_open"].format(error=started), file=sys.stderr)
        return 2
    data, reading = started
    from loaders.ingest import DEMO_REFUSED, demo_loaded

    replace = bool(getattr(args, "replace_demo", False))
    if not args.dry_run and not replace and not getattr(args, "keep_demo", False) and demo_loaded(engine):
        print(DEMO_REFUSED, file=sys.stderr)
        return 1
    report = load_file(engine, settings, data, args.file.name, _user(), dry_run=args.dry_run, reading=reading,
                       decisions=getattr(args, "decisions", None), mapping=getattr(args, "sheet_mapping", None),
                       replace_demo=replace, save_profile=args.save_profile)
    trace.mark("loaded")
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=1))
    else:
        print(i18n.format_load_report(report.as_dict()))
    return report.exit_code


def cmd_uploads(args, settings, engine) -> int:  # noqa: ANN001
    from sqlalchemy.orm import Session

    from dashboard.queries import uploads

    fields = ("id", "kind", "filename", "sha256", "by", "at", "outcome", "summary", "counts")  # docs/cli-json.md
    with Session(engine) as s:
        rows = [{**{k: u[k] for k in fields}, "at": i18n.to_wita(u["at"]).isoformat(timespec="seconds")}
                for u in uploads(s, limit=None)]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    if not rows:
        print(T["no_uploads"])
    for r in rows:
        when = i18n.format_datetime(dt.datetime.fromisoformat(r["at"]))
        print(f"#{r['id']:<4} {when:<24} {r['by']:<12} {i18n.OUTCOME[r['outcome']]:<15} {r['filename']}  {r['summary'] or ''}")
    return 0


def cmd_members(args, settings, engine) -> int:  # noqa: ANN001
    from dashboard import people_flow

    if args.members_command == "duplicates":
        pairs = people_flow.duplicates(engine)
        if args.json:
            print(json.dumps(pairs, ensure_ascii=False, indent=1))
        elif not pairs:
            print(T["no_duplicates"])
        for p in [] if args.json else pairs:
            print(f"{p['keep']:>6} {p['names'][0][:32]:<32}  <- {p['drop']:>6} {p['names'][1][:32]:<32}  {p['why']}")
        return 0
    try:
        result = people_flow.merge_members(engine, args.keep, args.drop, _user())
    except people_flow.DirectoryError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(T["members_merged"].format(**result))
    return 0


def cmd_guests(args, settings, engine) -> int:  # noqa: ANN001
    from dashboard import guests
    from dashboard.people_flow import DirectoryError

    if args.guests_command == "list":
        rows = guests.rows(engine, include_promoted=args.all)
        if args.json:
            print(json.dumps(rows, ensure_ascii=False, indent=1))
            return 0
        if not rows:
            print(i18n.GUESTS["none"])
        for r in rows:
            promoted = T["guest_promoted_to"].format(member=r["member"]) if r["member"] else ""
            print(f"#{r['id']:<5} {r['name'][:40]:<40} {(r['organization'] or '-')[:30]:<30} "
                  f"{T['guest_activities'].format(n=r['attendance'])}{promoted}")
        return 0
    try:
        result = guests.promote(engine, args.guest_id, _user(), sector=args.sector, organization=args.organization)
    except DirectoryError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(i18n.GUESTS["promoted"].format(**result))
    return 0


def cmd_org(args, settings, engine) -> int:  # noqa: ANN001
    from dashboard import people_flow

    try:
        if args.org_command == "list":
            rows = people_flow.org_rows(engine)
            if args.json:
                print(json.dumps(rows, ensure_ascii=False, indent=1))
                return 0
            for r in rows:
                aliases = ", ".join(r["aliases"])
                print(f"#{r['id']:<4} {r['name'][:60]:<60} {r['sector'] or '-':<11} {T['org_members'].format(n=r['members'])}"
                      + (T["org_aliases"].format(aliases=aliases) if aliases else ""))
        elif args.org_command == "alias":
            print(people_flow.org_alias(engine, args.org, args.alias, _user()))
        elif args.org_command == "rename":
            print(people_flow.org_rename(engine, args.org, args.name, _user()))
        elif args.org_command == "head":
            print(people_flow.org_head(engine, args.org, args.name, _user()))
        else:
            result = people_flow.merge_orgs(engine, args.keep, args.drop, _user())
            if args.json:
                print(json.dumps(result, ensure_ascii=False))
            else:
                print(T["orgs_merged"].format(**result))
    except people_flow.DirectoryError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    return 0


def cmd_evidence(args, settings, engine) -> int:  # noqa: ANN001
    from dashboard import evidence

    try:
        if args.evidence_command == "add":
            source: bytes | str = args.source
            filename = None
            if not evidence.URL.match(args.source):
                path = Path(args.source)
                try:
                    source, filename = path.read_bytes(), path.name
                except OSError as exc:
                    raise evidence.EvidenceRefused(T["cannot_open"].format(error=exc)) from None
            item = evidence.add(engine, settings, args.code, source, args.title, _user(), filename=filename,
                                date=args.date, by=args.by)
            print(json.dumps(item, ensure_ascii=False) if args.json else
                  f"Data dukung #{item['id']} ditambahkan ke {item['code']}: {item['title']}.")
        elif args.evidence_command == "remove":
            entry = evidence.remove(engine, args.evidence_id, _user())
            print(T["evidence_removed"].format(evidence=args.evidence_id, entry=entry))
        elif args.evidence_command == "link":
            entry = evidence.link(engine, args.contribution_id, args.evidence_id, _user())
            print(T["evidence_linked" if args.evidence_id is not None else "evidence_unlinked"].format(
                contribution=args.contribution_id, evidence=args.evidence_id, entry=entry))
        else:
            rows = evidence.items(engine, args.code)
            if args.json:
                print(json.dumps(rows, ensure_ascii=False, indent=1))
                return 0
            if not rows:
                print(T["no_evidence"])
            for r in rows:
                where = r.get("url") or (r.get("sha256") or "")[:12]
                print(f"#{r['id']:<4} {r['code']:<12} {r['date']}  {r['kind']:<4} {r['title'][:50]:<50} {where}")
    except evidence.EvidenceRefused as exc:
        print(str(exc), file=sys.stderr)
        return 1
    return 0


def cmd_readiness(args, settings, engine) -> int:  # noqa: ANN001
    from sqlalchemy.orm import Session

    from dashboard.queries import readiness

    with Session(engine) as session:
        figures = readiness(session, args.cutoff)
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=1))
        return 0
    print(T["readiness_head"].format(cutoff=figures["cutoff"]))
    for e in figures["evaluations"]:
        print(T["readiness_line"].format(**{**e, "readiness": i18n.format_percent(e["readiness"])}))
    return 0


def cmd_letters(args, settings, engine) -> int:  # noqa: ANN001
    from dashboard import letters

    if args.start is not None and args.end is None:
        print(T["from_needs_to"], file=sys.stderr)
        return 2
    try:
        result = letters.generate(engine, settings, args.kind, args.out, _user(), week=args.week, start=args.start,
                                  end=args.end, min_score=args.min_score)
    except letters.LetterError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps({"files": result["files"], "zip": result["zip"]}, ensure_ascii=False, indent=1))
        return 0
    count = len({f["number"] for f in result["files"]})
    print(T["letters_made"].format(n=count, kind=i18n.LETTERS["kinds"][args.kind].lower(), batch=result["batch"],
                                   frozen=T["letters_frozen"] if result["frozen"] else "", zip=result["zip"]))
    return 0


def cmd_letter_settings(args, settings, engine) -> int:  # noqa: ANN001
    from sqlalchemy.orm import Session

    from dashboard import letters

    changes = {}
    for text in args.changes:
        key, sep, value = text.partition("=")
        if not sep:
            print(T["key_value"].format(text=text), file=sys.stderr)
            return 2
        changes[key.strip()] = value.split("|") if key.strip() == "letterhead" else value
    try:
        if changes:
            current = letters.save_settings(engine, changes, _user())
        else:
            with Session(engine) as s:
                current = letters.get_settings(s)
    except letters.LetterError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(current, ensure_ascii=False, indent=1))
    else:
        for key, value in current.items():
            print(f"{key:<24} {' | '.join(value) if isinstance(value, list) else value}")
    return 0


def cmd_undo(args, settings, engine) -> int:  # noqa: ANN001
    from loaders.ingest import UndoRefused, undo_upload

    try:
        counts = undo_upload(engine, args.upload_id, _user())
    except UndoRefused as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(T["undone"].format(id=args.upload_id, **counts))
    return 0


def cmd_inspect(args, settings, engine) -> int:  # noqa: ANN001
    from loaders.inspect import format_inspection, inspect_file
    from loaders.reader import FileRefused

    try:
        data = args.file.read_bytes()
    except OSError as exc:
        print(T["cannot_open"].format(error=exc), file=sys.stderr)
        return 2
    try:
        sheets = inspect_file(engine, settings, data, args.file.name)
    except FileRefused as exc:
        print(str(exc), file=sys.stderr)
        return 2
    print(json.dumps(sheets, ensure_ascii=False, indent=1) if args.json else format_inspection(sheets))
    return 0


def cmd_profiles(args, settings, engine) -> int:  # noqa: ANN001
    from sqlalchemy.orm import Session

    from loaders import profiles

    with Session(engine) as s:
        if args.profiles_command == "delete":
            count = profiles.remove(s, args.name, _user())
            s.commit()
            if not count:
                print(T["profile_missing"].format(name=args.name), file=sys.stderr)
                return 1
            print(T["profile_removed"].format(name=args.name, n=count))
            return 0
        rows = profiles.listing(s)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    else:
        for r in rows:
            print(T["profile_line"].format(**r))
    return 0


def cmd_template(args, settings, engine) -> int:  # noqa: ANN001
    from sqlalchemy.orm import Session

    from dashboard.queries import template_choices
    from loaders.template import write_template

    with Session(engine) as s:
        sectors, dims = template_choices(s)
    write_template(args.out, sectors, dims)
    print(T["template_written"].format(path=args.out))
    return 0


def cmd_demo(args, settings, engine) -> int:  # noqa: ANN001
    from dashboard.demo import load_demo

    report = load_demo(engine, settings)  # dated to today, with its weekly history (dashboard/demo.py)
    print(i18n.format_load_report(report.as_dict()))
    return report.exit_code


def cmd_scores(args, settings, engine) -> int:  # noqa: ANN001
    from sqlalchemy.orm import Session

    from dashboard.queries import member_scores

    with Session(engine) as s:
        rows = member_scores(s, args.start, args.end)
    out = [{k: r[k] for k in ("rank", "code", "name", "organization", "sector", "internal", "score",
                              "attendance_rate", "contributions", "standing")} for r in rows]
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    if not out:
        print(T["no_active_members"])
    for r in out:
        rate = i18n.format_percent(r["attendance_rate"])
        print(f"{r['rank']:>4}  {r['name'][:32]:<32} {r['organization'][:24]:<24} {i18n.format_number(r['score']):>8}"
              f"  {rate:>7}  {r['contributions']:>4}  {r['standing']}")
    return 0


def cmd_recommendations(args, settings, engine) -> int:  # noqa: ANN001
    from sqlalchemy.orm import Session

    from dashboard.queries import recommendation_summary

    with Session(engine) as s:
        summary = recommendation_summary(s)
    if args.json:
        items = [{k: it[k] for k in ("code", "source", "year", "text", "status", "progress", "target", "overdue",
                                     "evidence")} for it in summary["items"]]
        print(json.dumps({**summary, "items": items}, ensure_ascii=False, indent=1))
        return 0
    print(T["completion"].format(completion=i18n.format_percent(summary["completion"]), overdue=summary["overdue"]))
    for status, n in summary["status_counts"].items():
        print(f"  {status}: {n}")
    for it in summary["items"]:
        flag = T["overdue_flag"] if it["overdue"] else ""
        print(f"{it['code']:<10} {it['status']:<28} {it['text'][:70]}{flag}")
    return 0


def cmd_snapshot(args, settings, engine) -> int:  # noqa: ANN001
    from dashboard.snapshots import backfill, export_week, last_completed_week, take_snapshot, week_bounds

    if args.backfill:
        return _backfill(args, engine, backfill)
    week = args.week or last_completed_week()
    try:
        week_bounds(week)
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    result = take_snapshot(engine, week, _user(), force=args.force)
    out = args.out or settings.snapshot_dir / week
    if result.created or args.out:
        files = [str(p) for p in export_week(engine, week, out)]
    else:  # the existing snapshot: name its exports where they already are, write nothing
        files = sorted(str(p) for p in out.glob(f"rekap-mingguan-{week}*")) if out.is_dir() else []
    if args.json:
        print(json.dumps({"week": week, "created": result.created, "files": files}, ensure_ascii=False))
    elif result.created:
        verb = T["snapshot_replaced"] if result.replaced else T["snapshot_frozen"]
        print(T["snapshot_made"].format(week=week, verb=verb, files=", ".join(files)))
    else:
        print(T["snapshot_exists"].format(week=week))
    return 0


def _backfill(args, engine, backfill) -> int:  # noqa: ANN001
    try:
        results = backfill(engine, args.backfill, _user())
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps({"backfill_from": args.backfill,
                          "weeks": [{"week": r.week, "created": r.created} for r in results]}))
        return 0
    made = [r.week for r in results if r.created]
    kept = [r.week for r in results if not r.created]
    print(T["backfilled"].format(n=len(made)) + (f": {', '.join(made)}" if made else "") + "."
          + (T["backfill_kept"].format(n=len(kept)) if kept else ""))
    return 0


def _read_password(args) -> str:  # noqa: ANN001
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass(T["password"])
    if getpass.getpass(T["password_again"]) != first:
        raise ValueError(T["passwords_differ"])
    return first


def cmd_user(args, settings, engine) -> int:  # noqa: ANN001
    from dashboard import auth

    try:
        if args.user_command == "add":
            auth.add_user(engine, args.name, args.role, _read_password(args), _user())
            print(T["user_added"].format(name=args.name, role=args.role))
        elif args.user_command == "passwd":
            auth.set_password(engine, args.name, _read_password(args), _user())
            print(T["password_changed"].format(name=args.name))
        elif args.user_command == "disable":
            auth.disable_user(engine, args.name, _user())
            print(T["user_disabled"].format(name=args.name))
        else:
            users = auth.list_users(engine)
            if getattr(args, "json", False):
                print(json.dumps([{**u, "created_at": u["created_at"].isoformat(),
                                   "last_login_at": u["last_login_at"].isoformat() if u["last_login_at"] else None}
                                  for u in users], ensure_ascii=False, indent=1))
            for u in [] if getattr(args, "json", False) else users:
                state = T["active"] if u["active"] else T["inactive"]
                print(f"{u['username']:<24} {u['role']:<12} {state:<9} "
                      + T["last_login"].format(at=i18n.format_datetime(u["last_login_at"])))
    except (auth.AccountError, ValueError) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    return 0


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def cmd_kiosk(args, settings, engine) -> int:  # noqa: ANN001
    from dashboard import kiosk

    try:
        if args.kiosk_command == "add":
            token_id, token = kiosk.create(engine, args.name, _user(), args.corrections)
            path = kiosk.path_for(token)
            if args.json:
                print(json.dumps({"id": token_id, "name": args.name.strip(), "path": path,
                                  "corrections": args.corrections}, ensure_ascii=False))
            else:
                print(T["kiosk_added"].format(id=token_id, name=args.name.strip(), path=path))
        elif args.kiosk_command == "revoke":
            kiosk.revoke(engine, args.token_id, _user())
            if args.json:
                print(json.dumps({"id": args.token_id, "revoked": True}))
            else:
                print(T["kiosk_revoked"].format(id=args.token_id))
        else:
            tokens = kiosk.list_tokens(engine)
            if args.json:
                print(json.dumps([{**t, **{k: _iso(t[k]) for k in ("created_at", "revoked_at", "last_used_at")}}
                                  for t in tokens], ensure_ascii=False, indent=1))
                return 0
            if not tokens:
                print(T["no_kiosks"])
            for t in tokens:
                state = T["active"] if t["active"] else T["kiosk_revoked_at"].format(at=i18n.format_datetime(t["revoked_at"]))
                print(f"#{t['id']:<4} {t['name'][:32]:<32} {state:<28} "
                      + T["kiosk_line"].format(corrections=t["corrections"], created_by=t["created_by"],
                                               used=i18n.format_datetime(t["last_used_at"])))
    except kiosk.KioskError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    return 0


COMMANDS = {
    "load": cmd_load,
    "inspect": cmd_inspect,
    "profiles": cmd_profiles,
    "uploads": cmd_uploads,
    "undo": cmd_undo,
    "template": cmd_template,
    "demo": cmd_demo,
    "scores": cmd_scores,
    "recommendations": cmd_recommendations,
    "snapshot": cmd_snapshot,
    "members": cmd_members,
    "evidence": cmd_evidence,
    "readiness": cmd_readiness,
    "letters": cmd_letters,
    "letter-settings": cmd_letter_settings,
    "org": cmd_org,
    "guests": cmd_guests,
    "user": cmd_user,
    "kiosk": cmd_kiosk,
}

if __name__ == "__main__":
    raise SystemExit(main())
