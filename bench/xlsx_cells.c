/*
 * The baseline for the `xlsx` bench stage: plain C calling libxlsxwriter directly, writing
 * the same cells as XLSXBench.swift (ROWS rows x 8 columns: integers, numbers, a percent,
 * repeated and unique text, a datetime, a duration) in constant-memory mode, with the same
 * header, number formats, frozen header row, autofilter and column widths.
 *
 *   cc -O2 bench/xlsx_cells.c -lxlsxwriter -o .build/xlsx_cells
 *   .build/xlsx_cells 1000000 /tmp/cells.xlsx
 *
 * Prints nothing on success; exits non-zero with a message on failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libgen.h>
#include <xlsxwriter.h>

static const char *departments[8] = {
    "Technical Support", "Billing", "Sales", "Domains", "Abuse", "General Enquiries", "Hosting", "Email",
};

/* Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm). */
static long days_from_civil(long y, long m, long d) {
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s ROWS OUT.xlsx\n", argv[0]);
        return 1;
    }
    long rows = atol(argv[1]);
    char *folder_copy = strdup(argv[2]);
    lxw_workbook_options options = {.constant_memory = LXW_TRUE, .tmpdir = dirname(folder_copy)};
    lxw_workbook *workbook = workbook_new_opt(argv[2], &options);
    if (!workbook) {
        fprintf(stderr, "cannot create %s\n", argv[2]);
        return 1;
    }
    lxw_worksheet *sheet = workbook_add_worksheet(workbook, "Cells");
    lxw_format *header = workbook_add_format(workbook);
    format_set_bold(header);
    format_set_bottom(header, LXW_BORDER_THIN);
    lxw_format *integer = workbook_add_format(workbook);
    format_set_num_format(integer, "#,##0");
    lxw_format *number = workbook_add_format(workbook);
    format_set_num_format(number, "#,##0.00");
    lxw_format *percent = workbook_add_format(workbook);
    format_set_num_format(percent, "0.0%");
    lxw_format *datetime = workbook_add_format(workbook);
    format_set_num_format(datetime, "yyyy-mm-dd hh:mm");
    lxw_format *duration = workbook_add_format(workbook);
    format_set_num_format(duration, "[h]:mm");

    const char *labels[8] = {"Ticket", "Replies", "Hours", "Share", "Department", "Subject", "Opened", "FRT"};
    for (int c = 0; c < 8; c++) worksheet_write_string(sheet, 0, c, labels[c], header);
    worksheet_freeze_panes(sheet, 1, 0);

    char subject[64];
    for (long i = 1; i <= rows; i++) {
        lxw_row_t r = (lxw_row_t)i;
        worksheet_write_number(sheet, r, 0, (double)i, integer);
        worksheet_write_number(sheet, r, 1, (double)((i * 7919) % 100000), integer);
        worksheet_write_number(sheet, r, 2, (double)((i * 31) % 10000) / 100.0, number);
        worksheet_write_number(sheet, r, 3, (double)(i % 1000) / 1000.0, percent);
        worksheet_write_string(sheet, r, 4, departments[i % 8], NULL);
        snprintf(subject, sizeof subject, "Ticket subject number %ld", i);
        worksheet_write_string(sheet, r, 5, subject, NULL);
        /* The same timestamp the Swift side writes as text "2026-MM-DD HH:MM:SS". */
        long month = 1 + i % 12, day = 1 + i % 28, hour = i % 24, minute = i % 60, second = (i * 7) % 60;
        double serial = (double)days_from_civil(2026, month, day) + 25569.0
            + (double)(hour * 3600 + minute * 60 + second) / 86400.0;
        worksheet_write_number(sheet, r, 6, serial, datetime);
        worksheet_write_number(sheet, r, 7, (double)((i * 37) % 200000) / 86400.0, duration);
    }
    worksheet_autofilter(sheet, 0, 0, (lxw_row_t)rows, 7);
    const double widths[8] = {9, 9, 9, 8, 19, 30, 17, 8};
    for (int c = 0; c < 8; c++) worksheet_set_column(sheet, c, c, widths[c], NULL);

    lxw_error error = workbook_close(workbook);
    free(folder_copy);
    if (error != LXW_NO_ERROR) {
        fprintf(stderr, "workbook_close: %s\n", lxw_strerror(error));
        return 1;
    }
    return 0;
}
