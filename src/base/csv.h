/* csv.h: reads the per-school variant table, a CSV exported by Excel (UTF-8, UTF-8 with BOM or
 * CP932), into UTF-8 cells with source positions. */
#ifndef SM_CSV_H
#define SM_CSV_H

#include "arena.h"
#include "diag.h"
#include "limits.h"

#include <stdbool.h>
#include <stddef.h>

/* The reader's limits (SM_CSV_MAX_*) are in base/limits.h; going past one is an error with a
 * position. */

/* A parsed CSV: the header row (column names) and the data rows, all UTF-8, owned by the
 * arena it was parsed into. */
typedef struct sm_table sm_table;

/* How the file was stored. A file of ASCII only is SM_CSV_UTF8. */
typedef enum sm_csv_encoding { SM_CSV_UTF8, SM_CSV_UTF8_BOM, SM_CSV_CP932 } sm_csv_encoding;

/* Reads the file at path and parses it as sm_csv_parse does, with path as the name in
 * positions. An unreadable file is an error at line 0 ("cannot read PATH: reason"). */
sm_table *sm_csv_read(const char *path, sm_arena *arena, sm_diags *diags);

/* Parses size bytes of data (name is the file name in diagnostics; NUL bytes in data are an
 * error, it need not be NUL-terminated).
 *
 * Encoding: a BOM EF BB BF means UTF-8 (the BOM is dropped); otherwise valid UTF-8 is UTF-8;
 * otherwise the bytes are decoded as CP932 (Windows-31J, Excel's "CSV (comma delimited)" on
 * Japanese Windows) with iconv. Positions are 1-based line:col, col counting characters of the
 * decoded text (a CP932 double-byte character is one column); line numbers are those of the
 * file, whatever its encoding.
 *
 * Syntax: RFC 4180 — fields separated by commas, quoted fields with "" for a quote and line
 * breaks inside, CRLF, LF or CR line ends, the last line with or without one. A line break
 * inside a quoted field becomes "\n". A quote inside an unquoted field is kept as written.
 * The first non-blank line is the header: names are trimmed (spaces, tabs, U+3000), must be
 * non-empty and unique. Blank lines, and lines of empty fields only (",,," — Excel writes these
 * for empty rows of the used range), are skipped. Data cells are kept exactly as written.
 *
 * Errors are recorded into diags, each with its position. Returns NULL, after recording why,
 * when the file as a whole is unusable: no header, a bad header (every problem of the header
 * is reported), not decodable, or past SM_CSV_MAX_FILE, _ROWS, _COLUMNS or _CELLS. Otherwise
 * returns the table, also when some rows are bad: a row with more fields than the header has
 * columns, a cell past SM_CSV_MAX_CELL, a stray character after a closing quote, an
 * unterminated quote. A bad row is diagnosed, kept (its cells as far as they were read) and
 * flagged (sm_table_row_ok is false): the caller stops on diags->failed or, under
 * --keep-going, skips it. Earlier errors in diags do not stop the parse. */
sm_table *sm_csv_parse(const char *name, const char *data, size_t size, sm_arena *arena,
                       sm_diags *diags);

/* The name given to sm_csv_parse (the path for sm_csv_read), as used in positions. */
const char *sm_table_name(const sm_table *t);
sm_csv_encoding sm_table_encoding(const sm_table *t);

/* Number of columns of the header, at least 1. */
size_t sm_table_columns(const sm_table *t);
/* The trimmed name of column col (< sm_table_columns), or NULL when col is out of range. */
const char *sm_table_header(const sm_table *t, size_t col);
/* Finds the column named name (exact match); returns false when there is none. */
bool sm_table_find_column(const sm_table *t, const char *name, size_t *col);

/* Number of data rows (skipped blank lines not counted; bad rows counted). */
size_t sm_table_rows(const sm_table *t);
/* Number of rows for which sm_table_row_ok is false. */
size_t sm_table_bad_rows(const sm_table *t);
/* The cell at row, col: "" for a missing trailing cell; NULL when row or col is out of range.
 * The string is owned by the table's arena. */
const char *sm_table_cell(const sm_table *t, size_t row, size_t col);
/* The position where the cell starts (at its opening quote if quoted); for a missing trailing
 * cell, the row's line with col 0 ("whole line"). */
sm_pos sm_table_cell_pos(const sm_table *t, size_t row, size_t col);
/* 1-based line where the row starts, for messages; 0 when row is out of range. */
int sm_table_row_line(const sm_table *t, size_t row);
/* False for a bad row (diagnosed when parsed; to be skipped under --keep-going) and for a row
 * out of range. */
bool sm_table_row_ok(const sm_table *t, size_t row);

#endif
