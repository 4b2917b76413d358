/* image.c: decoding images once per document — SVG as vectors, PNG, JPEG passed through. */
#include "layout.h"

#include <cairo.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <librsvg/rsvg.h>
#include <string.h>

static void destroy_surface(void *surface) { cairo_surface_destroy(surface); }

static bool load_svg(sm_layouter *l, sm_image *image, sm_pos pos) {
    GError *error = NULL;
    RsvgHandle *handle = rsvg_handle_new_from_file(image->path, &error);
    if (!handle) {
        sm_error(l->diags, pos, "cannot read SVG: %s", error ? error->message : "unknown error");
        g_clear_error(&error);
        return false;
    }
    sm_arena_defer(l->arena, g_object_unref, handle);
    gdouble w = 0, h = 0;
    if (!rsvg_handle_get_intrinsic_size_in_pixels(handle, &w, &h) || w <= 0 || h <= 0) {
        /* No absolute size: take the viewBox's proportions. */
        gboolean has_w, has_h, has_viewbox;
        RsvgLength lw, lh;
        RsvgRectangle viewbox;
        rsvg_handle_get_intrinsic_dimensions(handle, &has_w, &lw, &has_h, &lh, &has_viewbox,
                                             &viewbox);
        if (!has_viewbox || viewbox.width <= 0 || viewbox.height <= 0) {
            sm_error(l->diags, pos, "SVG has neither a size nor a viewBox");
            return false;
        }
        w = viewbox.width;
        h = viewbox.height;
    }
    image->svg = handle;
    image->width = w;
    image->height = h;
    return true;
}

static bool load_png(sm_layouter *l, sm_image *image, sm_pos pos) {
    cairo_surface_t *surface = cairo_image_surface_create_from_png(image->path);
    if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
        sm_error(l->diags, pos, "cannot read PNG: %s",
                 cairo_status_to_string(cairo_surface_status(surface)));
        cairo_surface_destroy(surface);
        return false;
    }
    sm_arena_defer(l->arena, destroy_surface, surface);
    image->surface = surface;
    image->width = cairo_image_surface_get_width(surface);
    image->height = cairo_image_surface_get_height(surface);
    return true;
}

/* The number of colour components in a JPEG's frame header (SOF), or 0 when not found. */
static int jpeg_components(const unsigned char *d, size_t size) {
    for (size_t i = 2; i + 9 < size;) {
        if (d[i] != 0xff) return 0;
        unsigned char marker = d[i + 1];
        size_t length = (size_t)d[i + 2] << 8 | d[i + 3];
        /* SOF0–SOF15, except DHT (C4), JPG (C8) and DAC (CC) */
        if (marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc)
            return d[i + 9];
        i += 2 + length;
    }
    return 0;
}

/* Decodes for PNG output and measuring; the PDF embeds the original bytes (mime data). */
static bool load_jpeg(sm_layouter *l, sm_image *image, sm_pos pos) {
    gchar *bytes = NULL;
    gsize size = 0;
    GError *error = NULL;
    if (!g_file_get_contents(image->path, &bytes, &size, &error)) {
        sm_error(l->diags, pos, "cannot read JPEG: %s", error->message);
        g_clear_error(&error);
        return false;
    }
    /* Adobe tools write CMYK JPEGs inverted (APP14), and every RGB pipeline after us would
     * misread them: refuse rather than print the wrong colours. */
    if (jpeg_components((const unsigned char *)bytes, size) == 4) {
        sm_error(l->diags, pos,
                 "CMYK JPEG refused: save it as RGB (CMYK JPEGs from Adobe tools are often "
                 "stored inverted and print with wrong colours)");
        g_free(bytes);
        return false;
    }
    GdkPixbuf *pixbuf = gdk_pixbuf_new_from_file(image->path, &error);
    if (!pixbuf) {
        sm_error(l->diags, pos, "cannot decode JPEG: %s", error ? error->message : "unknown error");
        g_clear_error(&error);
        g_free(bytes);
        return false;
    }
    int w = gdk_pixbuf_get_width(pixbuf), h = gdk_pixbuf_get_height(pixbuf);
    int channels = gdk_pixbuf_get_n_channels(pixbuf), stride = gdk_pixbuf_get_rowstride(pixbuf);
    const guchar *pixels = gdk_pixbuf_read_pixels(pixbuf);
    cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    unsigned char *dst = cairo_image_surface_get_data(surface);
    int dst_stride = cairo_image_surface_get_stride(surface);
    for (int y = 0; y < h; y++) {
        uint32_t *row = (uint32_t *)(void *)(dst + (size_t)y * (size_t)dst_stride);
        const guchar *src = pixels + (size_t)y * (size_t)stride;
        for (int x = 0; x < w; x++, src += channels)
            row[x] = (uint32_t)src[0] << 16 | (uint32_t)src[1] << 8 | src[2];
    }
    cairo_surface_mark_dirty(surface);
    g_object_unref(pixbuf);
    cairo_surface_set_mime_data(surface, CAIRO_MIME_TYPE_JPEG, (unsigned char *)bytes, size, g_free,
                                bytes);
    sm_arena_defer(l->arena, destroy_surface, surface);
    image->surface = surface;
    image->width = w;
    image->height = h;
    return true;
}

const sm_image *sm_image_get(sm_layouter *l, const char *path, sm_pos pos) {
    for (sm_image_entry *e = l->images; e; e = e->next)
        if (strcmp(e->image.path, path) == 0) return &e->image;

    unsigned char magic[8] = {0};
    FILE *f = fopen(path, "rb");
    size_t got = f ? fread(magic, 1, sizeof magic, f) : 0;
    if (f) fclose(f);
    sm_image_entry *entry = sm_arena_alloc(l->arena, sizeof *entry);
    entry->image.path = path;
    bool ok;
    /* Trust the bytes, not the name: a .png that is really a JPEG is still drawn right. */
    if (got >= 8 && memcmp(magic, "\x89PNG\r\n\x1a\n", 8) == 0) {
        entry->image.format = SM_IMAGE_PNG;
        ok = load_png(l, &entry->image, pos);
    } else if (got >= 3 && magic[0] == 0xff && magic[1] == 0xd8 && magic[2] == 0xff) {
        entry->image.format = SM_IMAGE_JPEG;
        ok = load_jpeg(l, &entry->image, pos);
    } else {
        entry->image.format = SM_IMAGE_SVG;
        ok = load_svg(l, &entry->image, pos);
    }
    if (!ok) return NULL;
    entry->next = l->images;
    l->images = entry;
    return &entry->image;
}
