"""The Python baseline for the `export` bench stage: XlsxWriter (constant_memory) writing the
same cells as `ticketreport export tickets`, reading the same query with the sqlite3 module.

    python3 bench/xlsx_python.py STORE QUERY.sql COLUMNS.tsv OUT.xlsx

QUERY.sql and COLUMNS.tsv are as for bench/xlsx_baseline.c. Dates are turned into Excel
serials by hand (cheaper than datetime objects), so the comparison is XlsxWriter's own cost.
Prints the row count.
"""
import os
import sqlite3
import sys

import xlsxwriter

FORMATS = {
    "integer": "#,##0", "number": "#,##0.00", "percent": "0.0%", "hours": "0.0",
    "duration": "[h]:mm", "date": "yyyy-mm-dd", "datetime": "yyyy-mm-dd hh:mm",
}


def days_from_civil(y, m, d):
    y -= m <= 2
    era = (y if y >= 0 else y - 399) // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def serial(text):
    try:
        if len(text) not in (10, 19) or text[4] != "-" or text[7] != "-":
            return None
        value = days_from_civil(int(text[0:4]), int(text[5:7]), int(text[8:10])) + 25569.0
        if value < 61:
            value -= 1
        if len(text) == 19:
            value += (int(text[11:13]) * 3600 + int(text[14:16]) * 60 + int(text[17:19])) / 86400.0
        return value
    except ValueError:
        return None


def main():
    store, query, spec, out = sys.argv[1:5]
    sql = open(query).read()
    columns = [line.split("\t") for line in open(spec).read().splitlines() if line.strip()]
    labels = [c[1] for c in columns]
    kinds = [c[2] for c in columns]

    workbook = xlsxwriter.Workbook(out, {"constant_memory": True, "tmpdir": os.path.dirname(os.path.abspath(out))})
    sheet = workbook.add_worksheet("Tickets")
    bold = workbook.add_format({"bold": True, "bottom": 1})
    formats = [workbook.add_format({"num_format": FORMATS[k]}) if k in FORMATS else None for k in kinds]
    for c, label in enumerate(labels):
        sheet.write_string(0, c, label, bold)
    sheet.freeze_panes(1, 0)

    db = sqlite3.connect("file:%s?mode=ro" % store, uri=True)
    row = 1
    write_number, write_string = sheet.write_number, sheet.write_string
    plan = list(enumerate(zip(kinds, formats)))
    for values in db.execute(sql):
        for c, (kind, fmt) in plan:
            v = values[c]
            if v is None:
                continue
            if isinstance(v, str):
                if kind in ("date", "datetime"):
                    s = serial(v)
                    if s is not None:
                        write_number(row, c, s, fmt)
                        continue
                write_string(row, c, v)
            elif kind == "duration":
                write_number(row, c, v / 86400, fmt)
            elif kind in ("text", "date", "datetime"):
                write_number(row, c, v)
            else:
                write_number(row, c, v, fmt)
        row += 1
    sheet.autofilter(0, 0, row - 1, len(columns) - 1)
    sheet.set_column(0, len(columns) - 1, 16)
    workbook.close()
    print(row - 1)


if __name__ == "__main__":
    main()
