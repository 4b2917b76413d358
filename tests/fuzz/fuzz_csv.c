/* fuzz_csv.c: the per-school CSV reader (sm_csv_parse) on arbitrary bytes — encoding detection,
 * RFC 4180 and limits — checked against csv.h's contract and by a round trip of its table. */
#include "fuzz_util.h"

#include "base/csv.h"

#include <stdio.h>

/* The table written back as RFC 4180 with every field quoted: the header, then the rows that
 * parsed without error. */
static char *write_back(const sm_table *t, size_t *size, size_t *ok_rows) {
    char *out = NULL;
    FILE *f = open_memstream(&out, size);
    if (!f) abort();
    size_t columns = sm_table_columns(t);
    *ok_rows = 0;
    for (size_t row = 0; row <= sm_table_rows(t); row++) {
        /* row 0 is the header, row r the data row r - 1 */
        if (row > 0 && !sm_table_row_ok(t, row - 1)) continue;
        if (row > 0) ++*ok_rows;
        for (size_t col = 0; col < columns; col++) {
            const char *cell = row == 0 ? sm_table_header(t, col) : sm_table_cell(t, row - 1, col);
            fputs(col ? ",\"" : "\"", f);
            for (const char *c = cell; *c; c++) fputs(*c == '"' ? "\"\"" : (char[]){*c, 0}, f);
            fputc('"', f);
        }
        fputs("\r\n", f);
    }
    fclose(f);
    return out;
}

static void check_table(const sm_table *t, const uint8_t *data, size_t size) {
    size_t columns = sm_table_columns(t), rows = sm_table_rows(t), bad = 0;
    FZ_CHECK(columns >= 1 && columns <= SM_CSV_MAX_COLUMNS, "%zu columns", columns);
    FZ_CHECK(rows >= sm_table_bad_rows(t), "%zu rows, %zu bad", rows, sm_table_bad_rows(t));
    FZ_CHECK(rows <= SM_CSV_MAX_ROWS, "%zu rows", rows);

    bool bom = size >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0;
    sm_csv_encoding expected = bom                                       ? SM_CSV_UTF8_BOM
                               : fz_utf8_valid((const char *)data, size) ? SM_CSV_UTF8
                                                                         : SM_CSV_CP932;
    FZ_CHECK(sm_table_encoding(t) == expected, "encoding %d, expected %d",
             (int)sm_table_encoding(t), (int)expected);

    for (size_t c = 0; c < columns; c++) {
        const char *h = sm_table_header(t, c);
        size_t len = strlen(h);
        FZ_CHECK(len > 0, "column %zu has an empty name", c);
        FZ_CHECK(fz_utf8_valid(h, len), "column %zu's name is not UTF-8", c);
        FZ_CHECK(h[0] != ' ' && h[0] != '\t' && h[len - 1] != ' ' && h[len - 1] != '\t',
                 "column %zu's name '%s' is not trimmed", c, h);
        size_t found = SIZE_MAX;
        FZ_CHECK(sm_table_find_column(t, h, &found) && found == c,
                 "column %zu's name '%s' finds column %zu", c, h, found);
    }
    FZ_CHECK(sm_table_header(t, columns) == NULL, "a header past the last column");

    int previous_line = 0;
    for (size_t r = 0; r < rows; r++) {
        bool ok = sm_table_row_ok(t, r);
        if (!ok) bad++;
        int line = sm_table_row_line(t, r);
        FZ_CHECK(line > previous_line, "row %zu starts on line %d after line %d", r, line,
                 previous_line);
        previous_line = line;
        bool blank = true;
        for (size_t c = 0; c < columns; c++) {
            const char *cell = sm_table_cell(t, r, c);
            FZ_CHECK(cell != NULL, "row %zu has no cell %zu", r, c);
            size_t len = strlen(cell);
            if (len) blank = false;
            FZ_CHECK(len <= SM_CSV_MAX_CELL, "row %zu cell %zu holds %zu bytes", r, c, len);
            FZ_CHECK(fz_utf8_valid(cell, len), "row %zu cell %zu is not UTF-8", r, c);
            FZ_CHECK(!strchr(cell, '\r'), "row %zu cell %zu keeps a CR", r, c);
            sm_pos pos = sm_table_cell_pos(t, r, c);
            FZ_CHECK(pos.line >= line, "row %zu (line %d) cell %zu at line %d", r, line, c,
                     pos.line);
            FZ_CHECK(pos.col >= 1 || (pos.col == 0 && len == 0 && pos.line == line),
                     "row %zu cell %zu at column %d", r, c, pos.col);
        }
        /* Blank rows are skipped, unless an error makes them worth reporting. */
        FZ_CHECK(!blank || !ok, "blank row %zu (line %d) kept", r, line);
        FZ_CHECK(sm_table_cell(t, r, columns) == NULL, "a cell past the last column");
    }
    FZ_CHECK(bad == sm_table_bad_rows(t), "%zu bad rows counted, %zu reported", bad,
             sm_table_bad_rows(t));
    FZ_CHECK(sm_table_cell(t, rows, 0) == NULL && !sm_table_row_ok(t, rows) &&
                 sm_table_row_line(t, rows) == 0,
             "a row past the last one");
}

/* Writing the good rows back and reading them again gives the same cells: the reader keeps
 * data "exactly as written" and quoting is lossless. */
static void check_round_trip(const sm_table *t) {
    size_t size, ok_rows;
    char *text = write_back(t, &size, &ok_rows);
    sm_arena *arena = sm_arena_new();
    sm_diags diags;
    sm_diags_init(&diags, arena);
    sm_table *again = sm_csv_parse("again.csv", text, size, arena, &diags);
    FZ_CHECK(again && !diags.failed, "the table written back does not parse: %s",
             diags.count ? diags.items[0].message : "(no diagnostic)");
    FZ_CHECK(sm_table_columns(again) == sm_table_columns(t), "%zu columns, then %zu",
             sm_table_columns(t), sm_table_columns(again));
    FZ_CHECK(sm_table_rows(again) == ok_rows, "%zu good rows, then %zu", ok_rows,
             sm_table_rows(again));
    for (size_t c = 0; c < sm_table_columns(t); c++)
        FZ_CHECK(strcmp(sm_table_header(t, c), sm_table_header(again, c)) == 0,
                 "column %zu: '%s' then '%s'", c, sm_table_header(t, c), sm_table_header(again, c));
    for (size_t r = 0, r2 = 0; r < sm_table_rows(t); r++) {
        if (!sm_table_row_ok(t, r)) continue;
        for (size_t c = 0; c < sm_table_columns(t); c++)
            FZ_CHECK(strcmp(sm_table_cell(t, r, c), sm_table_cell(again, r2, c)) == 0,
                     "row %zu cell %zu: '%s' then '%s'", r, c, sm_table_cell(t, r, c),
                     sm_table_cell(again, r2, c));
        r2++;
    }
    sm_arena_free(arena);
    free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    sm_arena *arena = sm_arena_new();
    sm_diags diags;
    sm_diags_init(&diags, arena);
    sm_table *t = sm_csv_parse("fuzz.csv", (const char *)data, size, arena, &diags);
    FZ_CHECK(t || diags.failed, "no table and no error");
    FZ_CHECK(!memchr(data, '\0', size) || diags.failed, "a NUL byte was accepted");
    /* Line ends are the same bytes in UTF-8 and CP932 (no CP932 trail byte is CR or LF). */
    int lines = 1;
    for (size_t i = 0; i < size; i++)
        if (data[i] == '\n' || (data[i] == '\r' && !(i + 1 < size && data[i + 1] == '\n'))) lines++;
    for (size_t i = 0; i < diags.count; i++) {
        const sm_diag *d = &diags.items[i];
        FZ_CHECK(d->message && d->message[0], "diagnostic %zu is empty", i);
        FZ_CHECK(fz_utf8_valid(d->message, strlen(d->message)), "diagnostic %zu is not UTF-8: %s",
                 i, d->message);
        FZ_CHECK(d->line >= 0 && d->col >= 0 && (d->line > 0 || d->col == 0),
                 "diagnostic at %d:%d: %s", d->line, d->col, d->message);
        FZ_CHECK(d->line <= lines, "diagnostic at line %d of %d: %s", d->line, lines, d->message);
        FZ_CHECK(d->file && strcmp(d->file, "fuzz.csv") == 0, "diagnostic names %s", d->file);
    }
    if (t) {
        check_table(t, data, size);
        check_round_trip(t);
    }
    sm_arena_free(arena);
    return 0;
}
