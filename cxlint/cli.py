"""The command line: wiring only; the work is done by runner, linter and formats."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from . import __version__
from .rules import SEVERITIES
from .yamlio import InputError


class Failure(click.ClickException):
    """A usage, config or input error: one line on stderr and exit code 2."""

    exit_code = 2

    def show(self, file=None):
        click.echo(f"cxlint: {self.message}", err=True)


def _split(values: tuple[str, ...]) -> list[str]:
    return [x.strip() for v in values for x in v.split(",") if x.strip()]


def _linter(config_path: str | None, isolated: bool, select=(), ignore=(), rule_dirs=(), start: Path | None = None):
    """The Linter for the config given, or else the nearest one above ``start`` (the current folder)."""
    from .config import Config, find, load_config
    from .linter import Linter, UnknownRuleError

    try:
        if isolated:
            cfg = Config()
        elif config_path:
            cfg = load_config(Path(config_path))
        else:
            found = find(start or Path.cwd())
            cfg = load_config(found) if found else Config()
        lint = _built(Linter, cfg, _split(select), _split(ignore), [Path(d) for d in rule_dirs])
    except InputError as e:
        raise Failure(str(e)) from None
    except UnknownRuleError as e:
        raise Failure(f"{e}; see `cxlint rules`") from None
    from .stream import recipe

    lint.recipe = recipe(cfg.path, _split(select), _split(ignore), rule_dirs)  # for --jobs workers
    return lint


def _built(make, *args):
    """``make(*args)`` with the garbage collector paused, and what it made kept out of the
    collector's later passes (gc.freeze): the rules and their index are tens of thousands of objects
    that live as long as the command, and the collector would otherwise walk them again and again
    while they are built and in every full collection after."""
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        return make(*args)
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


class _PerFolder:
    """Like ruff: without --config, each file is checked with the config nearest to it, so a
    template repository's .cxlint.yaml applies when its parent folder is linted."""

    def __init__(self, base, config_path, isolated, select, ignore, rule_dirs):
        self.base, self.args = base, (config_path, isolated, select, ignore, rule_dirs)
        self.fixed = bool(config_path or isolated)
        self.by_config: dict = {}

    def __call__(self, path: Path):
        if self.fixed:
            return self.base
        from .config import find

        found = find(path.resolve().parent)
        if found == self.base.config.path:
            return self.base
        if found not in self.by_config:
            self.by_config[found] = _linter(*self.args, start=path.resolve().parent)
        return self.by_config[found]


def _finish(errors, level: int, fail_on: str, low: bool = False):
    """Errors on stderr, then the exit code: 2 on any error, 1 on findings at or above fail_on
    (``level`` is the index in SEVERITIES of the worst finding, -1 for none) or on a message
    scoring below --min-score (``low``)."""
    for e in errors:
        click.echo(f"cxlint: {e}", err=True)
    if errors:
        sys.exit(2)
    sys.exit(1 if level >= SEVERITIES.index(fail_on) or low else 0)


def _not_nan(value: float | None, param) -> float | None:
    if value is not None and value != value:  # FloatRange lets NaN through
        raise click.BadParameter("nan is not a number from 0 to 10", param=param)
    return value


def _read_stdin(name: str) -> str | InputError:
    try:
        return sys.stdin.buffer.read().decode("utf-8")
    except UnicodeDecodeError as e:
        return InputError(name, None, f"stdin is not UTF-8 (byte {e.start})")


def _color(fmt: str) -> bool:
    return fmt == "text" and sys.stdout.isatty() and "NO_COLOR" not in os.environ


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cxlint")
def main():
    """Lint Russian customer-support replies: refusals with no way forward, promises with no date,
    prices with no number."""


_where = [  # where rules come from: used by every command that loads rules
    click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False),
        help="Config file (default: the nearest .cxlint.yaml or pyproject.toml).",
    ),
    click.option("--isolated", is_flag=True, help="Ignore every config file."),
    click.option(
        "--rules", "rule_dirs", multiple=True, type=click.Path(file_okay=False), help="An extra folder of YAML rules."
    ),
]
_common = [
    click.option("--select", multiple=True, metavar="IDS", help="Only these rule ids or categories (comma-separated)."),
    click.option("--ignore", multiple=True, metavar="IDS", help="Skip these rule ids or categories."),
    *_where,
]
_force_exclude = click.option(
    "--force-exclude",
    is_flag=True,
    help="Apply exclude (and skip hidden files) to files named on the command line too, as pre-commit needs.",
)


def common(f):
    for opt in reversed(_common):
        f = opt(f)
    return f


def rule_sources(f):
    for opt in reversed(_where):
        f = opt(f)
    return f


@main.command()
@click.argument("paths", nargs=-1)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "sarif", "github", "gitlab"]),
    default="text",
    show_default=True,
    help="gitlab: GitLab Code Quality JSON.",
)
@click.option(
    "--fail-on", type=click.Choice(SEVERITIES), default=None, help="Lowest severity that fails (default: warning)."
)
@click.option(
    "--min-score",
    type=click.FloatRange(0, 10),
    default=None,
    callback=lambda ctx, param, v: _not_nan(v, param),
    metavar="X",
    help="Also fail when a message's score (0-10, see docs/score.md) is below X.",
)
@click.option("--stdin-filename", metavar="NAME", help="Name (and so type) of the message read from stdin.")
@click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(dir_okay=False),
    help="Hide the findings recorded in this file (default: baseline: in the config).",
)
@click.option("--write-baseline", is_flag=True, help="Record the current findings in the baseline file and exit 0.")
@click.option("--no-baseline", is_flag=True, help="Show every finding, ignoring the config's baseline.")
@_force_exclude
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Processes to check with (default: 1 for small inputs, every core for large ones).",
)
@click.option("--no-progress", is_flag=True, help="No progress line on stderr (shown only on a terminal, not in CI).")
@common
def check(
    paths,
    fmt,
    fail_on,
    min_score,
    stdin_filename,
    baseline_path,
    write_baseline,
    no_baseline,
    force_exclude,
    jobs,
    no_progress,
    select,
    ignore,
    config_path,
    isolated,
    rule_dirs,
):
    """Check files, folders (recursively) or stdin (-).

    Exit code 0: nothing at or above --fail-on and no message below --min-score; 1: findings at
    or above it, or a message below the score; 2: usage, config or input error.
    """
    from . import baseline
    from .formats import FORMATS
    from .formats.text import Below
    from .progress import Progress, Tally, wanted
    from .runner import collect
    from .stream import Source, WorkerError, auto_jobs, check_sources, file_size, map_messages

    lint = _linter(config_path, isolated, select, ignore, rule_dirs)
    linter_for = _PerFolder(lint, config_path, isolated, select, ignore, rule_dirs)
    fail_on = fail_on or lint.config.fail_on or "warning"
    bl = None if no_baseline else Path(baseline_path) if baseline_path else lint.config.baseline
    if write_baseline and bl is None:
        raise Failure("--write-baseline needs --baseline FILE (or baseline: in the config)")
    counts = _load_baseline(bl) if bl is not None and not write_baseline else None  # fail before the work
    sources = []  # paths only: files are read one at a time, as the output is written
    for p in paths or (".",):
        if p == "-":
            name = stdin_filename or "-"
            text = _read_stdin(name)
            if isinstance(text, InputError):
                sources.append(Source(Path(name), name, error=text))
            else:
                sources.append(Source(Path(name), name, text, Path(name).suffix.lower() or ".txt", linter=lint))
            continue
        for f in collect([p], lint.config.exclude, force_exclude):
            sources.append(Source(Path(f.path), f.path, error=f) if isinstance(f, InputError) else Source(f, str(f)))
    for s in sources:  # each file's config up front: a bad one fails before any output, and SARIF's rule table
        if not s.error and s.linter is None:  # (written first) holds the rules of every config used
            s.linter = linter_for(s.path)
    rules = list({r.id: r for lt in (lint, *linter_for.by_config.values()) for r in lt.rules}.values())
    size = sum(file_size(s.path) for s in sources if s.text is None and not s.error)
    progress = Progress(len(sources), size, sys.stderr, enabled=wanted(sys.stderr, disabled=no_progress))
    results = check_sources(sources, linter_for, jobs or auto_jobs(size), progress.read)
    # per-message steps, before Tally so the exit code counts what remains: the baseline drops the
    # findings it knows, then the scores of what is left are watched for --min-score
    flt = baseline.Filter(bl, counts) if counts is not None else None
    if flt:
        results = flt.watch(map_messages(results, flt.step))
    low = Below(min_score) if min_score is not None else None
    if low:
        results = map_messages(results, low.step)
    tally = Tally(progress)
    results = tally.watch(results)
    try:
        if write_baseline:
            recorded = _write_baseline(bl, results)
        else:
            extra = {"below": low, "baseline": flt and flt.applied} if fmt == "text" else {}
            FORMATS[fmt](results, progress.guard(sys.stdout), color=_color(fmt), rules=rules, **extra)
    except WorkerError as e:
        raise Failure(str(e)) from None
    finally:
        progress.clear()
    if write_baseline:
        click.echo(recorded)
        sys.exit(0)
    if fmt != "text":
        if flt and (flt.applied.hidden or flt.applied.fixed):
            click.echo(f"cxlint: {flt.applied.note()}", err=True)
        if low and low.count:
            names = ", ".join(f"{name}: {sc}" for sc, name in low.lowest[:5]) + (", …" if low.count > 5 else "")
            click.echo(f"cxlint: {low.count} message(s) score below {min_score}: {names}", err=True)
    _finish(tally.errors, tally.worst, fail_on, bool(low and low.count))


def _write_baseline(path: Path, results) -> str:
    """Record the findings of the whole stream; refuse, writing nothing, if a file could not be checked."""
    from . import baseline
    from .stream import map_messages

    found: set[str] = set()
    failed: list = []

    def note(shown, msg, findings):
        if findings:
            found.add(shown)
        return findings

    def each():
        for r in map_messages(results, note):
            yield r
            if r.errors:  # known once its messages are read
                failed.append(r)

    counts = baseline.keys(each(), path.parent)
    if failed:
        for r in failed:
            for e in r.errors:
                click.echo(f"cxlint: {e}", err=True)
        n = len(failed)
        raise Failure(f"{path}: not written: {n} file{'s' if n != 1 else ''} could not be checked")
    n = baseline.write(path, counts)
    files = len(found)
    return f"Recorded {n} finding{'s' if n != 1 else ''} in {files} file{'s' if files != 1 else ''} to {path}."


def _load_baseline(path: Path):
    from . import baseline

    try:
        return baseline.load(path)
    except InputError as e:
        raise Failure(str(e)) from None


@main.command()
@click.argument("exports", nargs=-1, required=True)
@click.option("--text-field", metavar="NAME", help="Column of the message text (default: text).")
@click.option("--role-field", metavar="NAME", help="Column of the author's role (default: role; '' if none).")
@click.option("--agent-role", metavar="VALUE", help="The role value of agent messages (default: agent).")
@click.option("--agent-field", metavar="NAME", help="Column of the agent's name (default: agent).")
@click.option("--conversation-field", metavar="NAME", help="Column of the conversation id (default: conversation).")
@click.option("--time-field", metavar="NAME", help="Column of the time: ISO 8601, DD.MM.YYYY, epoch (default: time).")
@click.option("--out", "out_path", metavar="FILE", help="Write one row per finding: .parquet, .jsonl or .csv.")
@click.option("--report", "report_path", metavar="FILE", help="Write a self-contained HTML report (plots, samples).")
@click.option("--show-personal-data", is_flag=True, help="Do not mask phones, e-mails, cards and names in the report.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option(
    "--jobs", "-j", type=click.IntRange(min=1), default=None, help="Processes (default: every core for large inputs)."
)
@click.option("--no-progress", is_flag=True, help="No progress line on stderr (shown only on a terminal).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True)
@click.option("--scheduler", metavar="ADDRESS", help="Dask scheduler (default: a local cluster of --jobs workers).")
@click.option("--part-size", metavar="SIZE", help="Dask: cut JSONL exports into parts of SIZE (default: 64MB).")
@common
def audit(**options):
    """Audit exported conversations (JSONL, CSV, Parquet): how often agents' replies break the rules,
    which rules, which agents, week by week. Only agent messages are linted; see docs/audit.md.

    Exit code 0 when the run finished (findings are what an audit is for); 2 when an export or an
    option is wrong. Malformed rows are reported on stderr, counted and skipped.
    """
    from .audit_cli import command

    sys.exit(command(options, _linter))


@main.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@common
def rules_cmd(fmt, select, ignore, config_path, isolated, rule_dirs):
    """List the rules that are enabled."""
    lint = _linter(config_path, isolated, select, ignore, rule_dirs)
    if fmt == "json":
        rows = [
            {
                "id": r.id,
                "category": r.category,
                "severity": lint.ruleset.severity[r.id],
                "title": r.title,
                "fix": r.fix.safety if r.fix else None,
            }
            for r in lint.rules
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    width = max((len(r.id) for r in lint.rules), default=10)
    for r in lint.rules:
        fix = f" [fix: {r.fix.safety}]" if r.fix else ""
        click.echo(f"{r.id:<{width}}  {lint.ruleset.severity[r.id]:<10}  {r.title}{fix}")


@main.command()
@click.argument("rule_id")
@common
def explain(rule_id, select, ignore, config_path, isolated, rule_dirs):
    """Show one rule: what it checks, why, its fix and its examples."""
    from .explain import explain_rule

    lint = _linter(config_path, isolated, (), (), rule_dirs)
    rule = next((r for r in lint.all_rules if r.id == rule_id), None)
    if rule is None:
        import difflib

        near = difflib.get_close_matches(rule_id, [r.id for r in lint.all_rules], n=1)
        raise Failure(
            f"unknown rule {rule_id!r}" + (f" (did you mean {near[0]!r}?)" if near else "") + "; see `cxlint rules`"
        )
    click.echo(explain_rule(rule))


@main.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    default="docs/rules",
    show_default=True,
    help="Folder for the pages: <category>/<name>.md and README.md (the index).",
)
@rule_sources
def docs(out, config_path, isolated, rule_dirs):
    """Write one Markdown page per rule and an index by category, from the rules' own data.

    Pages of rules that no longer exist are removed; run it after changing a rule.
    """
    from .ruledocs import write

    lint = _linter(config_path, isolated, (), (), rule_dirs)
    try:
        n, changed, removed = write(lint.all_rules, Path(out))
    except OSError as e:
        raise Failure(f"{out}: {e.strerror or e}") from None
    gone = f", removed {len(removed)} ({', '.join(removed)})" if removed else ""
    click.echo(f"{out}: {n - 1} rule pages and the index; {changed} written{gone}.")


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--unsafe", is_flag=True, help="Also apply unsafe fixes (they add slots such as [срок] to fill in).")
@click.option("--diff", is_flag=True, help="Print a unified diff instead of writing.")
@click.option("--fail-on", type=click.Choice(SEVERITIES), default=None, help="Lowest remaining severity that fails.")
@click.option("--stdin-filename", metavar="NAME", help="Name (and so type) of the message read from stdin.")
@_force_exclude
@common
def fix(paths, unsafe, diff, fail_on, stdin_filename, force_exclude, select, ignore, config_path, isolated, rule_dirs):
    """Rewrite files in place (or stdin to stdout) with the suggested fixes.

    Safe fixes by default; --unsafe adds the ones that need a fact from you ([срок], [сумма]).
    Display-only suggestions are never applied. Exit code 1 if findings remain, 0 if none,
    2 on errors.
    """
    import difflib

    from .engine import worst
    from .formats import FORMATS
    from .runner import collect, fix_file

    lint = _linter(config_path, isolated, select, ignore, rule_dirs)
    linter_for = _PerFolder(lint, config_path, isolated, select, ignore, rule_dirs)
    fail_on = fail_on or lint.config.fail_on or "warning"
    done, errors = [], []
    for p in paths or (".",):
        if p == "-":
            name = stdin_filename or "-"
            text = _read_stdin(name)
            if isinstance(text, InputError):
                errors.append(text)
                continue
            ff = fix_file(lint, Path(name), unsafe, text, Path(name).suffix.lower() or ".txt", name)
            if ff.result.error:
                errors.append(ff.result.error)
            elif diff:
                sys.stdout.writelines(
                    difflib.unified_diff(ff.original.splitlines(True), ff.fixed.splitlines(True), name, name)
                )
            else:
                sys.stdout.write(ff.fixed)
            done.append(ff)
            continue
        for f in collect([p], lint.config.exclude, force_exclude):
            if isinstance(f, InputError):
                errors.append(f)
                continue
            ff = fix_file(linter_for(f), f, unsafe)
            done.append(ff)
            if ff.result.error:
                errors.append(ff.result.error)
            elif ff.changed and diff:
                sys.stdout.writelines(
                    difflib.unified_diff(ff.original.splitlines(True), ff.fixed.splitlines(True), f"a/{f}", f"b/{f}")
                )
            elif ff.changed:
                f.write_bytes(ff.fixed.encode("utf-8"))
    results = [ff.result for ff in done if ff.result and not ff.result.error]
    to_stdin = any(p == "-" for p in paths)
    if not diff and not to_stdin:
        FORMATS["text"](results, sys.stdout, color=_color("text"))
    edits = sum(ff.edits for ff in done)
    remaining = sum(len(fs) for r in results for _, fs in r.messages)
    changed = sum(ff.changed for ff in done)
    verb = "Would fix" if diff else "Fixed"
    slots = sum(f.rule == "template.unfilled-slot" for r in results for _, fs in r.messages for f in fs)
    click.echo(
        f"{verb} {edits} problem{'s' if edits != 1 else ''} in {changed} file{'s' if changed != 1 else ''}; "
        f"{remaining} remain{'s' if remaining == 1 else ''}"
        + (f" ({slots} slot{'s' if slots != 1 else ''} to fill in)." if slots else "."),
        err=True,
    )
    if not unsafe and remaining:
        click.echo("Some can be fixed with --unsafe (you fill in the [slots]).", err=True)
    for ff in done:
        for s in ff.skipped:
            click.echo(f"cxlint: {ff.path}: {s}", err=True)
    _finish(errors, max((worst(fs) for r in results for _, fs in r.messages), default=-1), fail_on)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (loopback by default).")
@click.option("--port", default=8080, show_default=True, type=int)
@click.option("--max-message-bytes", default=64 * 1024, show_default=True, type=int, help="Largest message accepted.")
@common
def serve(host, port, max_message_bytes, select, ignore, config_path, isolated, rule_dirs):
    """Serve the pre-send check over HTTP: POST /v1/check, POST /v1/fix, GET /v1/rules, /healthz,
    and the OpenAPI document at /openapi.json."""
    try:
        from .server import serve as run_server
    except ImportError as e:
        raise Failure(
            f"cxlint serve needs FastAPI and uvicorn ({e.name} is missing): pip install 'cxlint[serve]'"
        ) from None
    lint = _linter(config_path, isolated, select, ignore, rule_dirs)
    run_server(lint, host, port, max_message_bytes)


@main.command()
@click.option(
    "--log-level",
    type=click.Choice(["error", "warning", "info", "debug"]),
    default="warning",
    show_default=True,
    help="What the server logs to stderr.",
)
def lsp(log_level):
    """Serve diagnostics and quick fixes to editors over stdio (Language Server Protocol).

    Settings (config, select, ignore, minSeverity) come from the editor; see docs/lsp.md.
    """
    try:
        from .lsp import serve as run_lsp
    except ImportError as e:
        if e.name not in ("pygls", "lsprotocol") and not (e.name or "").startswith(("pygls.", "lsprotocol.")):
            raise
        raise Failure("cxlint lsp needs pygls: pip install 'cxlint[lsp]'") from None
    run_lsp(log_level)
