/* image.c: decoding images once per document — SVG as vectors (svg.c, else librsvg), PNG,
 * JPEG passed through —
 * each file read through the path policy and its header checked against the limits before
 * anything is decoded. */
#include "layout.h"

#include "../base/limits.h"
#include "../base/path.h"
#include "image_check.h"
#include "pictures_api.h"
#include "svg.h"

#include <cairo.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void destroy_surface(void *surface) { cairo_surface_destroy(surface); }

/* A picture's path as the author wrote it: relative to the project root. */
static const char *shown(const sm_layouter *l, const char *path) {
    size_t n = strlen(l->doc->root);
    return strncmp(path, l->doc->root, n) == 0 && path[n] == '/' ? path + n + 1 : path;
}

/* Reads a picture file under the policy (inside the project root, a regular file, at most
 * limit bytes); records an error at pos naming the file and the reason. */
static bool read_picture(sm_layouter *l, const char *path, size_t limit, const char *limit_text,
                         sm_pos pos, sm_buf *out) {
    sm_path_status status = sm_path_read(path, l->doc->root, limit, out, NULL);
    if (status == SM_PATH_OK) return true;
    int err = errno;
    char why[160];
    if (status == SM_PATH_TOO_LARGE)
        sm_error(l->diags, pos, "cannot read '%s': it is larger than %s", shown(l, path),
                 limit_text);
    else
        sm_error(l->diags, pos, "cannot read '%s': it %s", shown(l, path),
                 sm_path_status_text(status, path, err, why, sizeof why));
    return false;
}

/* ---- SVG ---------------------------------------------------------------------------- */

/* The pictures an SVG refers to are checked as if the definition named them. */
typedef struct svg_refs {
    sm_layouter *l;
    const char *svg_path;
    sm_pos pos;
    bool ok;
} svg_refs;

static void check_svg_picture(void *closure, const char *href) {
    svg_refs *refs = closure;
    if (!refs->ok) return;
    char *unescaped = g_uri_unescape_string(href, NULL);
    char *dir = g_path_get_dirname(refs->svg_path);
    char *path = g_build_filename(dir, unescaped ? unescaped : href, NULL);
    sm_buf bytes = {0};
    if (!read_picture(refs->l, path, SM_IMAGE_MAX_FILE, "64 MiB, the limit for a picture",
                      refs->pos, &bytes)) {
        refs->ok = false;
    } else {
        sm_raster_facts facts;
        const unsigned char *d = (const unsigned char *)bytes.data;
        const char *why = bytes.len >= 2 && d[0] == 0xff && d[1] == 0xd8
                              ? sm_jpeg_check(d, bytes.len, &facts)
                              : sm_png_check(d, bytes.len, &facts);
        if (!why) why = sm_raster_check_limits(&facts);
        if (why) {
            sm_error(refs->l->diags, refs->pos, "the SVG '%s' shows the picture '%s': %s",
                     shown(refs->l, refs->svg_path), href, why);
            refs->ok = false;
        }
    }
    sm_buf_free(&bytes);
    g_free(path);
    g_free(dir);
    g_free(unescaped);
}

static bool load_svg(sm_layouter *l, sm_image *image, sm_pos pos) {
    sm_buf text = {0};
    if (!read_picture(l, image->path, SM_SVG_MAX_FILE, "16 MiB, the limit for an SVG", pos, &text))
        return false;
    char why[256];
    svg_refs refs = {l, image->path, pos, true};
    const char *problem =
        sm_svg_check(text.data, text.len, check_svg_picture, &refs, why, sizeof why);
    if (problem || !refs.ok) {
        if (problem)
            sm_error(l->diags, pos, "cannot use the SVG '%s': %s", shown(l, image->path), problem);
        sm_buf_free(&text);
        return false;
    }
    /* The plain subset our illustrations use is drawn here; librsvg (15–25 ms to load)
     * only draws what is beyond it. */
    double w = 0, h = 0;
    cairo_surface_t *plain = sm_svg_draw(text.data, text.len, &w, &h);
    if (plain) {
        sm_buf_free(&text);
        sm_arena_defer(l->arena, destroy_surface, plain);
        image->drawing = plain;
        image->width = w;
        image->height = h;
        return true;
    }
    /* Parsed from the bytes checked above, not the file again; the base file lets it find
     * the pictures it refers to. Default flags: librsvg's own size limits stay on. */
    GInputStream *stream = g_memory_input_stream_new_from_data(text.data, (gssize)text.len, NULL);
    GFile *base = g_file_new_for_path(image->path);
    GError *error = NULL;
    RsvgHandle *handle =
        rsvg_handle_new_from_stream_sync(stream, base, RSVG_HANDLE_FLAGS_NONE, NULL, &error);
    g_object_unref(base);
    g_object_unref(stream);
    sm_buf_free(&text);
    if (!handle) {
        sm_error(l->diags, pos, "cannot read SVG: %s", error ? error->message : "unknown error");
        g_clear_error(&error);
        return false;
    }
    sm_arena_defer(l->arena, g_object_unref, handle);
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
    /* Recorded once: every box that shows it, in every output a worker makes, replays it. */
    cairo_rectangle_t extents = {0, 0, w, h};
    cairo_surface_t *drawing = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &extents);
    cairo_t *cr = cairo_create(drawing);
    RsvgRectangle viewport = {0, 0, w, h};
    bool drawn = rsvg_handle_render_document(handle, cr, &viewport, &error);
    cairo_destroy(cr);
    sm_arena_defer(l->arena, destroy_surface, drawing);
    if (!drawn || cairo_surface_status(drawing) != CAIRO_STATUS_SUCCESS) {
        sm_error(l->diags, pos, "cannot draw '%s': %s", shown(l, image->path),
                 error ? error->message : "librsvg failed");
        g_clear_error(&error);
        return false;
    }
    image->svg = handle;
    image->drawing = drawing;
    image->width = w;
    image->height = h;
    return true;
}

/* ---- PNG ---------------------------------------------------------------------------- */

typedef struct byte_reader {
    const unsigned char *data;
    size_t size, at;
} byte_reader;

static cairo_status_t read_bytes(void *closure, unsigned char *out, unsigned int length) {
    byte_reader *r = closure;
    if (length > r->size - r->at) return CAIRO_STATUS_READ_ERROR;
    memcpy(out, r->data + r->at, length);
    r->at += length;
    return CAIRO_STATUS_SUCCESS;
}

static bool load_png(sm_layouter *l, sm_image *image, const sm_buf *bytes, sm_pos pos) {
    sm_raster_facts facts;
    const char *why = sm_png_check((const unsigned char *)bytes->data, bytes->len, &facts);
    if (!why) why = sm_raster_check_limits(&facts);
    if (why) {
        sm_error(l->diags, pos, "cannot use the PNG '%s': %s", shown(l, image->path), why);
        return false;
    }
    byte_reader reader = {(const unsigned char *)bytes->data, bytes->len, 0};
    cairo_surface_t *surface = cairo_image_surface_create_from_png_stream(read_bytes, &reader);
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

/* ---- JPEG --------------------------------------------------------------------------- */

/* Decodes for PNG output and measuring; the PDF embeds the original bytes (mime data). */
static bool load_jpeg(sm_layouter *l, sm_image *image, sm_buf *bytes, sm_pos pos) {
    sm_raster_facts facts;
    const char *why = sm_jpeg_check((const unsigned char *)bytes->data, bytes->len, &facts);
    if (!why) why = sm_raster_check_limits(&facts);
    if (why) {
        sm_error(l->diags, pos, "cannot use the JPEG '%s': %s", shown(l, image->path), why);
        return false;
    }
    /* Adobe tools write CMYK JPEGs inverted (APP14), and every RGB pipeline after us would
     * misread them: refuse rather than print the wrong colours. */
    if (facts.components == 4) {
        sm_error(l->diags, pos,
                 "CMYK JPEG refused: save it as RGB (CMYK JPEGs from Adobe tools are often "
                 "stored inverted and print with wrong colours)");
        return false;
    }
    /* Only the JPEG loader: the bytes are known to be one, and no other of gdk-pixbuf's
     * loaders should ever see them. */
    GError *error = NULL;
    GdkPixbufLoader *loader = gdk_pixbuf_loader_new_with_type("jpeg", &error);
    bool decoded =
        loader &&
        gdk_pixbuf_loader_write(loader, (const guchar *)bytes->data, bytes->len, &error) &&
        gdk_pixbuf_loader_close(loader, &error);
    GdkPixbuf *pixbuf = decoded ? gdk_pixbuf_loader_get_pixbuf(loader) : NULL;
    if (!pixbuf || gdk_pixbuf_get_width(pixbuf) != facts.width ||
        gdk_pixbuf_get_height(pixbuf) != facts.height) {
        sm_error(l->diags, pos, "cannot decode JPEG: %s",
                 error ? error->message : "the decoded picture does not match its header");
        g_clear_error(&error);
        if (loader) {
            if (!decoded) gdk_pixbuf_loader_close(loader, NULL);
            g_object_unref(loader);
        }
        return false;
    }
    int w = gdk_pixbuf_get_width(pixbuf), h = gdk_pixbuf_get_height(pixbuf);
    int channels = gdk_pixbuf_get_n_channels(pixbuf), stride = gdk_pixbuf_get_rowstride(pixbuf);
    const guchar *pixels = gdk_pixbuf_read_pixels(pixbuf);
    cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
        sm_error(l->diags, pos, "cannot decode JPEG: cairo: %s",
                 cairo_status_to_string(cairo_surface_status(surface)));
        cairo_surface_destroy(surface);
        g_object_unref(loader);
        return false;
    }
    unsigned char *dst = cairo_image_surface_get_data(surface);
    int dst_stride = cairo_image_surface_get_stride(surface);
    for (int y = 0; y < h; y++) {
        uint32_t *row = (uint32_t *)(void *)(dst + (size_t)y * (size_t)dst_stride);
        const guchar *src = pixels + (size_t)y * (size_t)stride;
        if (channels >= 3) {
            for (int x = 0; x < w; x++, src += channels)
                row[x] = (uint32_t)src[0] << 16 | (uint32_t)src[1] << 8 | src[2];
        } else {
            for (int x = 0; x < w; x++, src += channels) row[x] = (uint32_t)src[0] * 0x010101u;
        }
    }
    cairo_surface_mark_dirty(surface);
    g_object_unref(loader);
    /* The surface owns the file's bytes from here: the PDF embeds them as they are. */
    cairo_surface_set_mime_data(surface, CAIRO_MIME_TYPE_JPEG, (unsigned char *)bytes->data,
                                bytes->len, free, bytes->data);
    *bytes = (sm_buf){0};
    sm_arena_defer(l->arena, destroy_surface, surface);
    image->surface = surface;
    image->width = w;
    image->height = h;
    return true;
}

/* ---- kept for the process (sm_pictures_keep) ------------------------------------------ */

typedef struct kept_picture {
    sm_image image; /* holds a reference to its handle and surfaces */
    struct stat file;
} kept_picture;

static GHashTable *kept; /* path → kept_picture; NULL while off */

static void free_kept(void *p) {
    kept_picture *k = p;
    if (k->image.svg) g_object_unref(k->image.svg);
    if (k->image.drawing) cairo_surface_destroy(k->image.drawing);
    if (k->image.surface) cairo_surface_destroy(k->image.surface);
    g_free((char *)k->image.path);
    g_free(k);
}

void sm_pictures_keep(void) {
    if (!kept) kept = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, free_kept);
}

static bool same_file(const struct stat *a, const struct stat *b) {
    return a->st_size == b->st_size && a->st_ino == b->st_ino && a->st_dev == b->st_dev &&
           a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/* The kept picture of path, with a reference for this document's arena; false when there
 * is none or its file changed. */
static bool take_kept(sm_layouter *l, const char *path, sm_image *out) {
    struct stat st;
    kept_picture *k = kept ? g_hash_table_lookup(kept, path) : NULL;
    if (!k || stat(path, &st) != 0 || !same_file(&k->file, &st)) return false;
    *out = k->image;
    out->path = path;
    if (out->svg) sm_arena_defer(l->arena, g_object_unref, g_object_ref(out->svg));
    if (out->drawing)
        sm_arena_defer(l->arena, destroy_surface, cairo_surface_reference(out->drawing));
    if (out->surface)
        sm_arena_defer(l->arena, destroy_surface, cairo_surface_reference(out->surface));
    return true;
}

/* Keeps a picture this document decoded (its file as it was before reading it). */
static void keep(const sm_image *image, const struct stat *before) {
    kept_picture *k = g_new0(kept_picture, 1);
    k->image = *image;
    k->image.path = g_strdup(image->path);
    k->file = *before;
    if (k->image.svg) g_object_ref(k->image.svg);
    if (k->image.drawing) cairo_surface_reference(k->image.drawing);
    if (k->image.surface) cairo_surface_reference(k->image.surface);
    g_hash_table_replace(kept, (char *)k->image.path, k);
}

/* Decodes the picture at image->path (its errors recorded at pos). */
static bool decode(sm_layouter *l, sm_image *image, sm_pos pos) {
    const char *path = image->path;
    /* Trust the bytes, not the name: a .png that is really a JPEG is still drawn right. An
     * SVG is read as text by load_svg, with its own size limit. */
    unsigned char magic[8] = {0};
    int fd;
    size_t got = 0;
    if (sm_path_open_read(path, l->doc->root, &fd, NULL) == SM_PATH_OK) {
        ssize_t n = read(fd, magic, sizeof magic);
        got = n > 0 ? (size_t)n : 0;
        close(fd);
    }
    bool png = got >= 8 && memcmp(magic, "\x89PNG\r\n\x1a\n", 8) == 0;
    bool jpeg = got >= 3 && magic[0] == 0xff && magic[1] == 0xd8 && magic[2] == 0xff;
    if (!png && !jpeg) {
        image->format = SM_IMAGE_SVG;
        return load_svg(l, image, pos);
    }
    sm_buf bytes = {0};
    bool ok =
        read_picture(l, path, SM_IMAGE_MAX_FILE, "64 MiB, the limit for a picture", pos, &bytes);
    image->format = png ? SM_IMAGE_PNG : SM_IMAGE_JPEG;
    if (ok) ok = png ? load_png(l, image, &bytes, pos) : load_jpeg(l, image, &bytes, pos);
    sm_buf_free(&bytes);
    return ok;
}

/* ---- decoded on the other core (sm_images_prefetch) ----------------------------------- */

/* A picture the document shows, decoded by the prefetch thread. */
typedef struct prefetched {
    sm_image image;
    sm_pos pos;      /* of the first element that shows it */
    sm_diags *diags; /* its decoding's diagnostics, moved to the document's when taken */
    bool ok;
} prefetched;

struct sm_image_prefetch {
    GThread *thread;
    GMutex lock;
    GCond cond;
    prefetched *items;
    size_t count, done; /* items[0..done) are decoded */
    sm_layouter worker; /* the layouter as the thread sees it: its own arena and diagnostics */
};

static gpointer prefetch_main(gpointer data) {
    sm_image_prefetch *p = data;
    for (size_t i = 0; i < p->count; i++) {
        p->worker.diags = p->items[i].diags;
        p->items[i].ok = decode(&p->worker, &p->items[i].image, p->items[i].pos);
        g_mutex_lock(&p->lock);
        p->done = i + 1;
        g_cond_broadcast(&p->cond);
        g_mutex_unlock(&p->lock);
    }
    return NULL;
}

static void collect(GPtrArray *found, const sm_elem *e) {
    if (!e) return;
    if (e->path) {
        bool seen = false;
        for (guint i = 0; i < found->len && !seen; i++)
            seen = strcmp(((const sm_elem *)found->pdata[i])->path, e->path) == 0;
        if (!seen) g_ptr_array_add(found, (gpointer)e);
    }
    for (size_t i = 0; i < e->child_count; i++) collect(found, e->children[i]);
}

void sm_images_prefetch(sm_layouter *l, const sm_resolved *res) {
    /* Kept pictures (a build's workers) are decoded once per process already; one core has
     * nothing to overlap with. */
    if (kept || g_get_num_processors() < 2) return;
    GPtrArray *found = g_ptr_array_new();
    for (size_t i = 0; i < res->page_count; i++) collect(found, res->pages[i].body);
    if (res->flow) {
        collect(found, res->flow->body);
        collect(found, res->flow->head);
    }
    if (found->len == 0) {
        g_ptr_array_free(found, TRUE);
        return;
    }
    sm_image_prefetch *p = sm_arena_alloc(l->arena, sizeof *p);
    g_mutex_init(&p->lock);
    g_cond_init(&p->cond);
    p->count = found->len;
    p->items = sm_arena_array(l->arena, p->count, sizeof *p->items);
    for (size_t i = 0; i < p->count; i++) {
        const sm_elem *e = found->pdata[i];
        p->items[i] =
            (prefetched){.image = {.path = e->path}, .pos = e->pos, .diags = sm_diags_new()};
    }
    g_ptr_array_free(found, TRUE);
    /* The thread allocates in an arena of its own, freed with the document's. */
    p->worker = *l;
    p->worker.arena = sm_arena_new();
    sm_arena_defer(l->arena, (void (*)(void *))sm_arena_free, p->worker.arena);
    p->thread = g_thread_try_new("surimono pictures", prefetch_main, p, NULL);
    if (!p->thread) {
        /* Decoded on demand instead, as without a second core. */
        for (size_t i = 0; i < p->count; i++) sm_diags_free(p->items[i].diags);
        return;
    }
    l->prefetch = p;
}

void sm_images_prefetch_end(sm_layouter *l) {
    sm_image_prefetch *p = l->prefetch;
    if (!p) return;
    g_thread_join(p->thread);
    for (size_t i = 0; i < p->count; i++) sm_diags_free(p->items[i].diags);
    g_mutex_clear(&p->lock);
    g_cond_clear(&p->cond);
    l->prefetch = NULL;
}

/* The prefetched picture of path, waited for, its diagnostics moved to the document's;
 * false when the thread does not decode it. */
static bool take_prefetched(sm_layouter *l, const char *path, sm_image_entry *entry) {
    sm_image_prefetch *p = l->prefetch;
    if (!p) return false;
    size_t i = 0;
    while (i < p->count && strcmp(p->items[i].image.path, path) != 0) i++;
    if (i == p->count) return false;
    g_mutex_lock(&p->lock);
    while (p->done <= i) g_cond_wait(&p->cond, &p->lock);
    g_mutex_unlock(&p->lock);
    const sm_diags *diags = p->items[i].diags;
    for (size_t k = 0; k < sm_diags_count(diags); k++) {
        const sm_diag *d = sm_diags_at(diags, k);
        sm_diag_add(l->diags, d->severity, (sm_pos){d->file, d->line, d->col}, "%s", d->message);
    }
    entry->image = p->items[i].image;
    entry->image.path = path;
    entry->failed = !p->items[i].ok;
    return true;
}

const sm_image *sm_image_get(sm_layouter *l, const char *path, sm_pos pos) {
    for (sm_image_entry *e = l->images; e; e = e->next)
        if (strcmp(e->image.path, path) == 0) return e->failed ? NULL : &e->image;

    /* Every outcome is kept, a failure too: measuring and placing ask for the same picture,
     * and its error is reported once. */
    sm_image_entry *entry = sm_arena_alloc(l->arena, sizeof *entry);
    entry->image.path = path;
    entry->next = l->images;
    l->images = entry;
    if (take_prefetched(l, path, entry)) return entry->failed ? NULL : &entry->image;
    if (take_kept(l, path, &entry->image)) return &entry->image;
    struct stat before;
    bool stable = kept && stat(path, &before) == 0;
    bool ok = decode(l, &entry->image, pos);
    entry->failed = !ok;
    if (ok && stable) keep(&entry->image, &before);
    return ok ? &entry->image : NULL;
}
