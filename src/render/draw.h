/* draw.h: drawing one laid-out page of boxes onto any cairo context (PDF, PNG, thumbnails). */
#ifndef SM_DRAW_H
#define SM_DRAW_H

#include "../base/diag.h"
#include "../layout/box.h"
#include "../model/doc.h"

#include <cairo.h>

/* Draws every box of `page` in order, in page points with the origin at the sheet's
 * top-left (the caller sets any scale first), with the document's print settings from
 * `pages` (gray mode, trim marks; NULL: neither), structure tags around each box. Changes no state of `cr` that outlives the call.
 * Text layouts are drawn as laid out: they are never re-laid-out for this context.
 * An image that cannot be drawn is skipped and, when diags is not NULL, recorded as an
 * error at the box's position; cairo's own errors stay in cr's status. */
void sm_draw_page(cairo_t *cr, const sm_page *page, const sm_pages *pages, sm_diags *diags);

/* The registration colour of trim marks as cairo draws it: an RGB no design uses, which
 * the PDF pass replaces with /Separation /All (every plate). */
#define SM_REGISTRATION_R (1.0 / 255)
#define SM_REGISTRATION_G (2.0 / 255)
#define SM_REGISTRATION_B (3.0 / 255)

#endif
