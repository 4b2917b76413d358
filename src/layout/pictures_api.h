/* pictures_api.h: librsvg and gdk-pixbuf (SVG and JPEG decoding), loaded on the first
 * picture (base/lazy.h). Include this instead of their headers; functions are called as
 * ever, through the table sm_pictures() fills. A function missing from the list fails to
 * link (neither library is linked). */
#ifndef SM_PICTURES_API_H
#define SM_PICTURES_API_H

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <librsvg/rsvg.h>

#define SM_PICTURES_FUNCTIONS(X) \
    X(rsvg_handle_get_intrinsic_dimensions) \
    X(rsvg_handle_get_intrinsic_size_in_pixels) \
    X(rsvg_handle_new_from_stream_sync) \
    X(rsvg_handle_render_document) \
    X(gdk_pixbuf_get_height) \
    X(gdk_pixbuf_get_n_channels) \
    X(gdk_pixbuf_get_rowstride) \
    X(gdk_pixbuf_get_width) \
    X(gdk_pixbuf_loader_close) \
    X(gdk_pixbuf_loader_get_pixbuf) \
    X(gdk_pixbuf_loader_new_with_type) \
    X(gdk_pixbuf_loader_write) \
    X(gdk_pixbuf_read_pixels)

typedef struct sm_pictures_api {
#define SM_PICTURES_SLOT(name) __typeof__(name) *name;
    SM_PICTURES_FUNCTIONS(SM_PICTURES_SLOT)
#undef SM_PICTURES_SLOT
} sm_pictures_api;

/* The table, librsvg (and the gdk-pixbuf it needs) loaded at the first call. */
const sm_pictures_api *sm_pictures(void);
/* Loads librsvg now (for sm_lazy_prefetch). */
void sm_pictures_load(void);

#define rsvg_handle_get_intrinsic_dimensions (sm_pictures()->rsvg_handle_get_intrinsic_dimensions)
#define rsvg_handle_get_intrinsic_size_in_pixels (sm_pictures()->rsvg_handle_get_intrinsic_size_in_pixels)
#define rsvg_handle_new_from_stream_sync (sm_pictures()->rsvg_handle_new_from_stream_sync)
#define rsvg_handle_render_document (sm_pictures()->rsvg_handle_render_document)
#define gdk_pixbuf_get_height (sm_pictures()->gdk_pixbuf_get_height)
#define gdk_pixbuf_get_n_channels (sm_pictures()->gdk_pixbuf_get_n_channels)
#define gdk_pixbuf_get_rowstride (sm_pictures()->gdk_pixbuf_get_rowstride)
#define gdk_pixbuf_get_width (sm_pictures()->gdk_pixbuf_get_width)
#define gdk_pixbuf_loader_close (sm_pictures()->gdk_pixbuf_loader_close)
#define gdk_pixbuf_loader_get_pixbuf (sm_pictures()->gdk_pixbuf_loader_get_pixbuf)
#define gdk_pixbuf_loader_new_with_type (sm_pictures()->gdk_pixbuf_loader_new_with_type)
#define gdk_pixbuf_loader_write (sm_pictures()->gdk_pixbuf_loader_write)
#define gdk_pixbuf_read_pixels (sm_pictures()->gdk_pixbuf_read_pixels)

#endif
