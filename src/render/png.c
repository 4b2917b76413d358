/* png.c: writes one laid-out page as a PNG at a chosen resolution, atomically. */
#include "../layout/box.h"
#include "../model/doc.h"
#include "../base/atomic.h"
#include "draw.h"
#include "output.h"
#include "png_encode.h"

#include <math.h>

#include "../base/limits.h"

#include <zlib.h>

/* Pixels for a length in points, rounded up so the page is never cropped; the epsilon
 * keeps 595.2755… * 72/72 style round-off from adding a column of white. */
static double sm_pixels(double points, double dpi) { return ceil(points * dpi / 72.0 - 1e-6); }

/* zlib's levels: a thumbnail is made in every build and read by a browser once; a PNG the
 * user asked for is kept. */
enum { SM_PNG_LEVEL = Z_DEFAULT_COMPRESSION, SM_THUMBNAIL_LEVEL = Z_BEST_SPEED };

/* The PNG of one page in memory; errors are about `path` (the file it is for). */
static bool make_png(sm_doc *doc, const char *path, int page_number, double dpi, int level,
                     sm_buf *png) {
    const sm_pages *pages = doc->pages;
    sm_pos where = {sm_arena_strdup(doc->arena, path), 0, 0};
    if (page_number < 1 || (size_t)page_number > pages->count) {
        sm_error(&doc->diags, where, "page %d does not exist (the document has %zu page%s)",
                 page_number, pages->count, pages->count == 1 ? "" : "s");
        return false;
    }
    if (!isfinite(dpi) || !(dpi > 0)) {
        sm_error(&doc->diags, where, "the resolution must be a positive number of dpi, not %g",
                 dpi);
        return false;
    }
    const sm_page *page = &pages->items[page_number - 1];
    double width = sm_pixels(page->width, dpi), height = sm_pixels(page->height, dpi);
    if (!(width >= 1) || !(height >= 1) || width > SM_IMAGE_MAX_SIDE ||
        height > SM_IMAGE_MAX_SIDE || width * height > SM_PNG_MAX_PIXELS) {
        sm_error(&doc->diags, where,
                 "cannot render page %d at %g dpi: %.0fx%.0f pixels is outside the limit "
                 "(%.0f pixels a side, %.0f megapixels); use a lower --dpi",
                 page_number, dpi, width, height, (double)SM_IMAGE_MAX_SIDE,
                 SM_PNG_MAX_PIXELS / 1e6);
        return false;
    }

    cairo_surface_t *surface =
        cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)width, (int)height);
    cairo_t *cr = cairo_create(surface);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, dpi / 72.0, dpi / 72.0);
    sm_draw_page(cr, page, doc->pages, &doc->diags);
    cairo_status_t status = cairo_status(cr);
    cairo_destroy(cr);

    bool ok = false;
    if (status != CAIRO_STATUS_SUCCESS) {
        sm_error(&doc->diags, where, "cannot render page %d: cairo: %s", page_number,
                 cairo_status_to_string(status));
    } else if (!sm_png_encode(surface, level, png)) {
        sm_error(&doc->diags, where, "cannot write '%s': out of memory for the image", path);
    } else {
        ok = sm_doc_ok(doc);
    }
    cairo_surface_destroy(surface);
    if (!ok) sm_buf_free(png);
    return ok;
}

static bool render_png(sm_doc *doc, const char *path, int page_number, double dpi, int level) {
    if (!sm_doc_ok(doc) || !doc->pages || !sm_render_output_ok(doc, path)) return false;
    sm_buf png = {0};
    bool ok = make_png(doc, path, page_number, dpi, level, &png) &&
              sm_atomic_write_file(path, png.data, png.len, &doc->diags);
    sm_buf_free(&png);
    return ok;
}

bool sm_doc_render_png_bytes(sm_doc *doc, const char *name, int page, double dpi, sm_buf *out) {
    if (!sm_doc_ok(doc) || !doc->pages) return false;
    return make_png(doc, name, page, dpi, SM_THUMBNAIL_LEVEL, out);
}

bool sm_doc_render_png(sm_doc *doc, const char *path, int page_number, double dpi) {
    return render_png(doc, path, page_number, dpi, SM_PNG_LEVEL);
}

bool sm_doc_render_thumbnail(sm_doc *doc, const char *path, double dpi) {
    return render_png(doc, path, 1, dpi, SM_THUMBNAIL_LEVEL);
}
