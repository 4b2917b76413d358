/* fuzz_svg.c: any bytes that pass the SVG gate (sm_svg_check) → the plain-SVG drawer
 * (sm_svg_draw). It declines or returns a drawing of a finite, positive size without a cairo
 * error, and the drawing replays onto a small raster. */
#include "fuzz_util.h"

#include "layout/image_check.h"
#include "layout/svg.h"

#include <math.h>

static void ignore_file(void *closure, const char *href) {
    (void)closure;
    (void)href;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char why[256];
    if (sm_svg_check((const char *)data, size, ignore_file, NULL, why, sizeof why)) return 0;
    double w = 0, h = 0;
    cairo_surface_t *drawing = sm_svg_draw((const char *)data, size, &w, &h);
    if (!drawing) return 0;
    FZ_CHECK(isfinite(w) && isfinite(h) && w > 0 && h > 0, "size %g x %g", w, h);
    FZ_CHECK(cairo_surface_status(drawing) == CAIRO_STATUS_SUCCESS, "%s",
             cairo_status_to_string(cairo_surface_status(drawing)));
    cairo_surface_t *raster = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 64, 64);
    cairo_t *cr = cairo_create(raster);
    cairo_scale(cr, 64 / w, 64 / h);
    cairo_set_source_surface(cr, drawing, 0, 0);
    cairo_paint(cr);
    FZ_CHECK(cairo_status(cr) == CAIRO_STATUS_SUCCESS ||
                 cairo_status(cr) == CAIRO_STATUS_INVALID_MATRIX,
             "replay: %s", cairo_status_to_string(cairo_status(cr)));
    cairo_destroy(cr);
    cairo_surface_destroy(raster);
    cairo_surface_destroy(drawing);
    return 0;
}
