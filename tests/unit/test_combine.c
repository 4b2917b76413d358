/* test_combine.c: the material pack's combined PDF — pages and their boxes in order, outline,
 * page labels, catalogue and /Info, byte-identical reruns, and failures that leave no file. */
#include "pack/combine.h"

#include "check.h"

#include <dirent.h>
#include <qpdf/qpdf-c.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Paper in points (ISO 216 at 72/25.4). */
#define A4_W 595.276
#define A4_H 841.890
#define A3_W 841.890
#define A3_H 1190.551

/* sm_pack_combine with its first error's message in error ("" when none): what the tests
 * compare. */
static bool combine(const char *out, const char *title, long long date,
                    const sm_combine_item *items, size_t count, char *error, size_t size) {
    sm_diags *diags = sm_diags_new();
    bool ok = sm_pack_combine(out, title, date, items, count, diags);
    snprintf(error, size, "%s", sm_diags_count(diags) ? sm_diags_at(diags, 0)->message : "");
    sm_diags_free(diags);
    return ok;
}

static char dir[256];

static const char *in_dir(const char *name) {
    static char paths[16][512]; /* rotating: a test holds at most a few at once */
    static int next;
    char *p = paths[next++ % 16];
    snprintf(p, sizeof paths[0], "%s/%s", dir, name);
    return p;
}

/* ---- input PDFs, written with qpdf as sm_pdf_finish leaves them ------------------------ */

typedef struct page_spec {
    double w, h;
    bool boxes; /* TrimBox and BleedBox 3 mm inside and outside a 3 mm bleed */
} page_spec;

/* Writes a PDF of n pages sharing one font, each with a rectangle, text and a URI link.
 * tagged: a structure tree, /MarkInfo, /StructParents and an outline, as tagged cairo output
 * has (the combined file must drop them); inherit: the MediaBox sits on /Pages only. */
static void make_pdf(const char *path, const page_spec *pages, int n, bool tagged, bool inherit,
                     const char *version) {
    qpdf_data q = qpdf_init();
    qpdf_empty_pdf(q);
    qpdf_oh font = qpdf_make_indirect_object(
        q, qpdf_oh_parse(q, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"));
    for (int i = 0; i < n; i++) {
        char text[512];
        snprintf(text, sizeof text,
                 "q 1 0 0 rg 36 36 200 100 re f Q BT /F1 24 Tf 72 300 Td (%s page %d) Tj ET",
                 path + strlen(dir) + 1, i + 1);
        qpdf_oh content = qpdf_oh_new_stream(q);
        qpdf_oh_replace_stream_data(q, content, (const unsigned char *)text, strlen(text),
                                    qpdf_oh_new_null(q), qpdf_oh_new_null(q));
        snprintf(text, sizeof text,
                 "<< /Type /Page /MediaBox [0 0 %.3f %.3f] /Annots [<< /Type /Annot /Subtype "
                 "/Link /Rect [36 36 236 136] /Border [0 0 0] /A << /S /URI /URI "
                 "(https://example.jp/) >> >>] >>",
                 pages[i].w, pages[i].h);
        qpdf_oh page = qpdf_oh_parse(q, text);
        qpdf_oh resources = qpdf_oh_parse(q, "<< /Font << >> >>");
        qpdf_oh_replace_key(q, qpdf_oh_get_key(q, resources, "/Font"), "/F1", font);
        qpdf_oh_replace_key(q, page, "/Resources", resources);
        qpdf_oh_replace_key(q, page, "/Contents", content);
        if (pages[i].boxes) {
            double b = 3 * 72 / 25.4;
            snprintf(text, sizeof text, "[%.3f %.3f %.3f %.3f]", 2 * b, 2 * b, pages[i].w - 2 * b,
                     pages[i].h - 2 * b);
            qpdf_oh_replace_key(q, page, "/TrimBox", qpdf_oh_parse(q, text));
            snprintf(text, sizeof text, "[%.3f %.3f %.3f %.3f]", b, b, pages[i].w - b,
                     pages[i].h - b);
            qpdf_oh_replace_key(q, page, "/BleedBox", qpdf_oh_parse(q, text));
        }
        if (tagged) {
            qpdf_oh_replace_key(q, page, "/StructParents", qpdf_oh_new_integer(q, i));
            qpdf_oh annot = qpdf_oh_get_array_item(q, qpdf_oh_get_key(q, page, "/Annots"), 0);
            qpdf_oh_replace_key(q, annot, "/StructParent", qpdf_oh_new_integer(q, n + i));
        }
        qpdf_add_page(q, q, qpdf_make_indirect_object(q, page), QPDF_FALSE);
    }
    qpdf_oh root = qpdf_get_root(q);
    if (inherit) {
        qpdf_oh tree = qpdf_oh_get_key(q, root, "/Pages");
        qpdf_oh_replace_key(q, tree, "/MediaBox",
                            qpdf_oh_get_key(q, qpdf_get_page_n(q, 0), "/MediaBox"));
        for (int i = 0; i < n; i++)
            qpdf_oh_remove_key(q, qpdf_get_page_n(q, (size_t)i), "/MediaBox");
    }
    if (tagged) {
        qpdf_oh_replace_key(
            q, root, "/StructTreeRoot",
            qpdf_make_indirect_object(q, qpdf_oh_parse(q, "<< /Type /StructTreeRoot /ParentTree "
                                                          "<< /Nums [] >> /K [] >>")));
        qpdf_oh_replace_key(q, root, "/MarkInfo", qpdf_oh_parse(q, "<< /Marked true >>"));
        qpdf_oh_replace_key(q, root, "/Outlines",
                            qpdf_make_indirect_object(q, qpdf_oh_parse(q, "<< /Type /Outlines "
                                                                          "/Count 0 >>")));
    }
    qpdf_init_write(q, path);
    if (version) qpdf_set_minimum_pdf_version(q, version);
    qpdf_write(q);
    if (qpdf_has_error(q))
        fprintf(stderr, "make_pdf %s: %s\n", path, qpdf_get_error_full_text(q, qpdf_get_error(q)));
    qpdf_cleanup(&q);
}

/* ---- reading the result back -------------------------------------------------------------- */

static qpdf_data open_pdf(const char *path) {
    qpdf_data q = qpdf_init();
    qpdf_silence_errors(q);
    qpdf_set_suppress_warnings(q, QPDF_TRUE);
    if (qpdf_read(q, path, NULL) & QPDF_ERRORS) {
        fprintf(stderr, "cannot read %s back\n", path);
        qpdf_cleanup(&q);
        return NULL;
    }
    return q;
}

static double box_item(qpdf_data q, int page, const char *box, int index) {
    qpdf_oh array = qpdf_oh_get_key(q, qpdf_get_page_n(q, (size_t)page), box);
    if (!qpdf_oh_is_array(q, array)) return -1;
    return qpdf_oh_get_numeric_value(q, qpdf_oh_get_array_item(q, array, index));
}

static bool same_object(qpdf_data q, qpdf_oh a, qpdf_oh b) {
    return qpdf_oh_is_indirect(q, a) && qpdf_oh_is_indirect(q, b) &&
           qpdf_oh_get_object_id(q, a) == qpdf_oh_get_object_id(q, b);
}

static bool exists(const char *path) { return access(path, F_OK) == 0; }

/* Counts hidden files in the test directory: temporary files left behind. */
static int hidden_files(void) {
    DIR *d = opendir(dir);
    int n = 0;
    for (struct dirent *e; d && (e = readdir(d));)
        if (e->d_name[0] == '.' && strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) n++;
    if (d) closedir(d);
    return n;
}

/* ---- tests ---------------------------------------------------------------------------------- */

static const char *const pack_title = "情報セキュリティ研修 教材パック";
static const char *const titles[] = {"機密書類からの情報漏えいを防ぐために",
                                     "セキュリティ危険予測シート(1)", "懲戒処分の標準例"};
static const char *const prefixes[] = {"poster-A3-", "sheet-A4-", "表-"};

static void make_inputs(void) {
    /* The poster: an A3 page and its A4 handout, tagged, with print boxes. */
    page_spec poster[] = {{A3_W, A3_H, true}, {A4_W, A4_H, true}};
    make_pdf(in_dir("poster.pdf"), poster, 2, true, false, "1.6");
    /* The sheet: one A4 page whose MediaBox is inherited from /Pages. */
    page_spec sheet[] = {{A4_W, A4_H, false}};
    make_pdf(in_dir("sheet.pdf"), sheet, 1, false, true, NULL);
    /* The table: A4 then A3. */
    page_spec table[] = {{A4_W, A4_H, false}, {A3_W, A3_H, true}};
    make_pdf(in_dir("table.pdf"), table, 2, true, false, NULL);
}

static sm_combine_item items[3];

static void set_items(void) {
    const char *names[] = {"poster.pdf", "sheet.pdf", "table.pdf"};
    for (int i = 0; i < 3; i++) {
        static char paths[3][512];
        snprintf(paths[i], sizeof paths[i], "%s/%s", dir, names[i]);
        items[i] = (sm_combine_item){paths[i], titles[i], prefixes[i], NULL};
    }
}

static void test_pages_and_boxes(qpdf_data q) {
    CHECK_INT(qpdf_get_num_pages(q), 5);
    const double sizes[5][2] = {
        {A3_W, A3_H}, {A4_W, A4_H}, {A4_W, A4_H}, {A4_W, A4_H}, {A3_W, A3_H}};
    for (int i = 0; i < 5; i++) {
        CHECK_NEAR(box_item(q, i, "/MediaBox", 0), 0, 1e-3);
        CHECK_NEAR(box_item(q, i, "/MediaBox", 2), sizes[i][0], 1e-3);
        CHECK_NEAR(box_item(q, i, "/MediaBox", 3), sizes[i][1], 1e-3);
    }
    /* Print boxes travel with their pages; pages without them get none. */
    double b = 3 * 72 / 25.4;
    CHECK_NEAR(box_item(q, 0, "/TrimBox", 0), 2 * b, 1e-3);
    CHECK_NEAR(box_item(q, 0, "/TrimBox", 3), A3_H - 2 * b, 1e-3);
    CHECK_NEAR(box_item(q, 0, "/BleedBox", 2), A3_W - b, 1e-3);
    CHECK_NEAR(box_item(q, 1, "/TrimBox", 2), A4_W - 2 * b, 1e-3);
    CHECK_NEAR(box_item(q, 4, "/BleedBox", 3), A3_H - b, 1e-3);
    CHECK_NEAR(box_item(q, 2, "/TrimBox", 0), -1, 0);
    CHECK_NEAR(box_item(q, 3, "/TrimBox", 0), -1, 0);

    /* A font shared by a document's pages is copied once. */
    qpdf_oh f0 = qpdf_oh_get_key(
        q, qpdf_oh_get_key(q, qpdf_oh_get_key(q, qpdf_get_page_n(q, 0), "/Resources"), "/Font"),
        "/F1");
    qpdf_oh f1 = qpdf_oh_get_key(
        q, qpdf_oh_get_key(q, qpdf_oh_get_key(q, qpdf_get_page_n(q, 1), "/Resources"), "/Font"),
        "/F1");
    CHECK(same_object(q, f0, f1));
    CHECK_STR(qpdf_oh_get_name(q, qpdf_oh_get_key(q, f0, "/BaseFont")), "/Helvetica");

    /* Links stay; their and the pages' pointers into the dropped structure trees do not. */
    for (int i = 0; i < 5; i++) {
        qpdf_oh page = qpdf_get_page_n(q, (size_t)i);
        CHECK(!qpdf_oh_has_key(q, page, "/StructParents"));
        qpdf_oh annots = qpdf_oh_get_key(q, page, "/Annots");
        CHECK_INT(qpdf_oh_get_array_n_items(q, annots), 1);
        qpdf_oh link = qpdf_oh_get_array_item(q, annots, 0);
        CHECK(!qpdf_oh_has_key(q, link, "/StructParent"));
        CHECK_STR(
            qpdf_oh_get_utf8_value(q, qpdf_oh_get_key(q, qpdf_oh_get_key(q, link, "/A"), "/URI")),
            "https://example.jp/");
    }
}

static void test_outline(qpdf_data q) {
    const int starts[3] = {0, 2, 3};
    qpdf_oh root = qpdf_get_root(q);
    CHECK_STR(qpdf_oh_get_name(q, qpdf_oh_get_key(q, root, "/PageMode")), "/UseOutlines");
    qpdf_oh outlines = qpdf_oh_get_key(q, root, "/Outlines");
    CHECK(qpdf_oh_is_dictionary(q, outlines));
    CHECK_INT(qpdf_oh_get_int_value(q, qpdf_oh_get_key(q, outlines, "/Count")), 3);
    qpdf_oh entry = qpdf_oh_get_key(q, outlines, "/First"), previous = 0;
    int n = 0;
    for (; qpdf_oh_is_dictionary(q, entry) && n < 10; n++) {
        if (n < 3) {
            CHECK_STR(qpdf_oh_get_utf8_value(q, qpdf_oh_get_key(q, entry, "/Title")), titles[n]);
            qpdf_oh dest = qpdf_oh_get_key(q, entry, "/Dest");
            CHECK_INT(qpdf_oh_get_array_n_items(q, dest), 2);
            CHECK(same_object(q, qpdf_oh_get_array_item(q, dest, 0),
                              qpdf_get_page_n(q, (size_t)starts[n])));
            CHECK_STR(qpdf_oh_get_name(q, qpdf_oh_get_array_item(q, dest, 1)), "/Fit");
        }
        CHECK(same_object(q, qpdf_oh_get_key(q, entry, "/Parent"), outlines));
        if (n == 0)
            CHECK(!qpdf_oh_has_key(q, entry, "/Prev"));
        else
            CHECK(same_object(q, qpdf_oh_get_key(q, entry, "/Prev"), previous));
        CHECK(!qpdf_oh_has_key(q, entry, "/First")); /* flat: no children */
        previous = entry;
        entry = qpdf_oh_get_key(q, entry, "/Next");
    }
    CHECK_INT(n, 3);
    CHECK(same_object(q, qpdf_oh_get_key(q, outlines, "/Last"), previous));
}

static void test_page_labels(qpdf_data q) {
    const int starts[3] = {0, 2, 3};
    qpdf_oh labels = qpdf_oh_get_key(q, qpdf_get_root(q), "/PageLabels");
    qpdf_oh nums = qpdf_oh_get_key(q, labels, "/Nums");
    CHECK_INT(qpdf_oh_get_array_n_items(q, nums), 6);
    for (int i = 0; i < 3; i++) {
        CHECK_INT(qpdf_oh_get_int_value(q, qpdf_oh_get_array_item(q, nums, 2 * i)), starts[i]);
        qpdf_oh range = qpdf_oh_get_array_item(q, nums, 2 * i + 1);
        CHECK_STR(qpdf_oh_get_name(q, qpdf_oh_get_key(q, range, "/S")), "/D");
        CHECK_STR(qpdf_oh_get_utf8_value(q, qpdf_oh_get_key(q, range, "/P")), prefixes[i]);
        CHECK(!qpdf_oh_has_key(q, range, "/St")); /* 1 is the default */
    }
}

static void test_catalog_and_info(qpdf_data q, const char *date) {
    qpdf_oh root = qpdf_get_root(q);
    CHECK_STR(qpdf_oh_get_utf8_value(q, qpdf_oh_get_key(q, root, "/Lang")), "ja");
    CHECK(qpdf_oh_get_bool_value(
        q, qpdf_oh_get_key(q, qpdf_oh_get_key(q, root, "/ViewerPreferences"), "/DisplayDocTitle")));
    CHECK(!qpdf_oh_has_key(q, root, "/StructTreeRoot"));
    CHECK(!qpdf_oh_has_key(q, root, "/MarkInfo"));
    qpdf_oh info = qpdf_oh_get_key(q, qpdf_get_trailer(q), "/Info");
    CHECK_STR(qpdf_oh_get_utf8_value(q, qpdf_oh_get_key(q, info, "/Title")), pack_title);
    CHECK(qpdf_oh_has_key(q, qpdf_get_trailer(q), "/ID"));
    if (date) {
        CHECK_STR(qpdf_oh_get_utf8_value(q, qpdf_oh_get_key(q, info, "/CreationDate")), date);
        CHECK_STR(qpdf_oh_get_utf8_value(q, qpdf_oh_get_key(q, info, "/ModDate")), date);
    } else {
        CHECK(!qpdf_oh_has_key(q, info, "/CreationDate"));
        CHECK(!qpdf_oh_has_key(q, info, "/ModDate"));
    }
    /* The newest input's version (the poster's 1.6) wins over qpdf's empty 1.3. */
    CHECK_STR(qpdf_get_pdf_version(q), "1.6");
}

static void test_combined(void) {
    char error[512] = "x";
    const char *out = in_dir("pack.pdf");
    CHECK(combine(out, pack_title, -1, items, 3, error, sizeof error));
    CHECK_STR(error, "");
    CHECK_INT(hidden_files(), 0);
    qpdf_data q = open_pdf(out);
    CHECK(q != NULL);
    if (!q) return;
    test_pages_and_boxes(q);
    test_outline(q);
    test_page_labels(q);
    test_catalog_and_info(q, NULL);
    qpdf_cleanup(&q);

    struct stat st;
    CHECK(stat(out, &st) == 0 && (st.st_mode & 0444) == 0444); /* readable as other outputs */

    if (system("command -v qpdf >/dev/null 2>&1") == 0) {
        char command[1024];
        snprintf(command, sizeof command, "qpdf --check '%s' >/dev/null 2>&1", out);
        CHECK_INT(system(command), 0);
    } else {
        printf("(qpdf not on PATH: --check skipped)\n");
    }
}

static void test_dates(void) {
    char error[512];
    const char *out = in_dir("dated.pdf");
    CHECK(combine(out, pack_title, 1700000000, items, 3, error, sizeof error));
    qpdf_data q = open_pdf(out);
    if (q) test_catalog_and_info(q, "D:20231114221320Z");
    qpdf_cleanup(&q);
    CHECK(combine(out, pack_title, 0, items, 3, error, sizeof error));
    q = open_pdf(out);
    if (q) test_catalog_and_info(q, "D:19700101000000Z");
    qpdf_cleanup(&q);
    CHECK(!combine(out, pack_title, SM_COMBINE_MAX_DATE + 1, items, 3, error, sizeof error));
    CHECK_STR(error, "the date 253402300800 is past the year 9999, which a PDF date cannot spell");
}

static void test_deterministic(void) {
    char error[512];
    const char *a = in_dir("run1.pdf"), *b = in_dir("run2.pdf"), *c = in_dir("dated2.pdf");
    CHECK(combine(a, pack_title, -1, items, 3, error, sizeof error));
    CHECK(combine(b, pack_title, -1, items, 3, error, sizeof error));
    CHECK(combine(c, pack_title, 1700000000, items, 3, error, sizeof error));
    size_t la = 0, lb = 0, lc = 0;
    char *da = check_read_file(a, &la), *db = check_read_file(b, &lb),
         *dc = check_read_file(c, &lc);
    CHECK(da && db && la > 0);
    CHECK(la == lb && da && db && memcmp(da, db, la) == 0);
    /* The date is part of the content, and so of the /ID. */
    CHECK(lc != la || (da && dc && memcmp(da, dc, la) != 0));

    /* The inputs' names and places are not: the same files elsewhere give the same bytes. */
    sm_combine_item moved[3];
    const char *names[3] = {"moved-1.pdf", "moved-2.pdf", "moved-3.pdf"};
    for (int i = 0; i < 3; i++) {
        size_t len = 0;
        char *data = check_read_file(items[i].path, &len);
        moved[i] = (sm_combine_item){in_dir(names[i]), titles[i], prefixes[i], NULL};
        FILE *f = fopen(moved[i].path, "wb");
        if (f && data) fwrite(data, 1, len, f);
        if (f) fclose(f);
        free(data);
    }
    const char *d = in_dir("moved.pdf");
    CHECK(combine(d, pack_title, -1, moved, 3, error, sizeof error));
    size_t ld = 0;
    char *dd = check_read_file(d, &ld);
    CHECK(ld == la && da && dd && memcmp(da, dd, la) == 0);
    free(da), free(db), free(dc), free(dd);
}

static void test_fallbacks(void) {
    /* No title: the file's name; no label: plain numbers. */
    char error[512];
    sm_combine_item plain[2] = {{items[1].path, NULL, NULL, NULL}, {items[0].path, "", "", NULL}};
    const char *out = in_dir("plain.pdf");
    CHECK(combine(out, pack_title, -1, plain, 2, error, sizeof error));
    qpdf_data q = open_pdf(out);
    if (!q) return;
    CHECK_INT(qpdf_get_num_pages(q), 3);
    qpdf_oh outlines = qpdf_oh_get_key(q, qpdf_get_root(q), "/Outlines");
    qpdf_oh first = qpdf_oh_get_key(q, outlines, "/First");
    CHECK_STR(qpdf_oh_get_utf8_value(q, qpdf_oh_get_key(q, first, "/Title")), "sheet.pdf");
    CHECK_STR(
        qpdf_oh_get_utf8_value(q, qpdf_oh_get_key(q, qpdf_oh_get_key(q, first, "/Next"), "/Title")),
        "poster.pdf");
    qpdf_oh nums = qpdf_oh_get_key(q, qpdf_oh_get_key(q, qpdf_get_root(q), "/PageLabels"), "/Nums");
    CHECK_INT(qpdf_oh_get_int_value(q, qpdf_oh_get_array_item(q, nums, 2)), 1);
    CHECK(!qpdf_oh_has_key(q, qpdf_oh_get_array_item(q, nums, 1), "/P"));
    CHECK(!qpdf_oh_has_key(q, qpdf_oh_get_array_item(q, nums, 3), "/P"));
    /* The sheet's inherited A4 MediaBox is on its page now. */
    CHECK_NEAR(box_item(q, 0, "/MediaBox", 3), A4_H, 1e-3);
    CHECK_NEAR(box_item(q, 1, "/MediaBox", 3), A3_H, 1e-3);
    qpdf_cleanup(&q);
}

/* A failing combine: false, this exact message, no file at out and nothing left beside it. */
static void expect_failure_at(const char *file, int line, const char *out,
                              const sm_combine_item *list, size_t count, const char *title,
                              const char *want) {
    char error[512] = "";
    bool ok = combine(out, title, -1, list, count, error, sizeof error);
    check_report(!ok, file, line, "combine fails");
    int same = strcmp(error, want) == 0;
    if (!check_report(same, file, line, want)) fprintf(stderr, "    got \"%s\"\n", error);
    check_report(hidden_files() == 0, file, line, "no temporary file left");
}
#define EXPECT_FAILURE(out, list, count, title, want)                                              \
    expect_failure_at(__FILE__, __LINE__, (out), (list), (count), (title), (want))

static void test_failures(void) {
    const char *out = in_dir("failed.pdf");
    char want[1024];

    /* A missing input is named; no output appears. */
    sm_combine_item missing[3] = {items[0], {in_dir("missing.pdf"), "なし", "x-", NULL}, items[2]};
    snprintf(want, sizeof want, "cannot read '%s': it does not exist", missing[1].path);
    EXPECT_FAILURE(out, missing, 3, pack_title, want);
    CHECK(!exists(out));

    /* An existing output stays as it was. */
    FILE *f = fopen(out, "wb");
    fputs("the old pack", f);
    fclose(f);
    EXPECT_FAILURE(out, missing, 3, pack_title, want);
    size_t len = 0;
    char *old = check_read_file(out, &len);
    CHECK_STR(old, "the old pack");
    free(old);
    unlink(out);

    /* Not a PDF: named, with qpdf's reason. */
    const char *bad = in_dir("bad.pdf");
    f = fopen(bad, "wb");
    fputs("not a PDF at all\n", f);
    fclose(f);
    sm_combine_item not_pdf[1] = {{bad, "壊れた", NULL, NULL}};
    snprintf(want, sizeof want,
             "cannot read '%s': unable to find trailer dictionary while recovering damaged file",
             bad);
    EXPECT_FAILURE(out, not_pdf, 1, pack_title, want);
    CHECK(!exists(out));
    unlink(bad);

    /* Arguments. */
    EXPECT_FAILURE(out, items, 0, pack_title, "no documents to combine");
    EXPECT_FAILURE(out, items, 3, NULL, "the pack has no title");
    EXPECT_FAILURE(out, items, 3, "\xe6\x83\xff", "the title of the pack is not valid UTF-8");
    sm_combine_item bad_title[1] = {{items[0].path, "ok\xc3", NULL, NULL}};
    snprintf(want, sizeof want, "the title of '%s' is not valid UTF-8", items[0].path);
    EXPECT_FAILURE(out, bad_title, 1, pack_title, want);
    sm_combine_item bad_label[1] = {{items[0].path, NULL, "\x80", NULL}};
    snprintf(want, sizeof want, "the page label of '%s' is not valid UTF-8", items[0].path);
    EXPECT_FAILURE(out, bad_label, 1, pack_title, want);
    CHECK(!combine(out, pack_title, -1, items, SM_COMBINE_MAX_ITEMS + 1, want, sizeof want));
    CHECK(!exists(out));

    /* An output directory that does not exist is named. */
    const char *nowhere = in_dir("no-such-dir/pack.pdf");
    snprintf(want, sizeof want,
             "cannot write '%s': cannot create a temporary file beside it: No such file or "
             "directory",
             nowhere);
    EXPECT_FAILURE(nowhere, items, 3, pack_title, want);

    /* The error is about pack.pdf as a whole: its position is the file, line 0. */
    sm_diags *diags = sm_diags_new();
    CHECK(!sm_pack_combine(out, pack_title, -1, items, 0, diags));
    CHECK_INT(sm_diags_count(diags), 1);
    CHECK_STR(sm_diags_at(diags, 0)->file, out);
    CHECK_INT(sm_diags_at(diags, 0)->line, 0);
    sm_diags_free(diags);
}

static void remove_dir(void) {
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d));) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        unlink(in_dir(e->d_name));
    }
    if (d) closedir(d);
    rmdir(dir);
}

/* One document at a time gives the same bytes as all at once; an abandoned combine and a
 * failed one write nothing, and after the first error nothing more is recorded. */
static void test_incremental(void) {
    char error[512];
    const char *whole = in_dir("whole.pdf"), *stepwise = in_dir("stepwise.pdf");
    CHECK(combine(whole, pack_title, -1, items, 3, error, sizeof error));
    sm_diags *diags = sm_diags_new();
    sm_combine *c = sm_combine_begin(stepwise, pack_title, -1, diags);
    for (int i = 0; i < 3; i++) {
        CHECK(sm_combine_add(c, &items[i]));
        CHECK(access(stepwise, F_OK) != 0); /* nothing written before the end */
    }
    CHECK(sm_combine_finish(c));
    CHECK_INT((int)sm_diags_count(diags), 0);
    size_t la = 0, lb = 0;
    char *a = check_read_file(whole, &la), *b = check_read_file(stepwise, &lb);
    CHECK(a && b && la == lb && memcmp(a, b, la) == 0);
    free(a), free(b);

    const char *abandoned = in_dir("abandoned.pdf");
    c = sm_combine_begin(abandoned, pack_title, -1, diags);
    CHECK(sm_combine_add(c, &items[0]));
    sm_combine_free(c);
    CHECK(access(abandoned, F_OK) != 0);

    const char *failed = in_dir("failed.pdf");
    sm_combine_item missing = {in_dir("not-there.pdf"), "x", NULL, NULL};
    c = sm_combine_begin(failed, pack_title, -1, diags);
    CHECK(sm_combine_add(c, &items[0]));
    CHECK(!sm_combine_add(c, &missing));
    CHECK(!sm_combine_add(c, &items[1]));
    CHECK(!sm_combine_finish(c));
    CHECK(access(failed, F_OK) != 0);
    CHECK_INT((int)sm_diags_count(diags), 1);
    CHECK_INT(hidden_files(), 0);
    sm_diags_free(diags);
}

int main(void) {
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/test_combine.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    make_inputs();
    set_items();
    test_combined();
    test_dates();
    test_deterministic();
    test_incremental();
    test_fallbacks();
    test_failures();
    remove_dir();
    return check_done();
}
