/*
 * ticketreport's SQL functions for the sqlite3 shell, with the DEFAULT configuration,
 * so the built-in reports run unchanged in `sqlite3` (benchmarks, cross-checks):
 *
 *   cc -O2 -fPIC -shared bench/sqlite_ext/ticketreport_ext.c -o .build/ticketreport_ext.so
 *   sqlite3 tickets.sqlite -cmd '.load .build/ticketreport_ext'
 *
 * Mirrors, rule for rule:
 *   median(x), percentile(x, p)       Sources/TicketStore/Functions/SQLFunctions.swift (PERCENTILE.INC)
 *   business_seconds(start, end)      Sources/TicketStore/Calendar/BusinessCalendar.swift
 *                                     (Mon–Fri 09:00–17:00, no holidays)
 *   is_closed(status)                 closed_statuses: [Closed]
 *   sla_target_seconds(priority), sla_is_business(priority),
 *   sla_breached(priority, opened_at, first_response_at, as_of)
 *                                     Sources/Reporting/Functions/ReportFunctions.swift with
 *                                     SLAPolicy.standard: High 4, Medium 8, Low 24, other 8
 *                                     business hours.
 * A changed ticketreport.yaml (calendar, closed statuses, SLA) is NOT reflected here.
 */
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

/* ---------- median / percentile ---------- */

typedef struct {
    double *values;
    int64_t count;
    int64_t capacity;
    double p;
    int has_p;
} Percentile;

static int is_number(sqlite3_value *v) {
    int t = sqlite3_value_type(v);
    return t == SQLITE_INTEGER || t == SQLITE_FLOAT;
}

static void collect(sqlite3_context *ctx, Percentile *agg, sqlite3_value *x) {
    if (!is_number(x)) return; /* NULLs (and text) are ignored, as in Swift */
    if (agg->count == agg->capacity) {
        int64_t capacity = agg->capacity ? agg->capacity * 2 : 64;
        double *grown = sqlite3_realloc64(agg->values, (sqlite3_uint64)capacity * sizeof(double));
        if (!grown) { sqlite3_result_error_nomem(ctx); return; }
        agg->values = grown;
        agg->capacity = capacity;
    }
    agg->values[agg->count++] = sqlite3_value_double(x);
}

static void median_step(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
    (void)argc;
    Percentile *agg = sqlite3_aggregate_context(ctx, sizeof(Percentile));
    if (!agg) { sqlite3_result_error_nomem(ctx); return; }
    collect(ctx, agg, argv[0]);
}

static void percentile_step(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
    (void)argc;
    Percentile *agg = sqlite3_aggregate_context(ctx, sizeof(Percentile));
    if (!agg) { sqlite3_result_error_nomem(ctx); return; }
    if (!agg->has_p) {
        double p = sqlite3_value_double(argv[1]);
        if (!is_number(argv[1]) || !(p >= 0 && p <= 1)) {
            sqlite3_result_error(ctx, "percentile(x, p): p must be a number between 0 and 1", -1);
            return;
        }
        agg->p = p;
        agg->has_p = 1;
    }
    collect(ctx, agg, argv[0]);
}

static int compare_doubles(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void finish(sqlite3_context *ctx, double p) {
    Percentile *agg = sqlite3_aggregate_context(ctx, 0);
    if (!agg || agg->count == 0) {
        if (agg) sqlite3_free(agg->values);
        sqlite3_result_null(ctx);
        return;
    }
    qsort(agg->values, (size_t)agg->count, sizeof(double), compare_doubles);
    double rank = p * (double)(agg->count - 1);
    int64_t lower = (int64_t)rank; /* rank >= 0: truncation is rounding down */
    int64_t upper = lower + 1 < agg->count - 1 ? lower + 1 : agg->count - 1;
    double lo = agg->values[lower], hi = agg->values[upper];
    sqlite3_result_double(ctx, lo + (rank - (double)lower) * (hi - lo));
    sqlite3_free(agg->values);
}

static void median_final(sqlite3_context *ctx) { finish(ctx, 0.5); }

static void percentile_final(sqlite3_context *ctx) {
    Percentile *agg = sqlite3_aggregate_context(ctx, 0);
    finish(ctx, agg && agg->has_p ? agg->p : 0.5);
}

/* ---------- timestamps and the business calendar ---------- */

static int days_in(int month, int year) {
    switch (month) {
    case 2: return ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0) ? 29 : 28;
    case 4: case 6: case 9: case 11: return 30;
    default: return 31;
    }
}

static int64_t days_from_civil(int64_t year, int64_t month, int64_t day) {
    int64_t y = month <= 2 ? year - 1 : year;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int digits(const unsigned char *s, int start, int count, int *out) {
    int value = 0;
    for (int i = start; i < start + count; i++) {
        if (s[i] < '0' || s[i] > '9') return 0;
        value = value * 10 + (s[i] - '0');
    }
    *out = value;
    return 1;
}

/* LocalDateTime(parsing:): `YYYY-MM-DD HH:MM:SS` (or `T`), or `YYYY-MM-DD`; naive epoch seconds. */
static int parse_timestamp(sqlite3_value *v, int64_t *seconds) {
    int type = sqlite3_value_type(v);
    if (type != SQLITE_TEXT && type != SQLITE_BLOB) return 0;
    const unsigned char *s = type == SQLITE_TEXT ? sqlite3_value_text(v) : sqlite3_value_blob(v);
    int n = sqlite3_value_bytes(v);
    if (!s || (n != 10 && n != 19) || s[4] != '-' || s[7] != '-') return 0;
    int year, month, day, hour = 0, minute = 0, second = 0;
    if (!digits(s, 0, 4, &year) || !digits(s, 5, 2, &month) || !digits(s, 8, 2, &day)) return 0;
    if (n == 19) {
        if ((s[10] != ' ' && s[10] != 'T') || s[13] != ':' || s[16] != ':') return 0;
        if (!digits(s, 11, 2, &hour) || !digits(s, 14, 2, &minute) || !digits(s, 17, 2, &second)) return 0;
    }
    if (year < 1 || month < 1 || month > 12 || day < 1 || day > days_in(month, year) || hour > 23 || minute > 59
        || second > 59)
        return 0;
    *seconds = days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
    return 1;
}

static int64_t floor_div(int64_t value, int64_t divisor) {
    return value >= 0 ? value / divisor : (value - divisor + 1) / divisor;
}

/* BusinessCalendar.standard: Mon–Fri [09:00, 17:00), no holidays. Same steps as the Swift
 * code: the first and last day clipped to the span, whole weeks in between at 40 h each,
 * the remaining days one by one. */
static int64_t day_seconds(int64_t day, int64_t start, int64_t end) {
    int weekday = (int)(((day % 7) + 11) % 7); /* 0 Sunday … 6 Saturday; 1970-01-01 was a Thursday */
    if (weekday == 0 || weekday == 6) return 0;
    int64_t open = day * 86400 + 9 * 3600, close = day * 86400 + 17 * 3600;
    if (open < start) open = start;
    if (close > end) close = end;
    return close > open ? close - open : 0;
}

static int64_t business_seconds(int64_t start, int64_t end) {
    if (end <= start) return 0;
    int64_t first = floor_div(start, 86400), last = floor_div(end, 86400);
    int64_t total = day_seconds(first, start, end);
    if (last == first) return total;
    total += day_seconds(last, start, end);
    int64_t day = first + 1;
    int64_t weeks = (last - day) / 7;
    total += weeks * 5 * 8 * 3600;
    day += weeks * 7;
    for (; day < last; day++) total += day_seconds(day, start, end);
    return total;
}

static void business_seconds_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
    (void)argc;
    int64_t start, end;
    if (!parse_timestamp(argv[0], &start) || !parse_timestamp(argv[1], &end)) {
        sqlite3_result_null(ctx);
        return;
    }
    sqlite3_result_int64(ctx, business_seconds(start, end));
}

/* ---------- configuration functions (defaults) ---------- */

/* String.fromDatabaseValue: text (or UTF-8 blob); nil otherwise. */
static const char *text_of(sqlite3_value *v, int *n) {
    int type = sqlite3_value_type(v);
    if (type != SQLITE_TEXT && type != SQLITE_BLOB) return NULL;
    const char *s = type == SQLITE_TEXT ? (const char *)sqlite3_value_text(v) : sqlite3_value_blob(v);
    *n = sqlite3_value_bytes(v);
    return s ? s : "";
}

static void is_closed_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
    (void)argc;
    int n;
    const char *s = text_of(argv[0], &n);
    if (!s) { sqlite3_result_null(ctx); return; }
    while (n > 0 && (*s == ' ' || *s == '\t')) { s++; n--; }
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    sqlite3_result_int(ctx, n == 6 && sqlite3_strnicmp(s, "closed", 6) == 0);
}

/* SLAPolicy.standard.target(for:): exact, then case-insensitive, then the default. */
static int64_t sla_target(sqlite3_value *priority) {
    int n;
    const char *s = text_of(priority, &n);
    if (!s) return 8 * 3600;
    if (n == 4 && sqlite3_strnicmp(s, "high", 4) == 0) return 4 * 3600;
    if (n == 6 && sqlite3_strnicmp(s, "medium", 6) == 0) return 8 * 3600;
    if (n == 3 && sqlite3_strnicmp(s, "low", 3) == 0) return 24 * 3600;
    return 8 * 3600;
}

static void sla_target_seconds_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
    (void)argc;
    sqlite3_result_int64(ctx, sla_target(argv[0]));
}

static void sla_is_business_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
    (void)argc;
    (void)argv;
    sqlite3_result_int(ctx, 1); /* every default target counts business hours */
}

static void sla_breached_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
    (void)argc;
    int64_t opened, response, as_of;
    if (!parse_timestamp(argv[1], &opened)) { sqlite3_result_null(ctx); return; }
    int64_t target = sla_target(argv[0]);
    if (parse_timestamp(argv[2], &response)) {
        sqlite3_result_int(ctx, business_seconds(opened, response) > target);
        return;
    }
    if (!parse_timestamp(argv[3], &as_of) || business_seconds(opened, as_of) <= target) {
        sqlite3_result_null(ctx);
        return;
    }
    sqlite3_result_int(ctx, 1);
}

#ifdef _WIN32
__declspec(dllexport)
#endif
int sqlite3_ticketreportext_init(sqlite3 *db, char **error, const sqlite3_api_routines *api) {
    (void)error;
    SQLITE_EXTENSION_INIT2(api);
    const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC;
    int rc = SQLITE_OK;
    if (rc == SQLITE_OK) rc = sqlite3_create_function(db, "median", 1, flags, 0, 0, median_step, median_final);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function(db, "percentile", 2, flags, 0, 0, percentile_step, percentile_final);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function(db, "business_seconds", 2, flags, 0, business_seconds_func, 0, 0);
    if (rc == SQLITE_OK) rc = sqlite3_create_function(db, "is_closed", 1, flags, 0, is_closed_func, 0, 0);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function(db, "sla_target_seconds", 1, flags, 0, sla_target_seconds_func, 0, 0);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function(db, "sla_is_business", 1, flags, 0, sla_is_business_func, 0, 0);
    if (rc == SQLITE_OK) rc = sqlite3_create_function(db, "sla_breached", 4, flags, 0, sla_breached_func, 0, 0);
    return rc;
}

int sqlite3_extension_init(sqlite3 *db, char **error, const sqlite3_api_routines *api) {
    return sqlite3_ticketreportext_init(db, error, api);
}
