/* image_check.h: what a picture file claims about itself, read before anything is decoded —
 * so that a header that promises 65000×65000 pixels, a truncated JPEG or an SVG entity bomb
 * is refused with a reason instead of exhausting memory or aborting in a library. */
#ifndef SM_IMAGE_CHECK_H
#define SM_IMAGE_CHECK_H

#include <stdbool.h>
#include <stddef.h>

/* The size and colour components a raster header states. */
typedef struct sm_raster_facts {
    long width, height;
    int components; /* JPEG: 1 grey, 3 YCbCr/RGB, 4 CMYK; PNG: 0 (not needed) */
} sm_raster_facts;

/* PNG: the signature and the IHDR chunk. Returns NULL and fills facts when the header is
 * sound, else why not (static text). The pixel limits are the caller's to apply. */
const char *sm_png_check(const unsigned char *data, size_t size, sm_raster_facts *facts);

/* JPEG: SOI, the segments up to the first scan, a frame header (SOF) with a non-zero size,
 * and an end marker (EOI) after the scan data — a file cut short has none. Returns NULL and
 * fills facts when sound, else why not (static text). */
const char *sm_jpeg_check(const unsigned char *data, size_t size, sm_raster_facts *facts);

/* Applies SM_IMAGE_MAX_SIDE and SM_IMAGE_MAX_PIXELS (base/limits.h) to what a header says.
 * Returns NULL when within them, else which limit is passed (static text). */
const char *sm_raster_check_limits(const sm_raster_facts *facts);

/* A file an SVG refers to (an <image> href that is neither a fragment nor a data: URI). */
typedef void (*sm_svg_file_ref)(void *closure, const char *href);

/* The policy for SVG text, checked before librsvg parses it:
 * - entities: an internal DOCTYPE subset may declare general entities whose values hold
 *   neither markup nor other references ('<', '&', '%'), and their references may add at
 *   most SM_SVG_MAX_ENTITY_EXPANSION bytes when expanded; parameter entities and external
 *   (SYSTEM/PUBLIC) entities are refused — this bounds billion-laughs and quadratic
 *   expansion;
 * - references: every href and url(…) is a fragment (#id), a data: URI of a PNG or JPEG
 *   (whose header is checked as above), or — in an href — a relative path to a .png, .jpg or
 *   .jpeg file, passed to on_file for the caller to check; stylesheets and anything else
 *   (other SVG files, http:, file:, XInclude of other documents) are refused.
 * Returns NULL when the text is acceptable, else why not, written into why (why_size). */
const char *sm_svg_check(const char *text, size_t size, sm_svg_file_ref on_file, void *closure,
                         char *why, size_t why_size);

#endif
