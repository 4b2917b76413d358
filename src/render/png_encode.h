/* png_encode.h: an opaque page image as PNG bytes, at a chosen compression level. */
#ifndef SM_PNG_ENCODE_H
#define SM_PNG_ENCODE_H

#include "../base/utf8.h"

#include <cairo.h>
#include <stdbool.h>

/* Appends the PNG of surface (ARGB32 or RGB24, opaque: the alpha channel is not written) to
 * out; level is zlib's, 1 (fastest) to 9 (smallest). False when out of memory. */
bool sm_png_encode(cairo_surface_t *surface, int level, sm_buf *out);

#endif
