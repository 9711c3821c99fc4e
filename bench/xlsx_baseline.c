/*
 * The baseline for the `export` bench stage: plain C reading the same query as
 * `ticketreport export tickets` with the sqlite3 C API and writing the same cells with
 * libxlsxwriter in constant-memory mode: the same header labels, number formats per column
 * (dates parsed from the store's "YYYY-MM-DD HH:MM:SS" into Excel serials), frozen header
 * row and autofilter.
 *
 *   cc -O2 bench/xlsx_baseline.c -lxlsxwriter -lsqlite3 -o .build/xlsx_baseline
 *   .build/xlsx_baseline STORE QUERY.sql COLUMNS.tsv OUT.xlsx
 *
 * QUERY.sql is what `ticketreport export tickets --show-sql` prints; COLUMNS.tsv has one
 * line per result column, "name<TAB>label<TAB>format…" (the default lines of
 * `ticketreport export tickets --list-columns`). Prints the row count; exits non-zero with
 * a message on failure.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libgen.h>
#include <xlsxwriter.h>

enum kind { K_TEXT, K_INTEGER, K_NUMBER, K_PERCENT, K_HOURS, K_DURATION, K_DATE, K_DATETIME };

static enum kind parse_kind(const char *name) {
    if (!strcmp(name, "integer")) return K_INTEGER;
    if (!strcmp(name, "number")) return K_NUMBER;
    if (!strcmp(name, "percent")) return K_PERCENT;
    if (!strcmp(name, "hours")) return K_HOURS;
    if (!strcmp(name, "duration")) return K_DURATION;
    if (!strcmp(name, "date")) return K_DATE;
    if (!strcmp(name, "datetime")) return K_DATETIME;
    return K_TEXT;
}

static const char *format_code(enum kind k) {
    switch (k) {
    case K_INTEGER: return "#,##0";
    case K_NUMBER: return "#,##0.00";
    case K_PERCENT: return "0.0%";
    case K_HOURS: return "0.0";
    case K_DURATION: return "[h]:mm";
    case K_DATE: return "yyyy-mm-dd";
    case K_DATETIME: return "yyyy-mm-dd hh:mm";
    default: return NULL;
    }
}

/* Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm). */
static long days_from_civil(long y, long m, long d) {
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int digits(const unsigned char *s, int n, int *out) {
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return 0;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 1;
}

/* "YYYY-MM-DD" or "YYYY-MM-DD HH:MM:SS" to an Excel serial; 0 when it is not a date. */
static int excel_serial(const unsigned char *s, int len, double *serial) {
    int y, mo, d, h = 0, mi = 0, se = 0;
    if (len != 10 && len != 19) return 0;
    if (s[4] != '-' || s[7] != '-' || !digits(s, 4, &y) || !digits(s + 5, 2, &mo) || !digits(s + 8, 2, &d)) return 0;
    if (y < 1900 || mo < 1 || mo > 12 || d < 1 || d > 31) return 0;
    if (len == 19) {
        if (s[10] != ' ' || s[13] != ':' || s[16] != ':' || !digits(s + 11, 2, &h) || !digits(s + 14, 2, &mi) ||
            !digits(s + 17, 2, &se))
            return 0;
    }
    double value = (double)days_from_civil(y, mo, d) + 25569.0;
    if (value < 61) value -= 1;
    *serial = value + (h * 3600 + mi * 60 + se) / 86400.0;
    return 1;
}

static char *read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); exit(1); }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc(n + 1);
    if (fread(text, 1, n, f) != (size_t)n) { perror(path); exit(1); }
    text[n] = 0;
    fclose(f);
    return text;
}

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: %s STORE QUERY.sql COLUMNS.tsv OUT.xlsx\n", argv[0]);
        return 1;
    }
    char *sql = read_file(argv[2]);
    char *spec = read_file(argv[3]);

    int columns = 0;
    char *labels[512];
    enum kind kinds[512];
    for (char *line = strtok(spec, "\n"); line && columns < 512; line = strtok(NULL, "\n")) {
        char *name = line, *label = strchr(name, '\t');
        if (!label) continue;
        *label++ = 0;
        char *format = strchr(label, '\t');
        if (!format) continue;
        *format++ = 0;
        char *rest = strchr(format, '\t');
        if (rest) *rest = 0;
        labels[columns] = label;
        kinds[columns] = parse_kind(format);
        columns++;
    }

    sqlite3 *db;
    if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        fprintf(stderr, "open %s: %s\n", argv[1], sqlite3_errmsg(db));
        return 1;
    }
    sqlite3_stmt *stmt;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK) {
        fprintf(stderr, "prepare: %s\n", sqlite3_errmsg(db));
        return 1;
    }
    if (sqlite3_column_count(stmt) != columns) {
        fprintf(stderr, "the query has %d columns, the spec %d\n", sqlite3_column_count(stmt), columns);
        return 1;
    }

    char *out_copy = strdup(argv[4]);
    lxw_workbook_options options = {.constant_memory = LXW_TRUE, .tmpdir = dirname(out_copy)};
    lxw_workbook *workbook = workbook_new_opt(argv[4], &options);
    lxw_worksheet *sheet = workbook_add_worksheet(workbook, "Tickets");
    lxw_format *bold = workbook_add_format(workbook);
    format_set_bold(bold);
    format_set_bottom(bold, LXW_BORDER_THIN);
    /* One format per number format, shared by the columns that use it: libxlsxwriter 1.1.4
     * re-hashes a format that duplicates another on every cell it is used for. */
    lxw_format *by_kind[K_DATETIME + 1] = {0};
    lxw_format *formats[512];
    for (int c = 0; c < columns; c++) {
        const char *code = format_code(kinds[c]);
        if (code && !by_kind[kinds[c]]) {
            by_kind[kinds[c]] = workbook_add_format(workbook);
            format_set_num_format(by_kind[kinds[c]], code);
        }
        formats[c] = code ? by_kind[kinds[c]] : NULL;
        worksheet_write_string(sheet, 0, c, labels[c], bold);
    }
    worksheet_freeze_panes(sheet, 1, 0);

    lxw_row_t row = 1;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        for (int c = 0; c < columns; c++) {
            enum kind k = kinds[c];
            int numeric = k != K_TEXT && k != K_DATE && k != K_DATETIME;
            switch (sqlite3_column_type(stmt, c)) {
            case SQLITE_NULL: break;
            case SQLITE_INTEGER:
            case SQLITE_FLOAT: {
                double v = sqlite3_column_double(stmt, c);
                if (k == K_DURATION) v /= 86400;
                worksheet_write_number(sheet, row, c, v, numeric ? formats[c] : NULL);
                break;
            }
            default: {
                const unsigned char *text = sqlite3_column_text(stmt, c);
                int len = sqlite3_column_bytes(stmt, c);
                double serial;
                if ((k == K_DATE || k == K_DATETIME) && excel_serial(text, len, &serial)) {
                    worksheet_write_number(sheet, row, c, serial, formats[c]);
                } else {
                    worksheet_write_string(sheet, row, c, (const char *)text, NULL);
                }
            }
            }
        }
        row++;
    }
    if (rc != SQLITE_DONE) {
        fprintf(stderr, "step: %s\n", sqlite3_errmsg(db));
        return 1;
    }
    worksheet_autofilter(sheet, 0, 0, row - 1, columns - 1);
    for (int c = 0; c < columns; c++) worksheet_set_column(sheet, c, c, 16, NULL);
    lxw_error error = workbook_close(workbook);
    if (error != LXW_NO_ERROR) {
        fprintf(stderr, "close: %s\n", lxw_strerror(error));
        return 1;
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    printf("%u\n", row - 1);
    return 0;
}
