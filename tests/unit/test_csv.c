/* test_csv.c: the variant-data CSV reader — encodings as Excel writes them, RFC 4180 syntax,
 * header rules, bad rows and limits, each error with its exact text and line:col. */
#include "base/utf8.h"
#include "base/csv.h"

#include "check.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* One parse with its own arena and diagnostics. */
typedef struct result {
    sm_arena *arena;
    sm_diags diags;
    sm_table *t;
} result;

static result parse_n(const char *data, size_t size) {
    result r;
    r.arena = sm_arena_new();
    sm_diags_init(&r.diags, r.arena);
    r.t = sm_csv_parse("t.csv", data, size, r.arena, &r.diags);
    return r;
}

static result parse(const char *csv) { return parse_n(csv, strlen(csv)); }

static void done(result *r) { sm_arena_free(r->arena); }

static void print_diags(const result *r) {
    for (size_t i = 0; i < r->diags.count; i++) {
        const sm_diag *d = &r->diags.items[i];
        fprintf(stderr, "    [%zu] %s:%d:%d: %s\n", i, d->file, d->line, d->col, d->message);
    }
}

/* Checks diagnostic `index`: an error with this line, column and exact text. */
static void expect_diag_at(const char *file, int line, const result *r, size_t index, int want_line,
                           int want_col, const char *want) {
    const sm_diag *d = index < r->diags.count ? &r->diags.items[index] : NULL;
    int ok = d && d->severity == SM_SEVERITY_ERROR && d->line == want_line && d->col == want_col &&
             strcmp(d->message, want) == 0;
    if (!check_report(ok, file, line, want)) {
        fprintf(stderr, "    expected [%zu] %d:%d: %s\n    got:\n", index, want_line, want_col,
                want);
        print_diags(r);
    }
}
#define EXPECT_DIAG(r, index, line, col, msg)                                                      \
    expect_diag_at(__FILE__, __LINE__, (r), (index), (line), (col), (msg))

/* Parses data and expects a NULL table and exactly one error. */
static void expect_fatal_at(const char *file, int line, const char *data, size_t size,
                            int want_line, int want_col, const char *want) {
    result r = parse_n(data, size);
    check_report(r.t == NULL, file, line, "no table");
    if (!check_report(r.diags.failed && r.diags.count == 1, file, line, "exactly one error")) {
        fprintf(stderr, "    for: %s\n", want);
        print_diags(&r);
    } else {
        expect_diag_at(file, line, &r, 0, want_line, want_col, want);
    }
    done(&r);
}
#define EXPECT_FATAL(csv, line, col, msg)                                                          \
    expect_fatal_at(__FILE__, __LINE__, (csv), strlen(csv), (line), (col), (msg))
#define EXPECT_FATAL_N(data, size, line, col, msg)                                                 \
    expect_fatal_at(__FILE__, __LINE__, (data), (size), (line), (col), (msg))

/* Parses and expects a table without any diagnostic. */
static result expect_ok_at(const char *file, int line, const char *data, size_t size) {
    result r = parse_n(data, size);
    if (!check_report(r.t && r.diags.count == 0, file, line, "parses without diagnostics"))
        print_diags(&r);
    return r;
}
#define EXPECT_OK(csv)          expect_ok_at(__FILE__, __LINE__, (csv), strlen(csv))
#define EXPECT_OK_N(data, size) expect_ok_at(__FILE__, __LINE__, (data), (size))

/* utf8 converted to CP932 with iconv, as Excel on Japanese Windows saves it; free it. */
static char *to_cp932(const char *utf8, size_t *size) {
    iconv_t cd = iconv_open("CP932", "UTF-8");
    if (cd == (iconv_t)-1) {
        perror("iconv_open");
        abort();
    }
    size_t in_left = strlen(utf8), cap = 2 * in_left + 1, out_left = cap;
    char *out = malloc(cap), *o = out, *in = (char *)utf8;
    if (!out || iconv(cd, &in, &in_left, &o, &out_left) == (size_t)-1) {
        perror("iconv to CP932");
        abort();
    }
    iconv_close(cd);
    *size = cap - out_left;
    return out;
}

/* True when data holds the n bytes of needle. */
static bool contains(const char *data, size_t size, const char *needle, size_t n) {
    for (size_t i = 0; i + n <= size; i++)
        if (memcmp(data + i, needle, n) == 0) return true;
    return false;
}

/* ---- encodings ----------------------------------------------------------------------- */

static void test_utf8(void) {
    result r = EXPECT_OK("学校名,住所\n岡山市立北小学校,岡山市北区\nＩＳＥＮ中学校,倉敷市\n");
    if (r.t) {
        CHECK_INT(sm_table_encoding(r.t), SM_CSV_UTF8);
        CHECK_STR(sm_table_name(r.t), "t.csv");
        CHECK_INT(sm_table_columns(r.t), 2);
        CHECK_STR(sm_table_header(r.t, 0), "学校名");
        CHECK_STR(sm_table_header(r.t, 1), "住所");
        CHECK(sm_table_header(r.t, 2) == NULL);
        CHECK_INT(sm_table_rows(r.t), 2);
        CHECK_INT(sm_table_bad_rows(r.t), 0);
        CHECK_STR(sm_table_cell(r.t, 0, 0), "岡山市立北小学校");
        CHECK_STR(sm_table_cell(r.t, 1, 0), "ＩＳＥＮ中学校");
        CHECK_STR(sm_table_cell(r.t, 1, 1), "倉敷市");
        CHECK(sm_table_cell(r.t, 2, 0) == NULL);
        CHECK(sm_table_cell(r.t, 0, 2) == NULL);
        CHECK_INT(sm_table_row_line(r.t, 0), 2);
        CHECK_INT(sm_table_row_line(r.t, 1), 3);
        CHECK(sm_table_row_ok(r.t, 1));
        CHECK(!sm_table_row_ok(r.t, 2));
        /* Columns count characters: ＩＳＥＮ中学校 is 7 of them, then the comma. */
        sm_pos pos = sm_table_cell_pos(r.t, 1, 1);
        CHECK_INT(pos.line, 3);
        CHECK_INT(pos.col, 9);
        CHECK_STR(pos.file, "t.csv");
        size_t col = 99;
        CHECK(sm_table_find_column(r.t, "住所", &col));
        CHECK_INT(col, 1);
        CHECK(!sm_table_find_column(r.t, "電話", &col));
    }
    done(&r);

    /* ASCII only is UTF-8. */
    r = EXPECT_OK("a,b\n1,2");
    if (r.t) CHECK_INT(sm_table_encoding(r.t), SM_CSV_UTF8);
    done(&r);
}

static void test_utf8_bom(void) {
    result r = EXPECT_OK("\xef\xbb\xbf学校名,電話\r\n岡山市立北小学校,086\r\n");
    if (r.t) {
        CHECK_INT(sm_table_encoding(r.t), SM_CSV_UTF8_BOM);
        CHECK_STR(sm_table_header(r.t, 0), "学校名"); /* no BOM glued to the first name */
        CHECK_STR(sm_table_cell(r.t, 0, 1), "086");
        CHECK(sm_table_find_column(r.t, "学校名", &(size_t){0}));
    }
    done(&r);
    /* The BOM does not count as a column. */
    EXPECT_FATAL("\xef\xbb\xbf"
                 "a,a\n",
                 1, 3, "duplicate column name 'a' (also column 1, at 1:1)");
    EXPECT_FATAL("\xef\xbb\xbf"
                 "a,b\n\xff\n",
                 2, 1,
                 "invalid UTF-8 (byte 0xFF) in a file that starts with a UTF-8 byte order mark");
}

static void test_cp932(void) {
    /* 表 ソ 能 end in 0x5C (a backslash in ASCII), ― is 81 5C: right before a quote, a comma
     * and a line end here. */
    const char *utf8 = "学校名,備考,記号\r\n"
                       "岡山市立北小学校,表,\"ソ\"\r\n"
                       "ＩＳＥＮ,\"能\"\"ソ\",～―\r\n"
                       "\"―\",ソ表能,\"表\r\nソ\"\r\n";
    size_t size;
    char *cp932 = to_cp932(utf8, &size);
    CHECK(contains(cp932, size, "\x95\x5c,", 3));        /* 表 then a comma */
    CHECK(contains(cp932, size, "\x83\x5c\"\r", 4));     /* ソ then a closing quote */
    CHECK(contains(cp932, size, "\x81\x60\x81\x5c", 4)); /* ～― as Windows writes them */
    result r = EXPECT_OK_N(cp932, size);
    if (r.t) {
        CHECK_INT(sm_table_encoding(r.t), SM_CSV_CP932);
        CHECK_STR(sm_table_header(r.t, 0), "学校名");
        CHECK_INT(sm_table_rows(r.t), 3);
        CHECK_STR(sm_table_cell(r.t, 0, 0), "岡山市立北小学校");
        CHECK_STR(sm_table_cell(r.t, 0, 1), "表");
        CHECK_STR(sm_table_cell(r.t, 0, 2), "ソ");
        CHECK_STR(sm_table_cell(r.t, 1, 0), "ＩＳＥＮ");
        CHECK_STR(sm_table_cell(r.t, 1, 1), "能\"ソ");
        CHECK_STR(sm_table_cell(r.t, 1, 2), "\xef\xbd\x9e\xe2\x80\x95"); /* U+FF5E U+2015 */
        CHECK_STR(sm_table_cell(r.t, 2, 0), "―");
        CHECK_STR(sm_table_cell(r.t, 2, 1), "ソ表能");
        CHECK_STR(sm_table_cell(r.t, 2, 2), "表\nソ");
        CHECK_INT(sm_table_row_line(r.t, 2), 4);
        /* A double-byte character is one column. */
        sm_pos pos = sm_table_cell_pos(r.t, 2, 2);
        CHECK_INT(pos.line, 4);
        CHECK_INT(pos.col, 9);
    }
    done(&r);
    free(cp932);

    /* Windows' bytes for ～ ― － ∥ decode to Windows' code points, not JIS X 0208's. */
    r = EXPECT_OK("a\n\x81\x60\x81\x5c\x81\x7c\x81\x61\n");
    if (r.t) {
        CHECK_INT(sm_table_encoding(r.t), SM_CSV_CP932);
        CHECK_STR(sm_table_cell(r.t, 0, 0), "～―－∥");
    }
    done(&r);

    /* Positions in a CP932 file count characters of the decoded text. */
    char *bad = to_cp932("学校名,電話,備考\n表ソ,能,x,y\n", &size);
    r = parse_n(bad, size);
    CHECK(r.t && r.diags.count == 1);
    EXPECT_DIAG(&r, 0, 2, 8, "row has 4 fields, but the header has 3 columns");
    if (r.t) CHECK(!sm_table_row_ok(r.t, 0));
    done(&r);
    free(bad);
}

static void test_invalid_bytes(void) {
    /* UTF-8 with one stray Latin-1 byte: UTF-8 gets further, so its position is given. */
    EXPECT_FATAL("学校名,住所\n岡山,北区\nＩＳＥＮ,caf\xe9\n", 3, 9,
                 "not UTF-8 or Shift_JIS (CP932): cannot decode byte 0xE9");
    /* CP932 that breaks off: 0x82 0x20 is no character; CP932 gets further. */
    EXPECT_FATAL("a,b\n\x95\x5c,\x83\x5c\n\x94\x5c\x82 x\n", 3, 2,
                 "not UTF-8 or Shift_JIS (CP932): cannot decode byte 0x82");
    /* A lead byte cut off by the end of the file. */
    EXPECT_FATAL("a\n\x95\x5c\x95", 2, 2,
                 "not UTF-8 or Shift_JIS (CP932): cannot decode byte 0x95");
    EXPECT_FATAL_N("\xff\xfe"
                   "a\0,\0b\0",
                   8, 0, 0,
                   "the file is UTF-16 (Excel's \"Unicode text\"): save it as \"CSV UTF-8\" or "
                   "\"CSV\" instead");
    EXPECT_FATAL_N("a,b\n1,\0\n", 8, 2, 3,
                   "NUL byte: this is not a CSV text file (UTF-16 without a byte order mark?)");
}

/* ---- syntax -------------------------------------------------------------------------- */

static void test_line_ends(void) {
    /* CRLF, LF and CR alone (old Mac Excel), and no line end at the end. */
    result r = EXPECT_OK("a,b\r\n1,2\r\n3,4\n5,6\r7,8");
    if (r.t) {
        CHECK_INT(sm_table_rows(r.t), 4);
        CHECK_STR(sm_table_cell(r.t, 0, 1), "2");
        CHECK_STR(sm_table_cell(r.t, 1, 1), "4");
        CHECK_STR(sm_table_cell(r.t, 2, 1), "6");
        CHECK_STR(sm_table_cell(r.t, 3, 1), "8");
        CHECK_INT(sm_table_row_line(r.t, 3), 5);
    }
    done(&r);
}

static void test_quoted(void) {
    result r = EXPECT_OK("name,note\r\n"
                         "\"岡山市立北小学校\",\"北区, 1-2-3\"\r\n"
                         "\"say \"\"hi\"\"\",\"two\r\nlines\"\r\n"
                         "\"\",\"LF\nand CR\rinside\"\r\n"
                         "5\" disk,x\r\n"
                         "after,multi-line\r\n");
    if (r.t) {
        CHECK_INT(sm_table_rows(r.t), 5);
        CHECK_STR(sm_table_cell(r.t, 0, 0), "岡山市立北小学校");
        CHECK_STR(sm_table_cell(r.t, 0, 1), "北区, 1-2-3");
        CHECK_STR(sm_table_cell(r.t, 1, 0), "say \"hi\"");
        CHECK_STR(sm_table_cell(r.t, 1, 1), "two\nlines");
        CHECK_STR(sm_table_cell(r.t, 2, 0), "");
        CHECK_STR(sm_table_cell(r.t, 2, 1), "LF\nand CR\ninside");
        /* A quote inside an unquoted field is kept as written. */
        CHECK_STR(sm_table_cell(r.t, 3, 0), "5\" disk");
        /* Rows start on the line where they start, after multi-line cells too. */
        CHECK_INT(sm_table_row_line(r.t, 1), 3);
        CHECK_INT(sm_table_row_line(r.t, 2), 5);
        CHECK_INT(sm_table_row_line(r.t, 3), 8);
        CHECK_INT(sm_table_row_line(r.t, 4), 9);
        sm_pos pos = sm_table_cell_pos(r.t, 1, 1);
        CHECK_INT(pos.line, 3);
        CHECK_INT(pos.col, 14);
    }
    done(&r);

    /* Text after a closing quote: a bad row, its later fields still in their columns. */
    r = parse("a,b,c\n\"say \"hi\" now\",2,3\nok,2,3\n");
    CHECK(r.t && r.diags.count == 1);
    EXPECT_DIAG(&r, 0, 2, 7,
                "unexpected text after the closing quote (write a quote inside a quoted field "
                "as \"\")");
    if (r.t) {
        CHECK_INT(sm_table_rows(r.t), 2);
        CHECK(!sm_table_row_ok(r.t, 0));
        CHECK(sm_table_row_ok(r.t, 1));
        CHECK_STR(sm_table_cell(r.t, 0, 0), "say hi\" now\"");
        CHECK_STR(sm_table_cell(r.t, 0, 2), "3");
    }
    done(&r);

    /* An unterminated quote runs to the end: reported where it opened. */
    r = parse("a,b\n1,2\n3,\"open\n4,5\n");
    CHECK(r.t && r.diags.count == 1);
    EXPECT_DIAG(&r, 0, 3, 3, "unterminated quoted field: the quote opened here is never closed");
    if (r.t) {
        CHECK_INT(sm_table_rows(r.t), 2);
        CHECK(sm_table_row_ok(r.t, 0));
        CHECK(!sm_table_row_ok(r.t, 1));
        CHECK_INT(sm_table_bad_rows(r.t), 1);
    }
    done(&r);
}

static void test_missing_cells(void) {
    result r = EXPECT_OK("学校名,住所,電話\n岡山市立北小学校\nＩＳＥＮ,倉敷市\n北,,\n");
    if (r.t) {
        CHECK_INT(sm_table_rows(r.t), 3);
        CHECK_STR(sm_table_cell(r.t, 0, 1), "");
        CHECK_STR(sm_table_cell(r.t, 0, 2), "");
        CHECK_STR(sm_table_cell(r.t, 1, 1), "倉敷市");
        CHECK_STR(sm_table_cell(r.t, 1, 2), "");
        CHECK_STR(sm_table_cell(r.t, 2, 2), "");
        CHECK(sm_table_row_ok(r.t, 0));
        sm_pos pos = sm_table_cell_pos(r.t, 0, 2);
        CHECK_INT(pos.line, 2);
        CHECK_INT(pos.col, 0);
    }
    done(&r);
}

static void test_too_many_cells(void) {
    result r = parse("学校名,住所\n"
                     "岡山市立北小学校,北区\n"
                     "ＩＳＥＮ,倉敷市,086,x\n"
                     "南小学校,南区\n");
    CHECK(r.t != NULL);
    CHECK(r.diags.failed);
    CHECK_INT(r.diags.count, 1);
    EXPECT_DIAG(&r, 0, 3, 10, "row has 4 fields, but the header has 2 columns");
    if (r.t) {
        CHECK_INT(sm_table_rows(r.t), 3);
        CHECK_INT(sm_table_bad_rows(r.t), 1);
        CHECK(sm_table_row_ok(r.t, 0));
        CHECK(!sm_table_row_ok(r.t, 1));
        CHECK(sm_table_row_ok(r.t, 2));
        CHECK_INT(sm_table_row_line(r.t, 1), 3);
        CHECK_STR(sm_table_cell(r.t, 1, 1), "倉敷市");
        CHECK_STR(sm_table_cell(r.t, 2, 0), "南小学校");
    }
    done(&r);
}

static void test_blank_lines(void) {
    /* Blank lines, and ",,," lines (Excel's empty rows), are skipped, also before the header. */
    result r = EXPECT_OK("\r\n\r\na,b,c\r\n1,2,3\r\n\r\n,,\r\n,,,,\r\n4\r\n\"\",\"\"\r\n");
    if (r.t) {
        CHECK_STR(sm_table_header(r.t, 0), "a");
        CHECK_INT(sm_table_rows(r.t), 2);
        CHECK_INT(sm_table_row_line(r.t, 0), 4);
        CHECK_INT(sm_table_row_line(r.t, 1), 8);
        CHECK_STR(sm_table_cell(r.t, 1, 0), "4");
    }
    done(&r);
}

/* ---- header -------------------------------------------------------------------------- */

static void test_header(void) {
    /* Names are trimmed, U+3000 too; cells are not. */
    result r = EXPECT_OK(" 学校名 ,\t住所\xe3\x80\x80,\xe3\x80\x80電話\n 北 , x ,\n");
    if (r.t) {
        CHECK_STR(sm_table_header(r.t, 0), "学校名");
        CHECK_STR(sm_table_header(r.t, 1), "住所");
        CHECK_STR(sm_table_header(r.t, 2), "電話");
        CHECK_STR(sm_table_cell(r.t, 0, 0), " 北 ");
        CHECK_STR(sm_table_cell(r.t, 0, 1), " x ");
    }
    done(&r);

    /* Header only: a table without rows. */
    r = EXPECT_OK("学校名,住所\r\n");
    if (r.t) {
        CHECK_INT(sm_table_columns(r.t), 2);
        CHECK_INT(sm_table_rows(r.t), 0);
        CHECK(!sm_table_row_ok(r.t, 0));
        CHECK_INT(sm_table_row_line(r.t, 0), 0);
    }
    done(&r);
    r = EXPECT_OK("学校名");
    if (r.t) CHECK_INT(sm_table_columns(r.t), 1);
    done(&r);

    EXPECT_FATAL("学校名,住所, 学校名 \n1,2,3\n", 1, 8,
                 "duplicate column name '学校名' (also column 1, at 1:1)");
    EXPECT_FATAL("学校名,,住所\n1,2,3\n", 1, 5,
                 "empty column name (column 2 of the header): every column needs a name");
    EXPECT_FATAL("a,b,\n", 1, 5,
                 "empty column name (column 3 of the header): every column needs a name");
    EXPECT_FATAL("a,\xe3\x80\x80\n", 1, 3,
                 "empty column name (column 2 of the header): every column needs a name");

    /* Every problem of the header is reported, in one run. */
    r = parse("a,b,,a,b\n1\n");
    CHECK(r.t == NULL);
    CHECK_INT(r.diags.count, 3);
    EXPECT_DIAG(&r, 0, 1, 5,
                "empty column name (column 3 of the header): every column needs a name");
    EXPECT_DIAG(&r, 1, 1, 6, "duplicate column name 'a' (also column 1, at 1:1)");
    EXPECT_DIAG(&r, 2, 1, 8, "duplicate column name 'b' (also column 2, at 1:3)");
    done(&r);
}

static void test_empty(void) {
    const char *msg = "the file is empty: the first line must name the columns";
    EXPECT_FATAL("", 0, 0, msg);
    EXPECT_FATAL("\xef\xbb\xbf", 0, 0, msg);
    EXPECT_FATAL("\r\n\n\r\n", 0, 0, msg);
    EXPECT_FATAL(",,\r\n", 0, 0, msg);
}

/* ---- limits -------------------------------------------------------------------------- */

static void test_limits(void) {
    sm_buf buf = {0};

    /* Columns. */
    for (int i = 0; i <= SM_CSV_MAX_COLUMNS; i++) sm_buf_printf(&buf, "%sc%d", i ? "," : "", i);
    sm_buf_puts(&buf, "\n");
    EXPECT_FATAL_N(buf.data, buf.len, 1,
                   1 + (int)strlen("c0,c1,c2,c3,c4,c5,c6,c7,c8,c9,") + 90 * 4 + 156 * 5,
                   "too many columns: at most 256");
    buf.len = 0;
    for (int i = 0; i < SM_CSV_MAX_COLUMNS; i++) sm_buf_printf(&buf, "%sc%d", i ? "," : "", i);
    sm_buf_puts(&buf, "\n");
    result r = EXPECT_OK_N(buf.data, buf.len);
    if (r.t) CHECK_INT(sm_table_columns(r.t), SM_CSV_MAX_COLUMNS);
    done(&r);

    /* A cell: 64 KiB is allowed, one byte more makes a bad row. */
    buf.len = 0;
    sm_buf_puts(&buf, "a,b\nok,\"");
    for (int i = 0; i < SM_CSV_MAX_CELL; i++) sm_buf_putc(&buf, 'x');
    sm_buf_puts(&buf, "\"\n1,");
    for (int i = 0; i <= SM_CSV_MAX_CELL; i++) sm_buf_putc(&buf, 'y');
    sm_buf_puts(&buf, "\n2,3\n");
    r = parse_n(buf.data, buf.len);
    CHECK(r.t && r.diags.count == 1);
    EXPECT_DIAG(&r, 0, 3, 3, "cell is too large: at most 65536 bytes (64 KiB)");
    if (r.t) {
        CHECK_INT(sm_table_rows(r.t), 3);
        CHECK(sm_table_row_ok(r.t, 0));
        CHECK_INT(strlen(sm_table_cell(r.t, 0, 1)), SM_CSV_MAX_CELL);
        CHECK(!sm_table_row_ok(r.t, 1));
        CHECK(sm_table_row_ok(r.t, 2));
        CHECK_STR(sm_table_cell(r.t, 2, 1), "3");
    }
    done(&r);

    /* Rows. */
    buf.len = 0;
    sm_buf_puts(&buf, "n\n");
    for (int i = 0; i < SM_CSV_MAX_ROWS; i++) sm_buf_puts(&buf, "x\n");
    r = EXPECT_OK_N(buf.data, buf.len);
    if (r.t) CHECK_INT(sm_table_rows(r.t), SM_CSV_MAX_ROWS);
    done(&r);
    sm_buf_puts(&buf, "x\n");
    EXPECT_FATAL_N(buf.data, buf.len, SM_CSV_MAX_ROWS + 2, 1, "too many rows: at most 100000");

    /* Cells in all: 50 columns × 80001 rows. */
    buf.len = 0;
    for (int i = 0; i < 50; i++) sm_buf_printf(&buf, "%sc%d", i ? "," : "", i);
    sm_buf_puts(&buf, "\n");
    for (int i = 0; i <= SM_CSV_MAX_CELLS / 50; i++)
        sm_buf_puts(&buf, "x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,"
                          "x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x\n");
    EXPECT_FATAL_N(buf.data, buf.len, SM_CSV_MAX_CELLS / 50 + 2, 1,
                   "too many cells in all: at most 4000000");

    /* The file. */
    sm_buf_free(&buf);
    char *big = calloc(SM_CSV_MAX_FILE + 1, 1);
    EXPECT_FATAL_N(big, SM_CSV_MAX_FILE + 1, 0, 0,
                   "the file is too large: at most 16777216 bytes (16 MiB)");
    free(big);
}

/* ---- files --------------------------------------------------------------------------- */

/* tests/fixtures/csv/NAME, found from this source file's path (CMake compiles it by its
 * absolute path). */
static const char *fixture(const char *name) {
    static char path[4096];
    const char *slash = strrchr(__FILE__, '/');
    int dir = slash ? (int)(slash - __FILE__) : 1;
    snprintf(path, sizeof path, "%.*s/../fixtures/csv/%s", dir, slash ? __FILE__ : ".", name);
    return path;
}

static void test_files(void) {
    /* Both are the same sheet as Excel saves it: "CSV UTF-8" (BOM, CRLF, LF inside a cell)
     * and "CSV" on Japanese Windows (CP932, CRLF). */
    sm_arena *arena = sm_arena_new();
    sm_diags diags;
    sm_diags_init(&diags, arena);
    sm_table *t = sm_csv_read(fixture("excel_utf8_bom.csv"), arena, &diags);
    CHECK(t != NULL);
    CHECK_INT(diags.count, 0);
    if (t) {
        CHECK_INT(sm_table_encoding(t), SM_CSV_UTF8_BOM);
        CHECK_INT(sm_table_columns(t), 4);
        CHECK_INT(sm_table_rows(t), 2);
        CHECK_STR(sm_table_cell(t, 0, 1), "岡山市北区, 1-2-3");
        CHECK_STR(sm_table_cell(t, 0, 3), "1階の\"職員室\"\n平日のみ");
        CHECK_STR(sm_table_cell(t, 1, 0), "ＩＳＥＮ中学校");
        CHECK_STR(sm_table_cell(t, 1, 3), "");
        CHECK_INT(sm_table_row_line(t, 1), 4);
    }
    t = sm_csv_read(fixture("excel_cp932.csv"), arena, &diags);
    CHECK(t != NULL);
    CHECK_INT(diags.count, 0);
    if (t) {
        CHECK_INT(sm_table_encoding(t), SM_CSV_CP932);
        CHECK_STR(sm_table_header(t, 3), "備考");
        CHECK_STR(sm_table_cell(t, 0, 0), "岡山市立北小学校");
        CHECK_STR(sm_table_cell(t, 0, 1), "岡山市北区, 1-2-3");
        CHECK_STR(sm_table_cell(t, 0, 3), "表ソ能～―");
        CHECK_STR(sm_table_cell(t, 1, 0), "ＩＳＥＮ中学校");
        CHECK_INT(sm_table_row_line(t, 1), 3);
    }

    /* Unreadable: missing, a directory. */
    CHECK(sm_csv_read("/nonexistent/schools.csv", arena, &diags) == NULL);
    CHECK_INT(diags.count, 1);
    if (diags.count == 1) {
        CHECK_STR(diags.items[0].message,
                  "cannot read /nonexistent/schools.csv: it does not exist");
        CHECK_INT(diags.items[0].line, 0);
        CHECK_STR(diags.items[0].file, "/nonexistent/schools.csv");
    }
    char dir[] = "/tmp/sm_csv_XXXXXX";
    if (CHECK(mkdtemp(dir) != NULL)) {
        CHECK(sm_csv_read(dir, arena, &diags) == NULL);
        CHECK_INT(diags.count, 2);
        if (diags.count == 2)
            CHECK(strstr(diags.items[1].message, "is not a regular file (a directory)") != NULL);

        /* A file written here, read back: the name in positions is the path. */
        char path[64];
        snprintf(path, sizeof path, "%s/s.csv", dir);
        FILE *f = fopen(path, "wb");
        if (CHECK(f != NULL)) {
            fputs("a\n1,2\n", f);
            fclose(f);
            t = sm_csv_read(path, arena, &diags);
            CHECK(t && !sm_table_row_ok(t, 0));
            CHECK_INT(diags.count, 3);
            if (diags.count == 3) {
                CHECK_STR(diags.items[2].file, path);
                CHECK_INT(diags.items[2].line, 2);
                CHECK_INT(diags.items[2].col, 3);
            }
            unlink(path);
        }
        rmdir(dir);
    }
    sm_arena_free(arena);
}

int main(void) {
    test_utf8();
    test_utf8_bom();
    test_cp932();
    test_invalid_bytes();
    test_line_ends();
    test_quoted();
    test_missing_cells();
    test_too_many_cells();
    test_blank_lines();
    test_header();
    test_empty();
    test_limits();
    test_files();
    return check_done();
}
