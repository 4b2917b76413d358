/* csv.c: decodes an Excel CSV export to UTF-8 and parses it (RFC 4180) into a table. */
#include "csv.h"

#include "path.h"
#include "utf8.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct csv_cell {
    const char *text;
    int line, col;
} csv_cell;

typedef struct csv_row {
    csv_cell *cells; /* the fields read, at most the header's columns; later cells are "" */
    size_t count;
    int line;
    bool ok;
} csv_row;

struct sm_table {
    const char *name;
    sm_csv_encoding encoding;
    csv_cell *header;
    size_t columns;
    csv_row *rows;
    size_t row_count, row_capacity, bad_rows;
};

/* ---- decoding ------------------------------------------------------------------------ */

/* The position just past the first offset bytes of text (valid UTF-8 up to there): lines end
 * at CRLF, LF or CR as in the parser; columns count characters. */
static sm_pos text_pos(const char *name, const char *text, size_t offset) {
    const unsigned char *s = (const unsigned char *)text;
    sm_pos pos = {name, 1, 1};
    for (size_t i = 0; i < offset; i++) {
        if (s[i] == '\n' || (s[i] == '\r' && !(i + 1 < offset && s[i + 1] == '\n'))) {
            pos.line++;
            pos.col = 1;
        } else if (s[i] != '\r' && (s[i] & 0xc0) != 0x80) {
            pos.col++;
        }
    }
    return pos;
}

/* *bad from cp932_decode when iconv has no CP932 converter (gconv modules missing). */
#define NO_CONVERTER SIZE_MAX

/* Decodes CP932 into text with glibc's iconv, whose "CP932" maps as Windows does (0x8160 to
 * U+FF5E ～, 0x815C to U+2015 ―, 0x817C to U+FF0D －), unlike its "SHIFT_JIS". Returns false
 * with *bad set to the offset of the first byte that does not decode, or to NO_CONVERTER.
 * The text decoded before a failure stays in text. */
static bool cp932_decode(const char *data, size_t size, sm_buf *text, size_t *bad) {
    iconv_t cd = iconv_open("UTF-8", "CP932");
    if (cd == (iconv_t)-1) {
        *bad = NO_CONVERTER;
        return false;
    }
    /* One CP932 byte (half-width katakana) becomes at most three UTF-8 bytes. */
    text->cap = 3 * size + 1;
    text->data = sm_xrealloc(text->data, text->cap);
    char *in = (char *)data, *out = text->data;
    size_t in_left = size, out_left = text->cap - 1;
    bool ok = true;
    while (in_left > 0) {
        if (iconv(cd, &in, &in_left, &out, &out_left) != (size_t)-1) continue;
        if (errno == E2BIG) { /* not expected (see above), but cheap to handle */
            size_t used = (size_t)(out - text->data);
            text->cap *= 2;
            text->data = sm_xrealloc(text->data, text->cap);
            out = text->data + used;
            out_left = text->cap - 1 - used;
            continue;
        }
        /* EILSEQ: an invalid sequence; EINVAL: a lead byte cut off by the end of the file. */
        *bad = (size_t)(in - data);
        ok = false;
        break;
    }
    iconv_close(cd);
    text->len = (size_t)(out - text->data);
    text->data[text->len] = '\0';
    return ok;
}

/* Decodes data into UTF-8 text (NUL-free) and tells its encoding; records an error and
 * returns false when it is none of the three. */
static bool decode(const char *name, const char *data, size_t size, sm_diags *diags, sm_buf *text,
                   sm_csv_encoding *encoding) {
    const unsigned char *u = (const unsigned char *)data;
    if (size >= 2 && ((u[0] == 0xff && u[1] == 0xfe) || (u[0] == 0xfe && u[1] == 0xff))) {
        sm_error(diags, ((sm_pos){name, 0, 0}),
                 "the file is UTF-16 (Excel's \"Unicode text\"): save it as \"CSV UTF-8\" or "
                 "\"CSV\" instead");
        return false;
    }
    sm_buf_append(text, "", 0); /* data is never NULL, even for an empty file */
    if (size >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf) {
        /* The BOM is dropped, so that line 1 counts columns from the first real character. */
        data += 3;
        size -= 3;
        size_t bad = sm_utf8_invalid_offset(data, size);
        if (bad < size) {
            sm_error(diags, text_pos(name, data, bad),
                     "invalid UTF-8 (byte 0x%02X) in a file that starts with a UTF-8 byte order "
                     "mark",
                     (unsigned char)data[bad]);
            return false;
        }
        *encoding = SM_CSV_UTF8_BOM;
        sm_buf_append(text, data, size);
    } else {
        size_t bad = sm_utf8_invalid_offset(data, size);
        if (bad == size) {
            *encoding = SM_CSV_UTF8;
            sm_buf_append(text, data, size);
        } else {
            size_t cp_bad = 0;
            if (!cp932_decode(data, size, text, &cp_bad)) {
                if (cp_bad == NO_CONVERTER) {
                    sm_error(diags, text_pos(name, data, bad),
                             "not UTF-8, and iconv cannot decode Shift_JIS (CP932) here: %s",
                             strerror(errno));
                    return false;
                }
                /* Which one was it meant to be? CP932 text almost always fails as UTF-8 at
                 * its first non-ASCII byte, so UTF-8 characters before the bad byte mean a
                 * UTF-8 file with a stray byte: point there. Else point where CP932 stopped,
                 * counting columns in the decoded CP932 text. */
                bool as_utf8 = sm_utf8_count(data, bad) != bad;
                sm_pos pos =
                    as_utf8 ? text_pos(name, data, bad) : text_pos(name, text->data, text->len);
                sm_error(diags, pos, "not UTF-8 or Shift_JIS (CP932): cannot decode byte 0x%02X",
                         (unsigned char)data[as_utf8 ? bad : cp_bad]);
                return false;
            }
            *encoding = SM_CSV_CP932;
        }
    }
    const char *nul = memchr(text->data, '\0', text->len);
    if (nul) {
        sm_error(diags, text_pos(name, text->data, (size_t)(nul - text->data)),
                 "NUL byte: this is not a CSV text file (UTF-16 without a byte order mark?)");
        return false;
    }
    return true;
}

/* ---- parsing ------------------------------------------------------------------------- */

typedef struct parser {
    sm_arena *arena;
    sm_diags *diags;
    const char *name;
    const char *s; /* the decoded text */
    size_t len, i;
    int line, col;    /* position of s[i] */
    sm_buf field;     /* the field being read, unescaped */
    csv_cell *fields; /* the fields of the record being read, as many as the caller keeps */
    size_t cells;     /* cells kept in all rows so far, for SM_CSV_MAX_CELLS */
} parser;

/* One record as read_record returns it. */
typedef struct record {
    size_t fields; /* fields read, also those past `keep` */
    size_t kept;   /* fields stored in parser.fields */
    int line;      /* where the record starts */
    sm_pos extra;  /* where field keep + 1 starts, when there is one */
    bool blank;    /* every field empty */
    bool ok;       /* no error in the record */
} record;

static sm_pos here(const parser *p) { return (sm_pos){p->name, p->line, p->col}; }

static bool at_end(const parser *p) { return p->i >= p->len; }

static bool at_line_end(const parser *p) {
    return !at_end(p) && (p->s[p->i] == '\n' || p->s[p->i] == '\r');
}

/* Consumes a line end (CRLF, LF or CR) at s[i]. */
static void skip_line_end(parser *p) {
    if (p->s[p->i] == '\r' && p->i + 1 < p->len && p->s[p->i + 1] == '\n') p->i++;
    p->i++;
    p->line++;
    p->col = 1;
}

/* Consumes n bytes of one line (no line end among them), counting characters. */
static void skip_span(parser *p, size_t n) {
    for (size_t k = 0; k < n; k++)
        if (((unsigned char)p->s[p->i + k] & 0xc0) != 0x80) p->col++;
    p->i += n;
}

/* Length of the run at s[i] that holds none of the bytes in stop (the text holds no NUL:
 * decode refuses it, so strchr never matches stop's terminator). */
static size_t span(const parser *p, const char *stop) {
    size_t n = 0;
    while (p->i + n < p->len && !strchr(stop, p->s[p->i + n])) n++;
    return n;
}

/* Appends to the field unless that takes it past SM_CSV_MAX_CELL: then records the error
 * once (at the cell's start) and drops the rest of the cell. */
static void append(parser *p, const char *s, size_t n, sm_pos start, bool *too_big, record *rec) {
    if (*too_big) return;
    if (p->field.len + n > SM_CSV_MAX_CELL) {
        sm_error(p->diags, start, "cell is too large: at most %d bytes (64 KiB)", SM_CSV_MAX_CELL);
        *too_big = true;
        rec->ok = false;
        return;
    }
    sm_buf_append(&p->field, s, n);
}

/* Reads one field at s[i] into p->field; stops before the comma or line end that ends it. */
static void read_field(parser *p, sm_pos start, record *rec) {
    bool too_big = false;
    p->field.len = 0;
    if (!at_end(p) && p->s[p->i] == '"') {
        skip_span(p, 1);
        for (;;) {
            if (at_end(p)) {
                sm_error(p->diags, start,
                         "unterminated quoted field: the quote opened here is never closed");
                rec->ok = false;
                return;
            }
            size_t n = span(p, "\"\r\n");
            append(p, p->s + p->i, n, start, &too_big, rec);
            skip_span(p, n);
            if (at_line_end(p)) {
                /* Excel writes LF for a line break in a cell: make CRLF and CR the same. */
                append(p, "\n", 1, start, &too_big, rec);
                skip_line_end(p);
            } else if (!at_end(p)) {
                bool doubled = p->i + 1 < p->len && p->s[p->i + 1] == '"';
                if (doubled) append(p, "\"", 1, start, &too_big, rec);
                skip_span(p, doubled ? 2 : 1);
                if (!doubled) break;
            }
        }
        if (at_end(p) || p->s[p->i] == ',' || at_line_end(p)) return;
        sm_error(p->diags, here(p),
                 "unexpected text after the closing quote (write a quote inside a quoted field "
                 "as \"\")");
        rec->ok = false;
        /* Keep the rest as written, so that the row's later fields stay in their columns. */
    }
    size_t n = span(p, ",\r\n");
    append(p, p->s + p->i, n, start, &too_big, rec);
    skip_span(p, n);
}

/* Reads the record at s[i] (not at the end) and the line end after it. Stores the first keep
 * fields in p->fields (copied into the arena); counts the others. */
static void read_record(parser *p, size_t keep, record *rec) {
    *rec = (record){.line = p->line, .blank = true, .ok = true};
    for (;;) {
        sm_pos start = here(p);
        read_field(p, start, rec);
        if (p->field.len > 0) rec->blank = false;
        if (rec->fields < keep) {
            const char *text =
                p->field.len ? sm_arena_strndup(p->arena, p->field.data, p->field.len) : "";
            p->fields[rec->kept++] = (csv_cell){text, start.line, start.col};
        } else if (rec->fields == keep) {
            rec->extra = start;
        }
        rec->fields++;
        if (at_end(p)) return;
        if (p->s[p->i] == ',') {
            skip_span(p, 1);
            continue;
        }
        skip_line_end(p);
        return;
    }
}

/* Reads records until one is not blank (a blank line or ",,,"); false at the end. */
static bool next_record(parser *p, size_t keep, record *rec) {
    while (!at_end(p)) {
        read_record(p, keep, rec);
        /* A blank record with an error (a lone quote at the end) is not skipped silently. */
        if (!rec->blank || !rec->ok) return true;
    }
    return false;
}

/* Whether s[i] starts a space that trimming removes; *n is its length in bytes. */
static bool is_space_at(const char *s, size_t i, size_t len, size_t *n) {
    if (s[i] == ' ' || s[i] == '\t') {
        *n = 1;
        return true;
    }
    /* U+3000 IDEOGRAPHIC SPACE: typed in Japanese input mode, invisible in Excel. */
    if (i + 3 <= len && memcmp(s + i, "\xe3\x80\x80", 3) == 0) {
        *n = 3;
        return true;
    }
    return false;
}

/* s without leading and trailing spaces (see is_space_at); s itself when it has none. */
static const char *trim(sm_arena *arena, const char *s) {
    size_t len = strlen(s), start = 0, n;
    while (start < len && is_space_at(s, start, len, &n)) start += n;
    size_t end = len;
    for (;;) {
        if (end > start && (s[end - 1] == ' ' || s[end - 1] == '\t'))
            end--;
        else if (end >= start + 3 && memcmp(s + end - 3, "\xe3\x80\x80", 3) == 0)
            end -= 3;
        else
            break;
    }
    return start == 0 && end == len ? s : sm_arena_strndup(arena, s + start, end - start);
}

/* Reads and checks the header into t; reports every problem of it. */
static bool read_header(parser *p, sm_table *t) {
    record rec;
    if (!next_record(p, SM_CSV_MAX_COLUMNS, &rec)) {
        sm_error(p->diags, ((sm_pos){p->name, 0, 0}),
                 "the file is empty: the first line must name the columns");
        return false;
    }
    if (rec.fields > SM_CSV_MAX_COLUMNS) {
        sm_error(p->diags, rec.extra, "too many columns: at most %d", SM_CSV_MAX_COLUMNS);
        return false;
    }
    if (!rec.ok) return false; /* diagnosed in read_field */
    t->columns = rec.kept;
    t->header = sm_arena_array(p->arena, rec.kept, sizeof *t->header);
    bool ok = true;
    for (size_t c = 0; c < rec.kept; c++) {
        csv_cell *h = &t->header[c];
        *h = p->fields[c];
        h->text = trim(p->arena, h->text);
        sm_pos pos = {p->name, h->line, h->col};
        if (!*h->text) {
            sm_error(p->diags, pos,
                     "empty column name (column %zu of the header): every column "
                     "needs a name",
                     c + 1);
            ok = false;
            continue;
        }
        for (size_t d = 0; d < c; d++) {
            if (strcmp(t->header[d].text, h->text) == 0) {
                sm_error(p->diags, pos, "duplicate column name '%s' (also column %zu, at %d:%d)",
                         h->text, d + 1, t->header[d].line, t->header[d].col);
                ok = false;
                break;
            }
        }
    }
    return ok;
}

static bool add_row(parser *p, sm_table *t, const record *rec) {
    if (t->row_count == SM_CSV_MAX_ROWS) {
        sm_error(p->diags, ((sm_pos){p->name, rec->line, 1}), "too many rows: at most %d",
                 SM_CSV_MAX_ROWS);
        return false;
    }
    p->cells += rec->kept;
    if (p->cells > SM_CSV_MAX_CELLS) {
        sm_error(p->diags, ((sm_pos){p->name, rec->line, 1}), "too many cells in all: at most %d",
                 SM_CSV_MAX_CELLS);
        return false;
    }
    if (t->row_count == t->row_capacity) {
        size_t capacity = t->row_capacity ? 2 * t->row_capacity : 64;
        t->rows = sm_arena_grow(p->arena, t->rows, t->row_count, capacity, sizeof *t->rows);
        t->row_capacity = capacity;
    }
    csv_row *r = &t->rows[t->row_count++];
    r->line = rec->line;
    r->count = rec->kept;
    r->cells = sm_arena_array(p->arena, rec->kept, sizeof *r->cells);
    memcpy(r->cells, p->fields, rec->kept * sizeof *r->cells);
    r->ok = rec->ok;
    if (rec->fields > t->columns) {
        sm_error(p->diags, rec->extra, "row has %zu fields, but the header has %zu columns",
                 rec->fields, t->columns);
        r->ok = false;
    }
    if (!r->ok) t->bad_rows++;
    return true;
}

sm_table *sm_csv_parse(const char *name, const char *data, size_t size, sm_arena *arena,
                       sm_diags *diags) {
    /* Diagnostics keep the file pointer as given: it must live as long as they do. */
    name = sm_arena_strdup(arena, name);
    if (size > SM_CSV_MAX_FILE) {
        sm_error(diags, ((sm_pos){name, 0, 0}), "the file is too large: at most %d bytes (16 MiB)",
                 SM_CSV_MAX_FILE);
        return NULL;
    }
    sm_table *t = sm_arena_alloc(arena, sizeof *t);
    t->name = name;
    sm_buf text = {0};
    parser p = {.arena = arena, .diags = diags, .name = name, .line = 1, .col = 1};
    p.fields = sm_xmalloc(SM_CSV_MAX_COLUMNS * sizeof *p.fields);
    bool ok = decode(name, data, size, diags, &text, &t->encoding);
    if (ok) {
        p.s = text.data;
        p.len = text.len;
        ok = read_header(&p, t);
    }
    record rec;
    while (ok && next_record(&p, t->columns, &rec)) ok = add_row(&p, t, &rec);
    free(p.fields);
    sm_buf_free(&p.field);
    sm_buf_free(&text);
    return ok ? t : NULL;
}

sm_table *sm_csv_read(const char *path, sm_arena *arena, sm_diags *diags) {
    sm_buf buf = {0};
    /* Named on the command line: anywhere, but a regular file (a FIFO would block). */
    sm_path_status status = sm_path_read(path, NULL, SM_CSV_MAX_FILE, &buf, NULL);
    int err = errno;
    const char *name = sm_arena_strdup(arena, path);
    sm_table *t = NULL;
    if (status == SM_PATH_OK) {
        t = sm_csv_parse(name, buf.data, buf.len, arena, diags);
    } else if (status == SM_PATH_TOO_LARGE) {
        sm_error(diags, ((sm_pos){name, 0, 0}), "the file is too large: at most %d bytes (16 MiB)",
                 SM_CSV_MAX_FILE);
    } else {
        char why[160];
        sm_error(diags, ((sm_pos){name, 0, 0}), "cannot read %s: it %s", name,
                 sm_path_status_text(status, path, err, why, sizeof why));
    }
    sm_buf_free(&buf);
    return t;
}

/* ---- access -------------------------------------------------------------------------- */

const char *sm_table_name(const sm_table *t) { return t->name; }

sm_csv_encoding sm_table_encoding(const sm_table *t) { return t->encoding; }

size_t sm_table_columns(const sm_table *t) { return t->columns; }

const char *sm_table_header(const sm_table *t, size_t col) {
    return col < t->columns ? t->header[col].text : NULL;
}

bool sm_table_find_column(const sm_table *t, const char *name, size_t *col) {
    for (size_t c = 0; c < t->columns; c++) {
        if (strcmp(t->header[c].text, name) == 0) {
            *col = c;
            return true;
        }
    }
    return false;
}

size_t sm_table_rows(const sm_table *t) { return t->row_count; }

size_t sm_table_bad_rows(const sm_table *t) { return t->bad_rows; }

const char *sm_table_cell(const sm_table *t, size_t row, size_t col) {
    if (row >= t->row_count || col >= t->columns) return NULL;
    return col < t->rows[row].count ? t->rows[row].cells[col].text : "";
}

sm_pos sm_table_cell_pos(const sm_table *t, size_t row, size_t col) {
    if (row >= t->row_count) return (sm_pos){t->name, 0, 0};
    const csv_row *r = &t->rows[row];
    if (col >= r->count) return (sm_pos){t->name, r->line, 0};
    return (sm_pos){t->name, r->cells[col].line, r->cells[col].col};
}

int sm_table_row_line(const sm_table *t, size_t row) {
    return row < t->row_count ? t->rows[row].line : 0;
}

bool sm_table_row_ok(const sm_table *t, size_t row) {
    return row < t->row_count && t->rows[row].ok;
}
