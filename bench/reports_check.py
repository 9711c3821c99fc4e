#!/usr/bin/env python3
"""The sqlite3 shell's output of every built-in report equals the tool's (DESIGN §6: reports
run as plain SQL in the shell, given ticketreport's functions as a loadable extension).

usage: reports_check.py TICKETREPORT STORE EXTENSION SCRIPT_DIR MONTH
SCRIPT_DIR holds NAME.sql (`.param set` lines with the tool's bound values + the report's SQL),
written by `ticketreport-bench reports`. Numbers are compared to 1e-9 (relative); the tool's
CSV guards formula-like text with a leading ' which the shell does not.
Prints one line per report and `matched N of M`; exits 1 on any difference.
"""
import csv, io, math, os, subprocess, sys

tool, store, ext, script_dir, month = sys.argv[1:6]


def number(text):
    try:
        return float(text)
    except ValueError:
        return None


def same(a, b):
    if a == b or a == "'" + b:
        return True
    x, y = number(a), number(b)
    return x is not None and y is not None and math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9)


names = sorted(f[:-4] for f in os.listdir(script_dir) if f.endswith(".sql"))
matched = 0
for name in names:
    ours = subprocess.run([tool, "report", "run", name, "--month", month, "--format", "csv", "--db", store],
                          capture_output=True, text=True)
    with open(os.path.join(script_dir, name + ".sql")) as script:
        shell = subprocess.run(["sqlite3", "-readonly", "-bail", "-csv", "-header", "-cmd", ".load " + ext, store],
                               stdin=script, capture_output=True, text=True)
    if ours.returncode != 0 or shell.returncode != 0 or shell.stderr:
        print(f"{name}: FAILED tool rc={ours.returncode} {ours.stderr.strip()[:200]} | "
              f"shell rc={shell.returncode} {shell.stderr.strip()[:200]}")
        continue
    a = list(csv.reader(io.StringIO(ours.stdout)))
    b = list(csv.reader(io.StringIO(shell.stdout)))
    problems = []
    if a[:1] != b[:1]:
        problems.append(f"header {a[:1]} vs {b[:1]}")
    if len(a) != len(b):
        problems.append(f"{len(a) - 1} rows vs {len(b) - 1}")
    for i, (ra, rb) in enumerate(zip(a[1:], b[1:]), 1):
        if len(ra) != len(rb) or not all(same(x, y) for x, y in zip(ra, rb)):
            problems.append(f"row {i}: {ra} vs {rb}")
            if len(problems) > 3:
                break
    if problems:
        print(f"{name}: DIFFERS " + "; ".join(problems))
    else:
        matched += 1
        print(f"{name}: same ({len(a) - 1} rows)")
print(f"matched {matched} of {len(names)}")
sys.exit(0 if matched == len(names) else 1)
