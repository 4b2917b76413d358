/* test_pdf_patch.c: the office post-pass done on cairo's bytes (pdf_patch.c) gives the same
 * PDF as the one done with qpdf (pdf_finish.c) — every object reachable from the trailer
 * compared, for every material in layouts/ — and declines a file not in cairo's shape. */
#include "check.h"

#include "layout/box.h"
#include "model/doc.h"
#include "render/pdf.h"
#include "render/pdf_finish.h"
#include "render/pdf_patch.h"
#include "base/utf8.h"
#include "surimono.h"

#include <dirent.h>
#include <qpdf/qpdf-c.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Two files' object graphs walked side by side; map pairs the first's object numbers with
 * the second's (qpdf numbers objects anew), so shared objects are compared once and a
 * mismatch in sharing shows. */
typedef struct walk {
    qpdf_data a, b;
    int map[100000];
    char where[512];
    char why[768];
} walk;

static bool differ(walk *w, const char *why) {
    if (!w->why[0]) snprintf(w->why, sizeof w->why, "%s: %s", w->where[0] ? w->where : "/", why);
    return false;
}

static bool same(walk *w, qpdf_oh x, qpdf_oh y, int depth);

static int by_name(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whether name is one of the space-separated words of list. */
static bool listed(const char *list, const char *name) {
    size_t n = strlen(name);
    for (const char *p = list; p && (p = strstr(p, name)); p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0')) return true;
    return false;
}

/* The keys of a dictionary, sorted, without those in skip ("Length Filter"). */
static int keys_of(qpdf_data q, qpdf_oh dict, char **keys, int max, const char *skip) {
    int n = 0;
    qpdf_oh_begin_dict_key_iter(q, dict);
    while (qpdf_oh_dict_more_keys(q)) {
        const char *key = qpdf_oh_dict_next_key(q);
        if (listed(skip, key + 1)) continue;
        if (n < max) keys[n++] = strdup(key);
    }
    qsort(keys, (size_t)n, sizeof *keys, by_name);
    return n;
}

static bool same_dict(walk *w, qpdf_oh x, qpdf_oh y, int depth, const char *skip) {
    char *kx[256], *ky[256];
    int nx = keys_of(w->a, x, kx, 256, skip), ny = keys_of(w->b, y, ky, 256, skip);
    bool ok = nx == ny;
    if (!ok) differ(w, "not the same number of keys");
    for (int i = 0; ok && i < nx; i++) {
        if (strcmp(kx[i], ky[i]) != 0) {
            ok = differ(w, "not the same keys");
            break;
        }
        size_t mark = strlen(w->where);
        snprintf(w->where + mark, sizeof w->where - mark, "%s", kx[i]);
        ok = same(w, qpdf_oh_get_key(w->a, x, kx[i]), qpdf_oh_get_key(w->b, y, ky[i]), depth + 1);
        if (ok) w->where[mark] = '\0';
    }
    for (int i = 0; i < nx; i++) free(kx[i]);
    for (int i = 0; i < ny; i++) free(ky[i]);
    return ok;
}

static bool same_stream(walk *w, qpdf_oh x, qpdf_oh y, int depth) {
    /* The data as decoded: qpdf compresses what cairo left plain. */
    if (!same_dict(w, qpdf_oh_get_dict(w->a, x), qpdf_oh_get_dict(w->b, y), depth,
                   "Length Filter DecodeParms"))
        return false;
    unsigned char *dx = NULL, *dy = NULL;
    size_t lx = 0, ly = 0;
    qpdf_oh_get_stream_data(w->a, x, qpdf_dl_generalized, NULL, &dx, &lx);
    qpdf_oh_get_stream_data(w->b, y, qpdf_dl_generalized, NULL, &dy, &ly);
    bool ok = lx == ly && (lx == 0 || memcmp(dx, dy, lx) == 0);
    free(dx);
    free(dy);
    return ok || differ(w, "stream data differs");
}

static bool same(walk *w, qpdf_oh x, qpdf_oh y, int depth) {
    if (depth > 200) return differ(w, "too deep");
    if (qpdf_oh_is_indirect(w->a, x) != qpdf_oh_is_indirect(w->b, y))
        return differ(w, "an object in one, a direct value in the other");
    if (qpdf_oh_is_indirect(w->a, x)) {
        int ix = qpdf_oh_get_object_id(w->a, x), iy = qpdf_oh_get_object_id(w->b, y);
        if (ix <= 0 || ix >= 100000) return differ(w, "object number out of range");
        if (w->map[ix]) return w->map[ix] == iy || differ(w, "objects shared differently");
        w->map[ix] = iy;
    }
    bool nx = qpdf_oh_is_number(w->a, x), ny = qpdf_oh_is_number(w->b, y);
    if (nx || ny) {
        double vx = qpdf_oh_get_numeric_value(w->a, x), vy = qpdf_oh_get_numeric_value(w->b, y);
        return (nx && ny && fabs(vx - vy) < 1e-9) || differ(w, "numbers differ");
    }
    enum qpdf_object_type_e tx = qpdf_oh_get_type_code(w->a, x),
                            ty = qpdf_oh_get_type_code(w->b, y);
    if (tx != ty) return differ(w, "types differ");
    switch (tx) {
    case ot_string:
        return strcmp(qpdf_oh_get_utf8_value(w->a, x), qpdf_oh_get_utf8_value(w->b, y)) == 0 ||
               differ(w, "strings differ");
    case ot_array: {
        int n = qpdf_oh_get_array_n_items(w->a, x);
        if (n != qpdf_oh_get_array_n_items(w->b, y)) return differ(w, "array lengths differ");
        for (int i = 0; i < n; i++) {
            size_t mark = strlen(w->where);
            snprintf(w->where + mark, sizeof w->where - mark, "[%d]", i);
            if (!same(w, qpdf_oh_get_array_item(w->a, x, i), qpdf_oh_get_array_item(w->b, y, i),
                      depth + 1))
                return false;
            w->where[mark] = '\0';
        }
        return true;
    }
    case ot_dictionary: return same_dict(w, x, y, depth, NULL);
    case ot_stream: return same_stream(w, x, y, depth);
    default: {
        char *ux = strdup(qpdf_oh_unparse(w->a, x));
        bool ok = strcmp(ux, qpdf_oh_unparse(w->b, y)) == 0;
        free(ux);
        return ok || differ(w, "values differ");
    }
    }
}

/* The whole files, from their trailers; the /ID is a hash of each file's own bytes. */
static bool same_pdf(const sm_buf *patched, const sm_buf *finished, char *why, size_t size) {
    walk *w = calloc(1, sizeof *w);
    w->a = qpdf_init();
    w->b = qpdf_init();
    bool ok =
        !(qpdf_read_memory(w->a, "patched", patched->data, patched->len, NULL) & QPDF_ERRORS) &&
        !qpdf_more_warnings(w->a);
    if (!ok) differ(w, "qpdf cannot read the patched file without a warning");
    ok = ok &&
         !(qpdf_read_memory(w->b, "finished", finished->data, finished->len, NULL) & QPDF_ERRORS);
    qpdf_oh ta = qpdf_get_trailer(w->a), tb = qpdf_get_trailer(w->b);
    if (ok) {
        qpdf_oh id = qpdf_oh_get_key(w->a, ta, "/ID");
        size_t length = 0;
        ok = qpdf_oh_is_array(w->a, id) && qpdf_oh_get_array_n_items(w->a, id) == 2;
        if (ok) qpdf_oh_get_binary_string_value(w->a, qpdf_oh_get_array_item(w->a, id, 0), &length);
        ok = ok && length == 16;
        if (!ok) differ(w, "no /ID of two 16-byte strings in the trailer");
    }
    /* /Size: qpdf leaves out the objects nothing refers to. */
    ok = ok && same_dict(w, ta, tb, 0, "ID Size");
    snprintf(why, size, "%s", w->why);
    qpdf_cleanup(&w->a);
    qpdf_cleanup(&w->b);
    free(w);
    return ok;
}

static sm_fonts *fonts;

/* A material of layouts/ laid out as `render` does, and cairo's bytes of it. */
static sm_doc *drawn_material(const char *name, sm_buf *drawn) {
    char path[512];
    snprintf(path, sizeof path, "%s/layouts/%s", SM_SOURCE_DIR, name);
    sm_doc *doc = sm_doc_new();
    bool ok = sm_doc_load_file(doc, path) && sm_doc_resolve(doc) && sm_doc_layout(doc, fonts) &&
              sm_pdf_draw(doc, "t.pdf", drawn);
    if (!CHECK(ok)) fprintf(stderr, "    %s did not lay out and draw\n", name);
    return doc;
}

static void test_same_as_qpdf(const char *name) {
    sm_buf drawn = {0}, patched = {0}, again = {0}, finished = {0};
    sm_doc *doc = drawn_material(name, &drawn);
    const sm_pages *pages = doc->pages;
    if (drawn.len &&
        CHECK(sm_pdf_patch(pages, (const unsigned char *)drawn.data, drawn.len, &patched))) {
        sm_diags *diags = sm_diags_new();
        CHECK(sm_pdf_finish(pages, (const unsigned char *)drawn.data, drawn.len, &finished, diags,
                            "t.pdf"));
        sm_diags_free(diags);
        char why[800];
        if (!CHECK(same_pdf(&patched, &finished, why, sizeof why)))
            fprintf(stderr, "    %s: %s\n", name, why);
        /* Deterministic: the same bytes in, the same file out. */
        sm_pdf_patch(pages, (const unsigned char *)drawn.data, drawn.len, &again);
        CHECK(again.len == patched.len && memcmp(again.data, patched.data, again.len) == 0);
    }
    sm_buf_free(&drawn);
    sm_buf_free(&patched);
    sm_buf_free(&again);
    sm_buf_free(&finished);
    sm_doc_free(doc);
}

/* Declines — out untouched — what is not a whole file in cairo's shape. */
static void test_declines(void) {
    sm_buf drawn = {0};
    sm_doc *doc = drawn_material("confidential-documents.yaml", &drawn);
    const sm_pages *pages = doc->pages;
    if (drawn.len > 1000) {
        sm_buf out = {0};
        /* Cut short. */
        CHECK(!sm_pdf_patch(pages, (const unsigned char *)drawn.data, drawn.len / 2, &out));
        CHECK(out.len == 0);
        /* An xref row that points one byte off its object. */
        char *bent = malloc(drawn.len);
        memcpy(bent, drawn.data, drawn.len);
        char *xref =
            strstr(bent + drawn.len - 4096 > bent ? bent + drawn.len - 4096 : bent, "xref\n0 ");
        if (CHECK(xref)) {
            char *row = strchr(xref + 7, '\n') + 1 + 20; /* object 1's row */
            row[9] = row[9] == '9' ? '0' : (char)(row[9] + 1);
            CHECK(!sm_pdf_patch(pages, (const unsigned char *)bent, drawn.len, &out));
            CHECK(out.len == 0);
        }
        /* A page tree that is not one /Pages node over the pages. */
        memcpy(bent, drawn.data, drawn.len);
        char *kids = (char *)sm_find_bytes(bent, drawn.len, "/Kids [", 7);
        if (CHECK(kids)) {
            memcpy(kids, "/Kidz", 5);
            CHECK(!sm_pdf_patch(pages, (const unsigned char *)bent, drawn.len, &out));
            CHECK(out.len == 0);
        }
        free(bent);
        sm_buf_free(&out);
    }
    sm_buf_free(&drawn);
    sm_doc_free(doc);
}

int main(void) {
    sm_diags *diags = sm_diags_new();
    fonts = sm_fonts_new(SM_SOURCE_DIR "/fonts/fonts.conf", diags);
    sm_diags_free(diags);
    if (!CHECK(fonts)) return 1;
    char dir[512];
    snprintf(dir, sizeof dir, "%s/layouts", SM_SOURCE_DIR);
    DIR *d = opendir(dir);
    int materials = 0;
    for (struct dirent *e; d && (e = readdir(d));) {
        size_t n = strlen(e->d_name);
        if (n < 6 || strcmp(e->d_name + n - 5, ".yaml") != 0 || strcmp(e->d_name, "pack.yaml") == 0)
            continue;
        test_same_as_qpdf(e->d_name);
        materials++;
    }
    if (d) closedir(d);
    CHECK(materials >= 10);
    test_declines();
    sm_fonts_free(fonts);
    printf("%d passed, %d failed\n", check_passed, check_failed);
    return check_failed ? 1 : 0;
}
