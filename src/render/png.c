/* png.c: writes one laid-out page as a PNG at a chosen resolution, atomically. */
#include "../layout/box.h"
#include "../model/doc.h"
#include "../base/atomic.h"
#include "draw.h"
#include "output.h"

#include <math.h>

#include "../base/limits.h"

/* cairo's PNG writer feeding the atomic writer. */
static cairo_status_t write_png_bytes(void *closure, const unsigned char *data,
                                      unsigned int length) {
    return sm_atomic_write(closure, data, length) ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/* Pixels for a length in points, rounded up so the page is never cropped; the epsilon
 * keeps 595.2755… * 72/72 style round-off from adding a column of white. */
static double sm_pixels(double points, double dpi) { return ceil(points * dpi / 72.0 - 1e-6); }

bool sm_doc_render_png(sm_doc *doc, const char *path, int page_number, double dpi) {
    if (!sm_doc_ok(doc) || !doc->pages || !sm_render_output_ok(doc, path)) return false;
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
    sm_atomic file;
    if (status != CAIRO_STATUS_SUCCESS) {
        sm_error(&doc->diags, where, "cannot render page %d: cairo: %s", page_number,
                 cairo_status_to_string(status));
    } else if (sm_doc_ok(doc) && sm_atomic_open(&file, path, &doc->diags, doc->arena)) {
        status = cairo_surface_write_to_png_stream(surface, write_png_bytes, &file);
        ok = status == CAIRO_STATUS_SUCCESS;
        if (!ok && !file.write_errno)
            sm_error(&doc->diags, where, "cannot write '%s': cairo: %s", path,
                     cairo_status_to_string(status));
        ok = sm_atomic_finish(&file, ok) && ok;
    }
    cairo_surface_destroy(surface);
    return ok;
}
