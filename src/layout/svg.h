/* svg.h: the SVG that surimono's own illustrations are made of, drawn without librsvg. */
#ifndef SM_SVG_H
#define SM_SVG_H

#include <cairo.h>
#include <stddef.h>

/* Draws an SVG document onto a new recording surface of its size (returned in *width and
 * *height, in px), when it uses only the plain subset: svg, g, defs, use, path, rect,
 * circle, ellipse, line, polyline, polygon and single-line text; fill and stroke with their
 * opacities, widths, caps, joins and dashes; transforms; presentation attributes or a simple
 * style="". Anything else — gradients, clipping, masks, filters, group opacity, CSS classes,
 * other units, an element or attribute it does not know — returns NULL, and the caller has
 * librsvg draw the file (loading librsvg costs 15–25 ms; this parse, well under one). The
 * text must already have passed sm_svg_check. */
cairo_surface_t *sm_svg_draw(const char *text, size_t size, double *width, double *height);

#endif
