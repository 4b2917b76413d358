/* pdf.c: writes the laid-out pages as one PDF, atomically and byte-identically across runs. */
#include "../layout/box.h"
#include "../model/doc.h"
#include "../base/atomic.h"
#include "draw.h"
#include "output.h"
#include "pdf.h"
#include "pdf_finish.h"
#include "pdf_patch.h"
#include "pdfx.h"

#include <cairo-pdf.h>
#include <math.h>
#include <time.h>

/* PDF 1.5, stated rather than inherited from cairo's default, so a cairo upgrade cannot
 * change the header (and every golden checksum) behind our back. Nothing we draw needs
 * more: transparency is 1.4, and cairo 1.16 writes no 1.6/1.7 features. */
#define SM_PDF_VERSION CAIRO_PDF_VERSION_1_5

static void sm_set_metadata(cairo_surface_t *surface, cairo_pdf_metadata_t key, const char *value) {
    if (value && *value) cairo_pdf_surface_set_metadata(surface, key, value);
}

/* cairo 1.16 stamps /CreationDate with the clock, which would make every run differ.
 * With a document date we write that (cairo turns ISO 8601 into a PDF date); without
 * one the empty string makes cairo leave the entry out. */
/* The bookmarks: every heading (H1, H2 under it, H3 under that), in drawing order. */
typedef struct outline_state {
    int h1, h2; /* the last entries a deeper heading hangs under */
} outline_state;

static void add_outline(cairo_surface_t *surface, const sm_page *page, size_t number,
                        outline_state *at) {
    for (size_t b = 0; b < page->count; b++) {
        const sm_box *box = &page->boxes[b];
        if (box->kind != SM_BOX_TEXT || !box->tag || box->tag[0] != 'H' || !box->as.text.paragraph)
            continue;
        int level = box->tag[1] - '0';
        char *title = g_strdelimit(g_strdup(box->as.text.paragraph->text), "\n", ' ');
        char *link = g_strdup_printf("page=%zu pos=[%.2f %.2f]", number, box->x + page->trim_x,
                                     box->y + page->trim_y);
        int parent = level <= 1 ? CAIRO_PDF_OUTLINE_ROOT : level == 2 ? at->h1 : at->h2;
        int id = cairo_pdf_surface_add_outline(surface, parent, title, link, 0);
        if (level <= 1) at->h1 = at->h2 = id;
        if (level == 2) at->h2 = id;
        g_free(title);
        g_free(link);
    }
}

static void sm_set_create_date(cairo_surface_t *surface, const sm_pages *pages) {
    char iso[32] = "";
    if (pages->has_date) {
        time_t t = (time_t)pages->date;
        struct tm tm;
        if (gmtime_r(&t, &tm) && tm.tm_year + 1900 >= 0 && tm.tm_year + 1900 <= 9999)
            strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
    }
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, iso);
}

static cairo_status_t sm_buf_cairo_write(void *closure, const unsigned char *data,
                                         unsigned int length) {
    sm_buf_append(closure, (const char *)data, length);
    return CAIRO_STATUS_SUCCESS;
}

static bool sm_page_size_ok(const sm_page *page) {
    return isfinite(page->width) && isfinite(page->height) && page->width > 0 && page->height > 0;
}

bool sm_pdf_draw(sm_doc *doc, const char *path, sm_buf *drawn) {
    const sm_pages *pages = doc->pages;
    sm_pos where = {sm_arena_strdup(doc->arena, path), 0, 0};
    if (pages->count == 0) {
        sm_error(&doc->diags, where, "cannot write '%s': the document has no pages", path);
        return false;
    }
    for (size_t i = 0; i < pages->count; i++) {
        if (sm_page_size_ok(&pages->items[i])) continue;
        sm_error(&doc->diags, where, "cannot write '%s': page %zu has no valid size (%gx%g)", path,
                 i + 1, pages->items[i].width, pages->items[i].height);
        return false;
    }

    cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(
        sm_buf_cairo_write, drawn, pages->items[0].width, pages->items[0].height);
    cairo_pdf_surface_restrict_to_version(surface, SM_PDF_VERSION);
    sm_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, pages->title);
    sm_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, pages->author);
    sm_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, pages->subject);
    sm_set_metadata(surface, CAIRO_PDF_METADATA_KEYWORDS, pages->keywords);
    sm_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR,
                    pages->creator && *pages->creator ? pages->creator : "surimono " SM_VERSION);
    sm_set_create_date(surface, pages);

    cairo_t *cr = cairo_create(surface);
    /* cairo 1.16 writes a damaged PDF when a link is tagged outside any structure tag:
     * one Document tag around everything keeps later links (catalogue, QR) safe. */
    cairo_tag_begin(cr, "Document", "");
    outline_state outline = {CAIRO_PDF_OUTLINE_ROOT, CAIRO_PDF_OUTLINE_ROOT};
    for (size_t i = 0; i < pages->count; i++) {
        const sm_page *page = &pages->items[i];
        if (i > 0) {
            cairo_show_page(cr);
            cairo_pdf_surface_set_size(surface, page->width, page->height);
        }
        sm_draw_page(cr, page, pages, &doc->diags);
        add_outline(surface, page, i + 1, &outline);
    }
    cairo_tag_end(cr, "Document");
    cairo_show_page(cr);

    cairo_status_t status = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    if (status == CAIRO_STATUS_SUCCESS) status = cairo_surface_status(surface);
    cairo_surface_destroy(surface);

    /* An image draw error makes the file incomplete: nothing is written then. */
    if (status != CAIRO_STATUS_SUCCESS)
        sm_error(&doc->diags, where, "cannot write '%s': cairo: %s", path,
                 cairo_status_to_string(status));
    if (sm_doc_ok(doc)) return true;
    sm_buf_free(drawn);
    return false;
}

/* The finished PDF in memory; errors are about `path` (the file it is for). */
static bool make_pdf(sm_doc *doc, const char *path, sm_buf *finished) {
    const sm_pages *pages = doc->pages;
    /* cairo writes into memory; the post-pass reads that and the result goes to disk. */
    sm_buf drawn = {0};
    if (!sm_pdf_draw(doc, path, &drawn)) return false;
    const char *file = sm_arena_strdup(doc->arena, path);
    /* The office profile's post-pass edits cairo's file as it is; shop profiles rewrite
     * colours inside the streams, which takes qpdf. */
    bool office = pages->profile == SM_PROFILE_OFFICE && !pages->pdfx;
    bool ok =
        (office && sm_pdf_patch(pages, (const unsigned char *)drawn.data, drawn.len, finished)) ||
        sm_pdf_finish(pages, (const unsigned char *)drawn.data, drawn.len, finished, &doc->diags,
                      file);
    sm_buf_free(&drawn);
    if (ok && pages->pdfx) ok = sm_pdfx_convert(pages, finished, &doc->diags, file);
    if (!ok) sm_buf_free(finished);
    return ok;
}

bool sm_doc_render_pdf_bytes(sm_doc *doc, const char *name, sm_buf *out) {
    if (!sm_doc_ok(doc) || !doc->pages) return false;
    return make_pdf(doc, name, out);
}

bool sm_doc_render_pdf(sm_doc *doc, const char *path) {
    if (!sm_doc_ok(doc) || !doc->pages || !sm_render_output_ok(doc, path)) return false;
    sm_buf finished = {0};
    if (!make_pdf(doc, path, &finished)) return false;
    sm_atomic file;
    if (!sm_atomic_open(&file, path, &doc->diags, doc->arena)) {
        sm_buf_free(&finished);
        return false;
    }
    bool ok = sm_atomic_write(&file, finished.data, finished.len);
    sm_buf_free(&finished);
    return sm_atomic_finish(&file, ok) && ok;
}
