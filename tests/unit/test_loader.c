/* test_loader.c: the load stage — exact diagnostics with line:col for each kind of mistake,
 * and the model it builds from good input. */
#include "load/load.h"
#include "load/validate.h"
#include "load/yaml_tree.h"
#include "model/doc.h"

#include "check.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static sm_doc *load_n(const char *data, size_t size) {
    sm_doc *doc = sm_doc_new();
    sm_doc_load_buffer(doc, "t.yaml", NULL, data, size);
    return doc;
}

static sm_doc *load(const char *yaml) { return load_n(yaml, strlen(yaml)); }

static void print_diags(const sm_doc *doc) {
    for (size_t i = 0; i < sm_doc_diag_count(doc); i++) {
        const sm_diag *d = sm_doc_diag_at(doc, i);
        fprintf(stderr, "    [%zu] %s:%d:%d: %s\n", i, d->file, d->line, d->col, d->message);
    }
}

/* Checks diagnostic `index` of doc: its line, column and exact text. */
static void expect_diag_at(const char *file, int line, const sm_doc *doc, size_t index,
                           int want_line, int want_col, const char *want) {
    const sm_diag *d = sm_doc_diag_at(doc, index);
    int ok = d && d->line == want_line && d->col == want_col && strcmp(d->message, want) == 0;
    if (!check_report(ok, file, line, want)) {
        fprintf(stderr, "    expected [%zu] %d:%d: %s\n    got:\n", index, want_line, want_col,
                want);
        print_diags(doc);
    }
}
#define EXPECT_DIAG(doc, index, line, col, msg)                                                    \
    expect_diag_at(__FILE__, __LINE__, (doc), (index), (line), (col), (msg))

/* Loads data and expects it to fail with exactly one error. */
static void expect_error_at(const char *file, int line, const char *data, size_t size,
                            int want_line, int want_col, const char *want) {
    sm_doc *doc = load_n(data, size);
    if (!check_report(sm_doc_failed(doc) && sm_doc_diag_count(doc) == 1, file, line,
                      "exactly one error")) {
        fprintf(stderr, "    for: %s\n", want);
        print_diags(doc);
    } else {
        expect_diag_at(file, line, doc, 0, want_line, want_col, want);
    }
    CHECK(doc->definition == NULL);
    sm_doc_free(doc);
}
#define EXPECT_ERROR(yaml, line, col, msg)                                                         \
    expect_error_at(__FILE__, __LINE__, (yaml), strlen(yaml), (line), (col), (msg))
#define EXPECT_ERROR_N(data, size, line, col, msg)                                                 \
    expect_error_at(__FILE__, __LINE__, (data), (size), (line), (col), (msg))

static sm_doc *expect_ok_at(const char *file, int line, const char *yaml) {
    sm_doc *doc = load(yaml);
    if (!check_report(!sm_doc_failed(doc) && doc->definition && sm_doc_diag_count(doc) == 0, file,
                      line, "loads without diagnostics"))
        print_diags(doc);
    return doc;
}
#define EXPECT_OK(yaml) expect_ok_at(__FILE__, __LINE__, (yaml))

#define PAGE "kind: page\ntitle: テスト\n"

/* ---- errors ------------------------------------------------------------------------ */

static void test_unknown_key(void) {
    EXPECT_ERROR(PAGE "body:\n"
                      "  - image: a.svg\n"
                      "    alt: x\n"
                      "    colour: red\n",
                 6, 5, "unknown key 'colour' in image; did you mean 'color'?");
    EXPECT_ERROR(PAGE "body: []\nsubtitel: x\n", 4, 1, "unknown key 'subtitel' in page");
    EXPECT_ERROR("kind: poster\ntitle: x\nsteps: []\nsubtitel: x\n", 4, 1,
                 "unknown key 'subtitel' in poster; did you mean 'subtitle'?");
    /* Keys are matched exactly; a different case gets a suggestion. */
    EXPECT_ERROR(PAGE "body: []\nPaper: A4\n", 4, 1,
                 "unknown key 'Paper' in page; did you mean 'paper'?");
}

static void test_wrong_type(void) {
    EXPECT_ERROR("kind: page\ntitle: [a, b]\nbody: []\n", 2, 8, "expected a text, got a list");
    EXPECT_ERROR("kind: page\ntitle:\n  a: b\nbody: []\n", 3, 3, "expected a text, got a mapping");
    EXPECT_ERROR(PAGE "body: x\n", 3, 7, "expected a list, got 'x'");
    EXPECT_ERROR(PAGE "body: []\nmeta: [a]\n", 4, 7, "expected a mapping, got a list");
    EXPECT_ERROR(PAGE "body:\n  - grid: []\n    columns: two\n", 5, 14,
                 "expected an integer, got 'two'");
    EXPECT_ERROR(PAGE "body:\n  - grid: []\n    columns: 1.5\n", 5, 14,
                 "expected an integer, got '1.5'");
    EXPECT_ERROR(PAGE "body:\n  - text: x\n    weight: 0x10\n", 5, 13,
                 "expected a number, got '0x10'");
    EXPECT_ERROR(PAGE "body:\n  - text: x\n    bold: yes\n", 5, 11,
                 "'yes' is not a boolean here; use true or false");
    EXPECT_ERROR(PAGE "body:\n  - text: x\n    bold: maybe\n", 5, 11,
                 "expected true or false, got 'maybe'");
    /* An empty value is YAML's null: it is not an empty string. */
    EXPECT_ERROR(PAGE "body: []\nfooter:\n", 4, 8, "expected a text, got nothing");
    EXPECT_ERROR(PAGE "body: []\nfooter: ~\n", 4, 9, "expected a text, got nothing");
    /* Numbers and booleans are text as written. */
    sm_doc *doc = EXPECT_OK(PAGE "body: []\nfooter: 2024\nmeta:\n  author: true\n");
    if (doc->definition) {
        CHECK_STR(sm_object_str(doc->definition, "footer", NULL), "2024");
        CHECK_STR(sm_object_str(sm_object_get(doc->definition, "meta")->as.object, "author", NULL),
                  "true");
    }
    sm_doc_free(doc);
    doc = EXPECT_OK(PAGE "body: []\nfooter: \"\"\n");
    if (doc->definition) CHECK_STR(sm_object_str(doc->definition, "footer", NULL), "");
    sm_doc_free(doc);
}

static void test_range(void) {
    EXPECT_ERROR(PAGE "body:\n  - heading: h\n    max-lines: 11\n", 5, 16,
                 "'max-lines' must be between 1 and 10, got 11");
    EXPECT_ERROR(PAGE "body:\n  - text: x\n    size: 500pt\n", 5, 11,
                 "'size' must be between 1pt and 400pt, got 500pt");
    EXPECT_ERROR(PAGE "body:\n  - text: x\n    line-height: 0.5\n", 5, 18,
                 "'line-height' must be between 0.8 and 4, got 0.5");
    EXPECT_ERROR(PAGE "body:\n  - rule: -1mm\n", 4, 11, "'rule' must not be negative, got -1mm");
    EXPECT_ERROR(PAGE "body:\n  - rule: 51mm\n", 4, 11,
                 "'rule' must be between 0mm and 50mm, got 51mm");
    /* Lengths without a range of their own: never negative, never past any paper, and
     * written as plain decimals (no hex, exponents, inf or nan). */
    EXPECT_ERROR(PAGE "body:\n  - text: x\n    width: -50mm\n", 5, 12,
                 "'width' must not be negative, got -50mm");
    EXPECT_ERROR(PAGE "body:\n  - text: x\n    width: 3000mm\n", 5, 12,
                 "'width' is too large: at most 2000mm, got 3000mm");
    EXPECT_ERROR(PAGE "body:\n  - text: x\n    width: 2000%\n", 5, 12,
                 "'width' is too large: at most 1000%, got 2000%");
    EXPECT_ERROR(PAGE "body:\n  - text: x\n    width: 1e308mm\n", 5, 12,
                 "bad length '1e308mm'; expected a number with a unit");
    EXPECT_ERROR(PAGE "body:\n  - text: x\n    size: 0x10pt\n", 5, 11,
                 "bad length '0x10pt'; expected a number with a unit");
    EXPECT_ERROR(PAGE "body:\n  - text: x\n    width: infmm\n", 5, 12,
                 "bad length 'infmm'; expected a number with a unit");
}

static void test_enum(void) {
    EXPECT_ERROR(PAGE "body: []\npaper: a4\n", 4, 8,
                 "unknown paper 'a4' (one of A3, A4, A5, B4, B5, custom); did you mean 'A4'?");
    EXPECT_ERROR(
        PAGE "body:\n  - text: x\n    align: centre\n", 5, 12,
        "unknown align 'centre' (one of left, center, right, justify); did you mean 'center'?");
    EXPECT_ERROR(PAGE "body:\n  - list: [a]\n    numbering: roman\n", 5, 16,
                 "unknown numbering 'roman' (one of decimal, circled, bullet, none)");
}

static void test_colour(void) {
    EXPECT_ERROR(PAGE "body:\n  - text: x\n    color: '#12'\n", 5, 12,
                 "bad colour '#12'; expected #rgb or #rrggbb");
    EXPECT_ERROR(PAGE "body:\n  - text: x\n    color: Deep Red\n", 5, 12,
                 "bad colour 'Deep Red'; expected #rgb, #rrggbb, a colour name or a theme colour");
    sm_doc *doc = EXPECT_OK(PAGE "body:\n"
                                 "  - text: a\n    color: '#336699'\n"
                                 "  - text: b\n    color: Navy\n"
                                 "  - text: c\n    color: brand-blue2\n");
    if (doc->definition) {
        const sm_value *body = sm_object_get(doc->definition, "body");
        CHECK_INT(body->as.list.count, 3);
        const sm_value *c0 = sm_object_get(body->as.list.items[0].as.object, "color");
        CHECK(c0->as.color.literal);
        CHECK_NEAR(c0->as.color.rgba.g, 0x66 / 255.0, 1e-9);
        const sm_value *c1 = sm_object_get(body->as.list.items[1].as.object, "color");
        CHECK(c1->as.color.literal);
        CHECK_STR(c1->as.color.name, "Navy");
        const sm_value *c2 = sm_object_get(body->as.list.items[2].as.object, "color");
        CHECK(!c2->as.color.literal);
        CHECK_STR(c2->as.color.name, "brand-blue2");
    }
    sm_doc_free(doc);
}

static void test_length(void) {
    EXPECT_ERROR(PAGE "body: []\nmargin: 12px\n", 4, 9,
                 "bad length '12px'; unknown unit (use mm, pt, %, em)");
    EXPECT_ERROR(PAGE "body: []\nmargin: 12\n", 4, 9,
                 "bad length '12'; a length needs a unit (mm, pt, %, em)");
    EXPECT_ERROR(PAGE "body: []\nmargin: 2em\n", 4, 9, "bad length '2em'; em is not allowed here");
    EXPECT_ERROR(PAGE "body: []\nmargin: [1mm]\n", 4, 9, "expected a length, got a list");
}

static void test_point(void) {
    EXPECT_ERROR(PAGE "body:\n  - text: x\n    place: [1mm, 2mm, 3mm]\n", 5, 12,
                 "expected a point [x, y], got 3 items");
    EXPECT_ERROR(PAGE "body:\n  - text: x\n    place: 1mm\n", 5, 12,
                 "expected a point [x, y], got '1mm'");
    EXPECT_ERROR(PAGE "body:\n  - text: x\n    place: [1mm, 2px]\n", 5, 18,
                 "bad length '2px'; unknown unit (use mm, pt, %, em)");
}

static void test_date(void) {
    EXPECT_ERROR(PAGE "body: []\nmeta:\n  date: 2024-02-30\n", 5, 9,
                 "bad date '2024-02-30'; no such day in the calendar");
    EXPECT_ERROR(PAGE "body: []\nmeta:\n  date: 2024/02/03\n", 5, 9,
                 "bad date '2024/02/03'; expected YYYY-MM-DD");
    sm_doc *doc = EXPECT_OK(PAGE "body: []\nmeta:\n  date: 2024-02-29\n");
    sm_doc_free(doc);
}

static void test_missing_required(void) {
    EXPECT_ERROR(PAGE "body:\n  - image: a.svg\n", 4, 5, "missing required key 'alt' in image");
    EXPECT_ERROR("kind: page\nbody: []\n", 1, 1, "missing required key 'title' in page");
    EXPECT_ERROR("kind: checksheet\ntitle: x\nscene:\n  image: s.svg\nhazards: []\n"
                 "explanation: e\n",
                 4, 3, "missing required key 'alt' in scene");
}

static void test_kind(void) {
    EXPECT_ERROR("title: x\nbody: []\n", 1, 1,
                 "missing required key 'kind' (one of page, poster, checksheet, document, pack)");
    EXPECT_ERROR("kind: postr\ntitle: x\n", 1, 7,
                 "unknown kind 'postr' (one of page, poster, checksheet, document, pack); did you "
                 "mean 'poster'?");
    EXPECT_ERROR(
        "kind: CheckSheet\ntitle: x\n", 1, 7,
        "unknown kind 'CheckSheet' (one of page, poster, checksheet, document, pack); did you mean "
        "'checksheet'?");
    EXPECT_ERROR("- kind: page\n", 1, 1,
                 "the definition must be a mapping of keys (kind: …, title: …), got a list");
    EXPECT_ERROR("just text\n", 1, 1,
                 "the definition must be a mapping of keys (kind: …, title: …), got a single "
                 "value");
}

static void test_elements(void) {
    EXPECT_ERROR(PAGE "body:\n  - txt: hello\n", 4, 5,
                 "element needs one of: text, heading, image, box, stack, row, grid, list, "
                 "lines, rule, space, table, qr, page-break, glossary, flow, section, chart; did "
                 "you mean 'text'?");
    EXPECT_ERROR(PAGE "body:\n  - {width: 50%}\n", 4, 5,
                 "element needs one of: text, heading, image, box, stack, row, grid, list, "
                 "lines, rule, space, table, qr, page-break, glossary, flow, section, chart");
    EXPECT_ERROR(PAGE "body:\n  - text: a\n    image: b.svg\n", 5, 5,
                 "an element has one type, but this one has 'text' and 'image' (make them two "
                 "list items)");
    EXPECT_ERROR(PAGE "body:\n  -\n", 4, 4, "expected an element, got nothing");
    EXPECT_ERROR(PAGE "body:\n  - [a]\n", 4, 5, "expected an element, got a list");
    /* Nested: errors inside a box inside a row. */
    EXPECT_ERROR(PAGE "body:\n  - row:\n      - box:\n          - text: x\n            colr: red\n",
                 7, 13, "unknown key 'colr' in text; did you mean 'color'?");
}

static void test_duplicates(void) {
    EXPECT_ERROR(PAGE "body: []\ntitle: again\n", 4, 1,
                 "duplicate key 'title' (first given at 2:1)");
    EXPECT_ERROR(PAGE "body: []\nvars:\n  a: 1\n  b: 2\n  a: 3\n", 7, 3,
                 "duplicate key 'a' (first given at 5:3)");
}

static void test_yaml_refusals(void) {
    EXPECT_ERROR("kind: page\ntitle: &t x\nbody: []\n", 2, 8,
                 "YAML anchors are not supported (write the value out)");
    EXPECT_ERROR("kind: page\ntitle: x\nfooter: *t\nbody: []\n", 3, 9,
                 "YAML aliases are not supported (write the value out)");
    /* Both refused, each at its place, in one run. */
    sm_doc *doc = load("kind: page\ntitle: &t x\nfooter: *t\nbody: []\n");
    CHECK_INT(sm_doc_diag_count(doc), 2);
    EXPECT_DIAG(doc, 0, 2, 8, "YAML anchors are not supported (write the value out)");
    EXPECT_DIAG(doc, 1, 3, 9, "YAML aliases are not supported (write the value out)");
    sm_doc_free(doc);

    EXPECT_ERROR(PAGE "body: []\n---\nkind: page\n", 4, 1,
                 "a second YAML document starts here; a file holds one definition");
    EXPECT_ERROR("", 0, 0, "the definition is empty");
    EXPECT_ERROR("# nothing yet\n\n", 0, 0, "the definition is empty");
    EXPECT_ERROR("---\n~\n", 0, 0, "the definition is empty");
    EXPECT_ERROR(PAGE "body: []\nfooter: \"a\\0b\"\n", 4, 9,
                 "a NUL character is not allowed in text");
}

static void test_syntax_errors(void) {
    EXPECT_ERROR("kind: page\ntitle: a: b\n", 2, 9,
                 "YAML syntax error: mapping values are not allowed in this context");
    EXPECT_ERROR("kind: page\ntitle: x\nbody:\n  - text: a\n - text: b\n", 5, 2,
                 "YAML syntax error: did not find expected key (while parsing a block mapping at "
                 "1:1)");
    EXPECT_ERROR("kind: page\ntitle: \"open\n", 3, 1,
                 "YAML syntax error: found unexpected end of stream (while scanning a quoted "
                 "scalar at 2:8)");
    EXPECT_ERROR("kind: page\n\ttitle: x\n", 2, 1,
                 "YAML syntax error: found a tab character that violates indentation (while "
                 "scanning a plain scalar at 1:7) (indent with spaces, not tabs)");
    EXPECT_ERROR("kind: page\ntitle: [a, b\n", 3, 1,
                 "YAML syntax error: did not find expected ',' or ']' (while parsing a flow "
                 "sequence at 2:8)");
}

static void test_encoding(void) {
    /* Shift_JIS 「東」 (0x93 0x8C): the position is that of the first bad byte, counting the
     * UTF-8 characters before it on its line. */
    EXPECT_ERROR("kind: page\ntitle: \x93\x8c\n", 2, 8,
                 "the file is not UTF-8 (byte 0x93); save it as UTF-8 (Shift_JIS/CP932 files "
                 "must be converted)");
    EXPECT_ERROR("kind: page\ntitle: あい\x93\x8c\n", 2, 10,
                 "the file is not UTF-8 (byte 0x93); save it as UTF-8 (Shift_JIS/CP932 files "
                 "must be converted)");
    EXPECT_ERROR("kind: page\r\ntitle: x\r\nfooter: \xff\r\n", 3, 9,
                 "the file is not UTF-8 (byte 0xFF); save it as UTF-8 (Shift_JIS/CP932 files "
                 "must be converted)");
    static const char utf16le[] = "\xFF\xFEk\0i\0n\0d\0";
    EXPECT_ERROR_N(utf16le, sizeof utf16le - 1, 1, 1, "the file is UTF-16; save it as UTF-8");
    static const char utf16be[] = "\xFE\xFF\0k\0i";
    EXPECT_ERROR_N(utf16be, sizeof utf16be - 1, 1, 1, "the file is UTF-16; save it as UTF-8");
    static const char nul[] = "k\0i\0n\0d\0";
    EXPECT_ERROR_N(nul, sizeof nul - 1, 1, 2,
                   "the file is not UTF-8 text (it contains NUL bytes, as UTF-16 files do); save "
                   "it as UTF-8");

    /* A UTF-8 BOM is accepted and not counted in columns. */
    sm_doc *doc = EXPECT_OK("\xEF\xBB\xBF" PAGE "body: []\n");
    CHECK(doc->source && strncmp(doc->source, "kind:", 5) == 0);
    sm_doc_free(doc);
    EXPECT_ERROR("\xEF\xBB\xBFkind: pagex\ntitle: x\n", 1, 7,
                 "unknown kind 'pagex' (one of page, poster, checksheet, document, pack); did you "
                 "mean 'page'?");
}

static void test_limits(void) {
    /* Depth: the root mapping is level 1 and vars level 2, so the 63rd '[' opens level 65. */
    char deep[512];
    int n = snprintf(deep, sizeof deep, PAGE "body: []\nvars:\n  a: ");
    for (int i = 0; i < 70; i++) deep[n++] = '[';
    for (int i = 0; i < 70; i++) deep[n++] = ']';
    deep[n++] = '\n';
    deep[n] = '\0';
    EXPECT_ERROR(deep, 5, 6 + 62, "nested too deeply: at most 64 levels of lists and mappings");

    /* Node count. */
    size_t cap = 16 + 2 * (SM_YAML_MAX_NODES + 10);
    char *many = malloc(cap);
    size_t len = (size_t)snprintf(many, cap, "[");
    for (int i = 0; i < SM_YAML_MAX_NODES + 5; i++)
        len += (size_t)snprintf(many + len, cap - len, "0,");
    many[len++] = ']';
    EXPECT_ERROR_N(many, len, 1, 2 + 2 * (SM_YAML_MAX_NODES - 1),
                   "too many values: a definition may hold at most 100000");
    free(many);

    /* Scalar size. */
    size_t big = SM_YAML_MAX_SCALAR + 1;
    char *scalar = malloc(big + 64);
    len = (size_t)snprintf(scalar, 64, PAGE "footer: ");
    memset(scalar + len, 'x', big);
    len += big;
    scalar[len++] = '\n';
    EXPECT_ERROR_N(scalar, len, 3, 9, "value too long: at most 1048576 bytes (1 MiB)");
    free(scalar);

    /* File size: the position is where the limit is crossed. */
    size_t huge = SM_YAML_MAX_FILE + 2;
    char *file = malloc(huge);
    memset(file, '#', huge);
    file[0] = '\n';
    EXPECT_ERROR_N(file, huge, 2, SM_YAML_MAX_FILE,
                   "the file is too large: at most 8388608 bytes (8 MiB)");
    free(file);
}

static void test_several_errors(void) {
    sm_doc *doc = load(PAGE "paper: A5x\n"
                            "body:\n"
                            "  - text: a\n"
                            "    colour: red\n"
                            "  - image: b.svg\n"
                            "  - heading: h\n"
                            "    max-lines: 0\n"
                            "margn: 5mm\n");
    CHECK(sm_doc_failed(doc));
    CHECK_INT(sm_doc_diag_count(doc), 5);
    EXPECT_DIAG(doc, 0, 3, 8,
                "unknown paper 'A5x' (one of A3, A4, A5, B4, B5, custom); did you mean 'A5'?");
    EXPECT_DIAG(doc, 1, 6, 5, "unknown key 'colour' in text; did you mean 'color'?");
    EXPECT_DIAG(doc, 2, 7, 5, "missing required key 'alt' in image");
    EXPECT_DIAG(doc, 3, 9, 16, "'max-lines' must be between 1 and 10, got 0");
    EXPECT_DIAG(doc, 4, 10, 1, "unknown key 'margn' in page; did you mean 'margin'?");
    CHECK(doc->definition == NULL);
    sm_doc_free(doc);

    /* The diagnostics layer keeps at most SM_DIAG_MAX. */
    char text[8192] = PAGE "body:\n";
    for (int i = 0; i < 60; i++) strcat(text, "  - text: x\n    colr: red\n");
    doc = load(text);
    CHECK_INT(sm_doc_diag_count(doc), SM_DIAG_MAX);
    CHECK_INT(doc->diags.dropped, 10);
    sm_doc_free(doc);
}

/* ---- good input -------------------------------------------------------------------- */

static void test_defaults_and_given(void) {
    sm_doc *doc = EXPECT_OK(PAGE "body:\n  - image: a.svg\n    alt: 職員室\n");
    if (doc->definition) {
        const sm_object *def = doc->definition;
        CHECK_STR(doc->file, "t.yaml");
        CHECK(doc->definition->schema == sm_schema_kind("page"));
        const sm_value *title = sm_object_get(def, "title");
        CHECK(title->given);
        CHECK_INT(title->pos.line, 2);
        CHECK_INT(title->pos.col, 8);
        CHECK_STR(title->as.str, "テスト");

        const sm_value *paper = sm_object_get(def, "paper");
        CHECK(!paper->given);
        CHECK(paper->field != NULL);
        CHECK_STR(sm_object_choice(def, "paper", NULL), "A4");
        CHECK_STR(sm_object_choice(def, "orientation", NULL), "portrait");
        const sm_value *margin = sm_object_get(def, "margin");
        CHECK_INT(margin->as.length.unit, SM_UNIT_MM);
        CHECK_NEAR(margin->as.length.value, 15, 0);
        CHECK(!sm_object_has(def, "theme"));
        CHECK(sm_object_get(def, "theme")->field == NULL);

        const sm_value *body = sm_object_get(def, "body");
        CHECK_INT(body->as.list.count, 1);
        const sm_object *image = body->as.list.items[0].as.object;
        CHECK(image->schema == sm_schema_element("image"));
        CHECK_INT(image->pos.line, 4);
        CHECK_INT(image->pos.col, 5);
        const sm_value *size = sm_object_get(image, "marker-size");
        CHECK(size->field != NULL);
        CHECK(!size->given);
        CHECK_INT(size->as.length.unit, SM_UNIT_PERCENT);
        CHECK_NEAR(size->as.length.value, 5, 0);
        CHECK_INT(size->pos.line, 4); /* a default sits at its object */
        const sm_value *mc = sm_object_get(image, "marker-color");
        CHECK(!mc->as.color.literal);
        CHECK_STR(mc->as.color.name, "accent");
        CHECK_STR(sm_object_choice(image, "valign", NULL), "top");
        CHECK(!sm_object_has(image, "markers"));
        CHECK_STR(sm_object_str(image, "image", NULL), "a.svg");
        CHECK(sm_object_get(image, "image")->given);
    }
    sm_doc_free(doc);
}

static void test_shorthand_and_styles(void) {
    sm_doc *doc = EXPECT_OK(PAGE "body:\n"
                                 "  - 段落です\n"
                                 "  - \"quoted\"\n"
                                 "  - text: |\n      block\n"
                                 "  - heading: 見出し\n    max-lines: 2\n");
    if (doc->definition) {
        const sm_value *body = sm_object_get(doc->definition, "body");
        CHECK_INT(body->as.list.count, 4);
        const sm_object *t0 = body->as.list.items[0].as.object;
        CHECK(t0->schema == sm_schema_element("text"));
        const sm_value *v0 = sm_object_get(t0, "text");
        CHECK_STR(v0->as.str, "段落です");
        CHECK(v0->given);
        CHECK_INT(v0->style, SM_SCALAR_PLAIN);
        CHECK_INT(v0->pos.line, 4);
        CHECK_INT(v0->pos.col, 5);
        /* Byte 3 is the second character: one column on. */
        CHECK_INT(sm_value_pos_at(v0, 3).col, 6);

        const sm_value *v1 = sm_object_get(body->as.list.items[1].as.object, "text");
        CHECK_INT(v1->style, SM_SCALAR_QUOTED);
        CHECK_INT(v1->pos.col, 5);
        CHECK_INT(sm_value_pos_at(v1, 0).col, 6);

        const sm_value *v2 = sm_object_get(body->as.list.items[2].as.object, "text");
        CHECK_INT(v2->style, SM_SCALAR_BLOCK);
        CHECK_STR(v2->as.str, "block\n");

        const sm_object *h = body->as.list.items[3].as.object;
        CHECK(h->schema == sm_schema_element("heading"));
        CHECK_NEAR(sm_object_number(h, "max-lines", 0), 2, 0);
        CHECK_STR(sm_object_choice(h, "fit", NULL), "shrink");
    }
    sm_doc_free(doc);
}

/* The text of body item i (a text element). */
static const sm_value *body_text(sm_doc *doc, size_t i) {
    const sm_value *body = sm_object_get(doc->definition, "body");
    return sm_object_get(body->as.list.items[i].as.object, "text");
}

/* Issue: a space typed between Japanese characters was dropped with the folds. The loader
 * reads the source: only line breaks YAML folded into a space between Japanese characters
 * go; typed spaces, folds beside Latin text and \n of block scalars stay. */
static void test_folds(void) {
    sm_doc *doc = EXPECT_OK(PAGE "body:\n"
                                 "  - 髙橋 一郎\n"                                /* 0 */
                                 "  - 情報の\n      漏えいを  防ぐ\n      Word\n" /* 1 */
                                 "  - text: >\n      一行目\n      二行目 の\n"   /* 2 */
                                 "  - \"引用の\n      中 身\"\n"                  /* 3 */
                                 "  - '単一の\n      引用''です'\n"               /* 4 */
                                 "  - \"継続\\\n      あ\\u3044 う\"\n"           /* 5 */
                                 "  - text: |\n      リテラル\n      ブロック\n"  /* 6 */
                                 "  - 一\n\n      二\n");                         /* 7 */
    if (doc->definition) {
        CHECK_STR(body_text(doc, 0)->as.str, "髙橋 一郎");
        CHECK_STR(body_text(doc, 1)->as.str, "情報の漏えいを  防ぐ Word");
        CHECK_STR(body_text(doc, 2)->as.str, "一行目二行目 の\n");
        CHECK_STR(body_text(doc, 3)->as.str, "引用の中 身");
        CHECK_STR(body_text(doc, 4)->as.str, "単一の引用'です");
        CHECK_STR(body_text(doc, 5)->as.str, "継続あい う");
        CHECK_STR(body_text(doc, 6)->as.str, "リテラル\nブロック\n");
        CHECK_STR(body_text(doc, 7)->as.str, "一\n二"); /* an empty line is a line break */
        /* Positions inside later lines map back to their line and column. */
        const sm_value *v = body_text(doc, 1);
        const char *at = strstr(v->as.str, "防ぐ");
        sm_pos p = sm_value_pos_at(v, (size_t)(at - v->as.str));
        CHECK_INT(p.line, 6);
        CHECK_INT(p.col, 13);
        v = body_text(doc, 2);
        p = sm_value_pos_at(v, strlen("一行目二行目"));
        CHECK_INT(p.line, 10);
        CHECK_INT(p.col, 10);
        p = sm_value_pos_at(v, 0);
        CHECK_INT(p.line, 9);
        CHECK_INT(p.col, 7);
    }
    sm_doc_free(doc);
}

static void test_map_and_point(void) {
    sm_doc *doc = EXPECT_OK("kind: checksheet\n"
                            "title: セキュリティ危険予測シート(1)\n"
                            "vars:\n  school: 第一中学校\n  b: 2\n  a: 1\n"
                            "scene:\n  image: s.svg\n  alt: 職員室\n"
                            "hazards:\n"
                            "  - at: [18%, 22.5%]\n    item: 書類\n    risk: 落下\n"
                            "explanation: >\n  説明。\n");
    if (doc->definition) {
        const sm_value *vars = sm_object_get(doc->definition, "vars");
        CHECK_INT(vars->as.list.count, 3);
        CHECK_STR(vars->as.list.keys[0], "school");
        CHECK_STR(vars->as.list.keys[1], "b");
        CHECK_STR(vars->as.list.keys[2], "a");
        /* A bare value is the variable's default (the shorthand of a declaration). */
        const sm_object *school = vars->as.list.items[0].as.object;
        CHECK_STR(sm_object_str(school, "default", NULL), "第一中学校");
        CHECK_STR(sm_object_choice(school, "type", NULL), "text");
        CHECK(!sm_object_flag(school, "required", true));
        CHECK_STR(sm_object_str(vars->as.list.items[2].as.object, "default", NULL), "1");

        const sm_value *hazards = sm_object_get(doc->definition, "hazards");
        CHECK_INT(hazards->as.list.count, 1);
        const sm_value *at = sm_object_get(hazards->as.list.items[0].as.object, "at");
        CHECK_INT(at->as.point[0].unit, SM_UNIT_PERCENT);
        CHECK_NEAR(at->as.point[0].value, 18, 0);
        CHECK_NEAR(at->as.point[1].value, 22.5, 1e-9);
        CHECK_INT(at->pos.line, 11);
        CHECK_INT(at->pos.col, 9);
        CHECK_STR(sm_object_str(doc->definition, "instruction", NULL),
                  "イラストの中に、情報セキュリティ上の危険がかくれています。"
                  "どこに、どんな危険があるか考えて書き出しましょう。");
        CHECK_STR(sm_object_str(doc->definition, "explanation", NULL), "説明。\n");
    }
    sm_doc_free(doc);
}

/* Every default in the tables must read as if written: a bad one would fail every load. */
static void check_defaults(const sm_schema_object *schema, sm_doc *doc) {
    for (int i = 0; i < sm_schema_field_count(schema); i++) {
        const sm_schema_field *field = sm_schema_field_at(schema, i);
        if (field->type == SM_TYPE_OBJECT) check_defaults(field->object, doc);
        if (field->item && field->item->type == SM_TYPE_OBJECT)
            check_defaults(field->item->object, doc);
        if (!field->default_value) continue;
        sm_value v;
        bool ok = sm_validate_text(doc->arena, &doc->diags, field, field->default_value,
                                   (sm_pos){"default", 0, 0}, &v);
        if (!check_report(ok, __FILE__, __LINE__, field->key)) print_diags(doc);
    }
}

static void test_table_defaults(void) {
    sm_doc *doc = sm_doc_new();
    for (int i = 0; i < sm_kind_count; i++) check_defaults(sm_kinds[i], doc);
    for (int i = 0; i < sm_element_count; i++) check_defaults(sm_elements[i], doc);
    check_defaults(&sm_theme_schema, doc);
    CHECK_INT(sm_doc_diag_count(doc), 0);
    sm_doc_free(doc);
}

static void write_file(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (!f) return;
    fputs(text, f);
    fclose(f);
}

static void test_files_and_root(void) {
    char dir[] = "/tmp/sm_test_loader_XXXXXX";
    if (!CHECK(mkdtemp(dir) != NULL)) return;
    char layouts[PATH_MAX], themes[PATH_MAX], def[PATH_MAX], theme[PATH_MAX];
    snprintf(layouts, sizeof layouts, "%s/layouts", dir);
    snprintf(themes, sizeof themes, "%s/layouts/themes", dir);
    snprintf(def, sizeof def, "%s/layouts/poster.yaml", dir);
    snprintf(theme, sizeof theme, "%s/layouts/themes/isen.yaml", dir);
    mkdir(layouts, 0700);
    mkdir(themes, 0700);
    write_file(def, "kind: poster\ntitle: 機密書類\nsteps:\n  - text: 片付ける\n");
    write_file(theme, "colors:\n  accent: '#d33'\n  ink: black\nstyles:\n  body:\n    size: 10pt\n"
                      "fonts:\n  gothic: BIZ UDPGothic\n");

    sm_doc *doc = sm_doc_new();
    CHECK(sm_doc_load_file(doc, def));
    CHECK_STR(doc->file, def);
    char real[PATH_MAX];
    CHECK(realpath(dir, real) != NULL);
    CHECK_STR(doc->root, real); /* the folder holding layouts/, not layouts/ itself */
    CHECK(doc->source && strstr(doc->source, "機密書類") != NULL);

    sm_object *t = sm_load_yaml_file(doc, (sm_pos){"d.yaml", 3, 8}, theme,
                                     "layouts/themes/isen.yaml", &sm_theme_schema);
    CHECK(t != NULL);
    if (t) {
        const sm_value *colors = sm_object_get(t, "colors");
        CHECK_INT(colors->as.list.count, 2);
        CHECK_STR(colors->as.list.keys[0], "accent");
        CHECK(colors->as.list.items[0].as.color.literal);
        const sm_value *styles = sm_object_get(t, "styles");
        CHECK_STR(styles->as.list.keys[0], "body");
        CHECK_STR(sm_object_str(sm_object_get(t, "fonts")->as.object, "mincho", NULL),
                  "BIZ UDMincho");
    }
    /* A theme's errors carry the display name. */
    write_file(theme, "colors:\n  accent: '#d3'\n");
    CHECK(sm_load_yaml_file(doc, (sm_pos){"d.yaml", 3, 8}, theme, "layouts/themes/isen.yaml",
                            &sm_theme_schema) == NULL);
    EXPECT_DIAG(doc, 0, 2, 11, "bad colour '#d3'; expected #rgb or #rrggbb");
    CHECK_STR(sm_doc_diag_at(doc, 0)->file, "layouts/themes/isen.yaml");
    /* A file that cannot be read is reported where it is named. */
    CHECK(sm_load_yaml_file(doc, (sm_pos){"d.yaml", 3, 8}, "/nonexistent/x.yaml", "x.yaml",
                            &sm_theme_schema) == NULL);
    EXPECT_DIAG(doc, 1, 3, 8, "cannot read x.yaml: it does not exist");
    sm_doc_free(doc);

    /* Without a layouts folder above, the definition's own folder is the root. */
    char plain[PATH_MAX];
    snprintf(plain, sizeof plain, "%s/layouts/themes/def.yaml", dir);
    write_file(plain, PAGE "body: []\n");
    doc = sm_doc_new();
    CHECK(sm_doc_load_file(doc, plain));
    CHECK_STR(doc->root, real); /* layouts/ is still found two levels up */
    sm_doc_free(doc);

    doc = sm_doc_new();
    CHECK(!sm_doc_load_file(doc, "/nonexistent/poster.yaml"));
    EXPECT_DIAG(doc, 0, 0, 0, "cannot read /nonexistent/poster.yaml: it does not exist");
    /* Sticky: a failed document loads nothing more. */
    CHECK(!sm_doc_load_buffer(doc, "t.yaml", NULL, PAGE "body: []\n", strlen(PAGE "body: []\n")));
    CHECK_INT(sm_doc_diag_count(doc), 1);
    sm_doc_free(doc);

    doc = sm_doc_new();
    CHECK(sm_doc_load_buffer(doc, "t.yaml", dir, PAGE "body: []\n", strlen(PAGE "body: []\n")));
    CHECK_STR(doc->root, real);
    sm_doc_free(doc);

    remove(plain);
    remove(theme);
    remove(def);
    rmdir(themes);
    rmdir(layouts);
    rmdir(dir);
}

int main(void) {
    test_unknown_key();
    test_wrong_type();
    test_range();
    test_enum();
    test_colour();
    test_length();
    test_point();
    test_date();
    test_missing_required();
    test_kind();
    test_elements();
    test_duplicates();
    test_yaml_refusals();
    test_syntax_errors();
    test_encoding();
    test_limits();
    test_several_errors();
    test_defaults_and_given();
    test_shorthand_and_styles();
    test_folds();
    test_map_and_point();
    test_table_defaults();
    test_files_and_root();
    return check_done();
}
