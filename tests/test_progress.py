"""The progress line: drawn in place on a terminal for long runs, silent everywhere else."""

from __future__ import annotations

import io
import subprocess
import sys

from cxlint import progress
from cxlint.progress import Progress, line, wanted


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_line_shows_files_messages_rate_and_eta():
    s = line(files=3, files_total=10, messages=12_000, elapsed=6.0, done_bytes=250, total_bytes=1000)
    assert "3/10 files" in s and "12,000 messages" in s and "2,000 msg/s" in s
    assert "25%" in s and "ETA 0:18" in s  # a quarter of the bytes in 6 s: 18 s to go


def test_line_without_a_size_has_no_eta():
    s = line(files=0, files_total=1, messages=0, elapsed=0.0, done_bytes=0, total_bytes=0)
    assert "ETA" not in s and "0 msg/s" in s


def test_long_eta_has_hours():
    assert "ETA 1:00:00" in line(1, 2, 10, 3600.0, 50, 100)


def test_silent_unless_a_terminal_outside_ci():
    assert wanted(Tty(), env={})
    assert not wanted(io.StringIO(), env={})  # a pipe or a file
    assert not wanted(Tty(), env={"CI": "true"})
    assert not wanted(Tty(), env={}, disabled=True)  # --no-progress


def _run(stream: Tty, enabled: bool, seconds: float) -> Progress:
    now = [0.0]
    p = Progress(2, 1000, stream, enabled=enabled, clock=lambda: now[0])
    for k in range(400):
        now[0] = seconds * k / 400
        p.read(2)
        p.message()
    p.file_done()
    return p


def test_drawn_in_place_on_one_line_after_a_delay():
    out = Tty()
    p = _run(out, True, seconds=10.0)
    text = out.getvalue()
    assert text.startswith("\r\x1b[K") and "\n" not in text
    assert text.count("\r") > 5 and "files" in text
    p.clear()
    assert out.getvalue().endswith("\r\x1b[K")  # the line is wiped at the end


def test_short_runs_and_disabled_bars_draw_nothing():
    out = Tty()
    _run(out, True, seconds=progress.DELAY / 2)
    assert out.getvalue() == ""
    out = Tty()
    _run(out, False, seconds=10.0)
    assert out.getvalue() == ""


def test_guard_wipes_the_bar_before_output_on_the_same_terminal():
    err, out = Tty(), Tty()
    p = _run(err, True, seconds=10.0)
    assert p.shown
    p.guard(out).write("x\n")
    assert not p.shown and err.getvalue().endswith("\r\x1b[K") and out.getvalue() == "x\n"
    plain = io.StringIO()
    assert p.guard(plain) is plain


def test_cli_prints_no_progress_to_a_pipe_or_in_ci(tmp_path):
    p = tmp_path / "many.jsonl"
    p.write_text('"Мы решим вопрос."\n' * 300, encoding="utf-8")
    for env in ({}, {"CI": "1"}):
        r = subprocess.run(
            [sys.executable, "-m", "cxlint", "check", "--isolated", "--format", "json", str(p)],
            capture_output=True,
            text=True,
            env={**__import__("os").environ, **env},
        )
        assert r.returncode == 1 and r.stderr == ""
