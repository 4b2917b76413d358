/* png_encode.c: an opaque page image as PNG bytes — 8-bit RGB (the page is painted white
 * first, so cairo's alpha channel is all 255 and would only cost a quarter more data), each
 * row filtered "Up", deflated at the level the caller chooses: a catalogue thumbnail at the
 * fastest level, a PNG asked for with `render -o page.png` at the usual one. */
#include "png_encode.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static void put32(sm_buf *out, uint32_t v) {
    char b[4] = {(char)(v >> 24), (char)(v >> 16), (char)(v >> 8), (char)v};
    sm_buf_append(out, b, 4);
}

/* A chunk: length, type, data, CRC of type and data. */
static void chunk(sm_buf *out, const char type[4], const unsigned char *data, size_t len) {
    put32(out, (uint32_t)len);
    sm_buf_append(out, type, 4);
    if (len) sm_buf_append(out, (const char *)data, len);
    uLong crc = crc32(0L, (const Bytef *)type, 4);
    if (len) crc = crc32(crc, data, (uInt)len);
    put32(out, (uint32_t)crc);
}

bool sm_png_encode(cairo_surface_t *surface, int level, sm_buf *out) {
    if (cairo_image_surface_get_format(surface) != CAIRO_FORMAT_ARGB32 &&
        cairo_image_surface_get_format(surface) != CAIRO_FORMAT_RGB24)
        return false;
    cairo_surface_flush(surface);
    int w = cairo_image_surface_get_width(surface), h = cairo_image_surface_get_height(surface);
    int stride = cairo_image_surface_get_stride(surface);
    const unsigned char *pixels = cairo_image_surface_get_data(surface);
    if (w <= 0 || h <= 0 || !pixels) return false;

    /* The filtered rows: a filter byte, then each pixel's RGB minus the one above it. */
    size_t row = 1 + (size_t)w * 3, raw_size = row * (size_t)h;
    unsigned char *raw = malloc(raw_size), *previous = calloc((size_t)w * 3, 1);
    unsigned char *current = malloc((size_t)w * 3);
    if (!raw || !previous || !current) {
        free(raw), free(previous), free(current);
        return false;
    }
    for (int y = 0; y < h; y++) {
        const uint32_t *src = (const uint32_t *)(const void *)(pixels + (size_t)y * (size_t)stride);
        unsigned char *dst = raw + (size_t)y * row;
        for (int x = 0; x < w; x++) { /* cairo stores 0xAARRGGBB in native order */
            current[3 * x] = (unsigned char)(src[x] >> 16);
            current[3 * x + 1] = (unsigned char)(src[x] >> 8);
            current[3 * x + 2] = (unsigned char)src[x];
        }
        dst[0] = 2; /* Up */
        for (size_t i = 0; i < (size_t)w * 3; i++)
            dst[1 + i] = (unsigned char)(current[i] - previous[i]);
        unsigned char *swap = previous;
        previous = current, current = swap;
    }
    free(previous), free(current);

    uLongf packed_size = compressBound((uLong)raw_size);
    unsigned char *packed = malloc(packed_size);
    bool ok = packed && compress2(packed, &packed_size, raw, (uLong)raw_size, level) == Z_OK;
    free(raw);
    if (ok) {
        static const unsigned char signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        sm_buf_append(out, (const char *)signature, sizeof signature);
        unsigned char header[13] = {(unsigned char)(w >> 24),
                                    (unsigned char)(w >> 16),
                                    (unsigned char)(w >> 8),
                                    (unsigned char)w,
                                    (unsigned char)(h >> 24),
                                    (unsigned char)(h >> 16),
                                    (unsigned char)(h >> 8),
                                    (unsigned char)h,
                                    8 /* bits */,
                                    2 /* RGB */,
                                    0,
                                    0,
                                    0 /* not interlaced */};
        chunk(out, "IHDR", header, sizeof header);
        chunk(out, "IDAT", packed, packed_size);
        chunk(out, "IEND", NULL, 0);
    }
    free(packed);
    return ok;
}
