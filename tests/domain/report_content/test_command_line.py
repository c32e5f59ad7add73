"""`cp-audit report`, run as a user runs it: the edition and language chosen on the command line, and
one line on standard error when the audit file is missing."""

from __future__ import annotations

import subprocess
import sys

import pypdf

from .pdf_text import page_lines


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cp_audit", *args], check=False, capture_output=True, text=True
    )


def test_report_writes_the_chosen_edition_in_the_chosen_language(sample_audit, tmp_path):
    target = tmp_path / "report.pdf"
    done = run("report", str(sample_audit), "-o", str(target), "--edition", "assessment", "--lang", "en")
    assert done.returncode == 0, done.stderr
    reader = pypdf.PdfReader(str(target))
    assert done.stdout.strip() == f"wrote {target} ({len(reader.pages)} pages)"
    lines = {line for page in reader.pages for line in page_lines(page)}
    assert {"Chapter 1 Planning and organisation", "Chapter 5 Feasibility analysis", "Conclusions"} <= lines
    assert not any(line.startswith("Chapter 6") for line in lines)


def test_a_missing_audit_file_is_one_line_on_stderr(tmp_path):
    done = run("report", str(tmp_path / "missing.cpaudit"), "-o", str(tmp_path / "out.pdf"))
    assert done.returncode == 1
    assert len(done.stderr.strip().splitlines()) == 1 and "missing.cpaudit" in done.stderr
    assert not (tmp_path / "out.pdf").exists()
