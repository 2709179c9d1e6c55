"""``cxlint audit``: the command's body (cli.py holds only its options) and the terminal summary."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

import click

from . import export
from .audit import Audit, rule_info
from .cli import Failure
from .export import Fields
from .yamlio import InputError

MIN_AGENT_REPLIES = 20  # agents with fewer replies are left out of the ranking: a share of 3 says little
SHOWN = 5


def fields_from(options: dict[str, str | None], config: dict[str, str]) -> Fields:
    """Column names: an option, else the ``audit:`` config key, else the default. An empty name
    means the export has no such column (``--role-field ''``: every row is an agent's reply)."""
    kw, explicit = {}, set()
    for key in export.FIELDS:
        value = options.get(key)
        value = config.get(f"{key}-field") if value is None else value
        if value is not None:
            if key == "text" and not value:
                raise Failure("--text-field cannot be empty")
            kw[key], explicit = value or None, explicit | {key}
    role = options.get("agent_role") or config.get("agent-role")
    if role is not None:
        kw["agent_role"] = role
        if "role" not in explicit:
            explicit.add("role")  # an agent role was asked for: the role column must be there
    return Fields(**kw, explicit=frozenset(explicit))


def command(o: dict, make_linter) -> int:
    """The command with its click options ``o``; ``make_linter`` is cli._linter (shared with check)."""
    if (o["scheduler"] or o["part_size"]) and o["engine"] != "dask":
        raise Failure(f"{'--scheduler' if o['scheduler'] else '--part-size'} needs --engine dask")
    part_size = _size(o["part_size"]) if o["part_size"] else None
    lint = make_linter(o["config_path"], o["isolated"], o["select"], o["ignore"], o["rule_dirs"])
    columns = {k: o[f"{k}_field"] for k in export.FIELDS} | {"agent_role": o["agent_role"]}
    report = _report_target(o["report_path"]) if o["report_path"] else None
    return run(lint, o["exports"], columns, o["out_path"], o["fmt"], o["jobs"], o["no_progress"], o["engine"],
               o["scheduler"], part_size, report, not o["show_personal_data"])  # fmt: skip


def _report_target(name: str) -> Path:
    """Checked before the run: an hour of auditing must not end in «cannot write report.html»."""
    p = Path(name)
    if p.is_dir() or not p.parent.is_dir():
        raise Failure(f"--report {name}: {'a folder' if p.is_dir() else 'no such folder: ' + str(p.parent)}")
    if importlib.util.find_spec("matplotlib") is None:  # the plots
        raise Failure("--report needs the audit extra: pip install 'cxlint[audit]'")
    return p


def _write_report(summary: dict, path: Path, mask: bool) -> None:
    from .report import render_html

    try:
        html = render_html(summary, mask=mask)
    except ImportError as e:  # natasha, for names
        raise Failure(f"--report: {e}") from None
    try:
        path.write_text(html, encoding="utf-8")
    except OSError as e:
        raise Failure(f"{path}: {e.strerror or e}") from None


def _size(value: str) -> int:
    """«64MB», «512KB», «1GB» or a number of bytes."""
    m = re.fullmatch(r"\s*(\d+)\s*([KMG]?)B?\s*", value, re.I)
    if not m or not int(m.group(1)):
        raise Failure(f"--part-size: {value!r} is not a size such as 64MB")
    return int(m.group(1)) << {"": 0, "K": 10, "M": 20, "G": 30}[m.group(2).upper()]


def run(lint, exports, options, out_path, fmt, jobs, no_progress, engine, scheduler, part_size=None, report=None,
        mask=True) -> int:  # fmt: skip
    """Audit the exports, print the summary; the exit code (0, or 2 when a file or worker failed)."""
    from .progress import Progress, wanted
    from .stream import WorkerError, auto_jobs, file_size

    fields = fields_from(options, lint.config.audit)
    files, failed = [], []
    for name in _expand(exports):
        p = Path(name)
        try:
            if not p.is_file():
                why = "no exports (.jsonl, .csv, .parquet) in this folder" if p.is_dir() else "no such file or folder"
                raise InputError(name, None, why)
            f = export.resolve(p, name, fields)
        except InputError as e:
            failed.append(e)
            click.echo(f"cxlint: {e}", err=True)
            continue
        if fields.role and f.role is None:
            click.echo(f"cxlint: {name}: no column {fields.role!r}: every row is taken as an agent's reply", err=True)
        files.append((p, name, f))
    if not files:
        return 2  # nothing could be read: the reasons are on stderr, a summary of nothing would mislead
    out = None
    if out_path:
        from .audit_run import Out

        try:
            out = Out(Path(out_path))
        except (InputError, OSError) as e:
            raise Failure(str(e) if isinstance(e, InputError) else f"{out_path}: {e.strerror or e}") from None
    size = sum(file_size(p) for p, _, _ in files)
    progress = Progress(len(files), size, sys.stderr, enabled=wanted(sys.stderr, disabled=no_progress))

    def on_error(e):
        progress.clear()
        click.echo(f"cxlint: {e}", err=True)

    audit = Audit(rule_info(lint))
    try:
        if engine == "dask":
            from .audit_dask import PART_BYTES, run_dask

            failed += run_dask(files, lint, audit, scheduler, out, progress, on_error, jobs, part_size or PART_BYTES)
        else:
            from .audit_run import run_local

            failed += run_local(files, lint, audit, jobs or auto_jobs(size), out, progress, on_error)
    except WorkerError as e:
        raise Failure(str(e)) from None
    except InputError as e:
        raise Failure(str(e)) from None
    finally:
        progress.clear()
        if out:
            out.close()
    audit.finish(lambda text: _rewrite(lint, text))
    summary = audit.to_dict()
    if report is not None:
        _write_report(summary, report, mask)
    if fmt == "json":
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        click.echo(text_summary(summary, len(files), out.rows if out else None, out_path))
        if report is not None:
            click.echo(f"Wrote the report to {report}" + ("." if mask else " (personal data not masked)."))
    return 2 if failed else 0


def _expand(names) -> list[str]:
    """A folder stands for the exports in it (a partitioned dataset), recursively, in name order;
    hidden files and folders are skipped."""
    out = []
    for name in names:
        p = Path(name)
        if not p.is_dir():
            out.append(name)
            continue
        found = sorted(f for f in p.rglob("*") if export.kind_of(f) and f.is_file() and not _hidden(f.relative_to(p)))
        if not found:
            out.append(name)  # reported: no exports there
        out += [str(f) for f in found]
    return out


def _hidden(rel: Path) -> bool:
    return any(part.startswith((".", "_")) for part in rel.parts)  # _SUCCESS, _temporary of Spark and Hive


def _rewrite(lint, text: str) -> str:
    from . import fix

    return fix(text, unsafe=True, linter=lint).text


def _n(k: int, one: str, many: str | None = None) -> str:
    return f"{k:,} {one if k == 1 else many or one + 's'}"


def _pct(n: int, d: int) -> str:
    return f"{100 * n / d:5.1f} %" if d else "    – "


def text_summary(s: dict, files: int, out_rows: int | None = None, out_path: str | None = None) -> str:
    """The terminal summary: the figures a CX lead asks for first; the rest is in --format json."""
    n = s["replies"]
    lines = [
        f"Audited {_n(n, 'agent reply', 'agent replies')} in {_n(s['rows'], 'row')} of {_n(files, 'file')}"
        + (f"; {_n(s['skipped'], 'malformed row')} skipped." if s["skipped"] else "."),
    ]
    if not n:
        return "\n".join(lines)
    mean = sum(k * c for k, c in enumerate(s["scores"])) / n / 10
    hit = s["replies_with_findings"]
    lines.append(f"Replies with findings: {hit:,} ({_pct(hit, n).strip()}); mean score {mean:.1f}/10.")
    if s["categories"]:
        lines += ["", f"{'category':<16}{'replies':>9}{'share':>9}{'findings':>10}"]
        for c, k in sorted(s["categories"].items(), key=lambda x: (-x[1], x[0])):
            lines.append(f"{c:<16}{k:>9,}{_pct(k, n):>9}{s['findings'][c]:>10,}")
    if s["rules"]:
        width = max(len(r) for r in s["rules"]) + 2
        lines += ["", f"{'top rules':<{width}}{'replies':>9}{'share':>9}{'findings':>10}"]
        top = sorted(s["rules"].items(), key=lambda x: (-x[1]["replies"], x[0]))[:10]
        for r, v in top:
            title = s["rule_info"].get(r, {}).get("title", "")
            lines.append(f"{r:<{width}}{v['replies']:>9,}{_pct(v['replies'], n):>9}{v['findings']:>10,}  {title}")
    weeks = {k: v for k, v in s["weeks"].items() if k}
    if weeks:
        lines += ["", f"{'week of':<12}{'replies':>9}{'with findings':>15}"]
        shown = list(weeks.items())[-12:]
        if len(weeks) > len(shown):
            lines.append(f"(the last {len(shown)} of {len(weeks)} weeks)")
        for w, v in shown:
            lines.append(f"{w:<12}{v['replies']:>9,}{_pct(v['with_findings'], v['replies']):>15}")
    if len(weeks) >= 8:  # is it getting better: the first four weeks next to the last four
        first, last = list(weeks.values())[:4], list(weeks.values())[-4:]
        share = [_pct(sum(v["with_findings"] for v in g), sum(v["replies"] for v in g)).strip() for g in (first, last)]
        lines.append(f"Replies with findings: {share[0]} in the first four weeks, {share[1]} in the last four.")
    if "" in s["weeks"]:
        k = s["weeks"][""]["replies"]
        lines.append(f"{_n(k, 'reply has', 'replies have')} no time.")
    lines += _agents(s["agents"])
    if out_rows is not None:
        lines += ["", f"Wrote {_n(out_rows, 'finding')} to {out_path}."]
    return "\n".join(lines)


def _agents(agents: dict) -> list[str]:
    named = {a: v for a, v in agents.items() if a}
    ranked = {a: v for a, v in named.items() if v["replies"] >= MIN_AGENT_REPLIES} or named
    if not ranked:
        return []
    order = sorted(ranked.items(), key=lambda x: (x[1]["with_findings"] / x[1]["replies"], -x[1]["replies"], x[0]))
    width = max(len(a) for a in ranked) + 2

    def row(a, v):
        share, mean = _pct(v["with_findings"], v["replies"]), v["score_tenths"] / v["replies"] / 10
        return f"  {a:<{width}}{_n(v['replies'], 'reply', 'replies'):>13}  {share} with findings  score {mean:.1f}"

    least = "" if len(ranked) == len(named) else f" (agents with {MIN_AGENT_REPLIES}+ replies)"
    if len(order) <= 2 * SHOWN:
        return ["", f"agents, fewest replies with findings first{least}", *(row(a, v) for a, v in order)]
    return [
        "",
        f"agents with the fewest replies with findings{least}",
        *(row(a, v) for a, v in order[:SHOWN]),
        "agents with the most",
        *(row(a, v) for a, v in reversed(order[-SHOWN:])),
    ]
