/* draw.c: turns the boxes of one page into cairo drawing calls; nothing here lays out. */
#include "draw.h"

#include "../layout/layout.h"

#include <math.h>
#include <pango/pangocairo.h>

/* A marker's proportions, relative to its diameter: a 16 pt marker gets a 0.8 pt white
 * outline, a 0.64 pt leader and a dot of 2.4 pt across. */
#define SM_MARKER_OUTLINE 0.05
#define SM_MARKER_LEADER  0.04
#define SM_MARKER_DOT     0.15

/* Dashes of a dashed line, in multiples of its width; at least 1 pt so hairlines still
 * show as dashes in print. */
#define SM_DASH_ON 3.0
/* An arrowhead is this many line widths long and wide. */
#define SM_ARROW_HEAD 5.0
#define SM_DASH_OFF   2.0

/* Set on the cairo context while a page in gray mode is drawn: every colour prints as
 * the grey of the same luminance (layout checked the contrast on those greys). */
static const cairo_user_data_key_t sm_gray_key;

static bool sm_drawing_gray(cairo_t *cr) { return cairo_get_user_data(cr, &sm_gray_key) != NULL; }

/* Sets the source colour; false when the colour is fully transparent (nothing to draw). */
static bool sm_set_color(cairo_t *cr, sm_color c) {
    if (!(c.a > 0)) return false;
    if (sm_drawing_gray(cr)) c = sm_gray_of(c);
    cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a);
    return true;
}

/* A rectangle path whose corners are quarter circles of radius r (clamped to fit). */
static void sm_path_rounded(cairo_t *cr, double x, double y, double w, double h, double r) {
    if (r > w / 2) r = w / 2;
    if (r > h / 2) r = h / 2;
    if (!(r > 0)) {
        cairo_rectangle(cr, x, y, w, h);
        return;
    }
    cairo_new_sub_path(cr);
    cairo_arc(cr, x + w - r, y + r, r, -G_PI / 2, 0);
    cairo_arc(cr, x + w - r, y + h - r, r, 0, G_PI / 2);
    cairo_arc(cr, x + r, y + h - r, r, G_PI / 2, G_PI);
    cairo_arc(cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
    cairo_close_path(cr);
}

/* Hatching over the current path's fill, so a mark differs in more than its colour: thin
 * lines in white on a dark fill and in black on a light one, 3 pt apart, clipped to the
 * path (which is consumed). */
static void sm_hatch_path(cairo_t *cr, sm_hatch hatch, sm_color fill, double x, double y, double w,
                          double h) {
    if (hatch == SM_HATCH_NONE) {
        cairo_new_path(cr);
        return;
    }
    cairo_save(cr);
    cairo_clip(cr);
    if (sm_drawing_gray(cr)) fill = sm_gray_of(fill);
    double luminance = 0.2126 * fill.r + 0.7152 * fill.g + 0.0722 * fill.b;
    if (luminance < 0.45)
        cairo_set_source_rgb(cr, 1, 1, 1);
    else
        cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 0.6);
    const double spacing = 3.0;
    double reach = w + h;
    if (hatch == SM_HATCH_HORIZONTAL) {
        for (double t = y + spacing / 2; t < y + h; t += spacing) {
            cairo_move_to(cr, x, t);
            cairo_line_to(cr, x + w, t);
        }
    } else {
        /* Diagonals from bottom-left to top-right; crossed adds the other way. */
        for (double t = -h; t < reach; t += spacing) {
            cairo_move_to(cr, x + t, y + h);
            cairo_line_to(cr, x + t + h, y);
            if (hatch == SM_HATCH_CROSSED) {
                cairo_move_to(cr, x + t, y);
                cairo_line_to(cr, x + t + h, y + h);
            }
        }
    }
    cairo_stroke(cr);
    cairo_restore(cr);
}

/* The stroke is inside-aligned: its outer edge is the box edge, so what layout measured
 * is exactly what prints (a framed box never grows into a margin, gutter or the bleed).
 * The fill covers the whole box, under the stroke. */
static void sm_draw_rect(cairo_t *cr, const sm_box *box) {
    double x = box->x, y = box->y, w = box->w, h = box->h;
    double r = box->as.rect.radius, sw = box->as.rect.stroke_width;
    if (!(w > 0) || !(h > 0)) return;

    if (sm_set_color(cr, box->as.rect.fill)) {
        sm_path_rounded(cr, x, y, w, h, r);
        cairo_fill_preserve(cr);
        sm_hatch_path(cr, box->as.rect.hatch, box->as.rect.fill, x, y, w, h);
    }
    if (!(sw > 0) || !sm_set_color(cr, box->as.rect.stroke)) return;
    if (sw >= w || sw >= h) {
        /* The stroke would cover the whole box: it is a filled shape. */
        sm_path_rounded(cr, x, y, w, h, r);
        cairo_fill(cr);
        return;
    }
    double inset = sw / 2;
    sm_path_rounded(cr, x + inset, y + inset, w - sw, h - sw, r > inset ? r - inset : 0);
    cairo_set_line_width(cr, sw);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
    cairo_stroke(cr);
}

/* A callout's pointer: a triangle out of one side of its frame, filled like it, its two
 * outer edges stroked like it, the frame's edge under its base covered, so frame and
 * pointer read as one outline. */
static void sm_draw_pointer(cairo_t *cr, const sm_box *box) {
    int side = box->as.rect.pointer;
    double s = box->as.rect.pointer_size, sw = box->as.rect.stroke_width;
    if (!side || !(s > 0)) return;
    double x = box->x, y = box->y, w = box->w, h = box->h;
    double along = side <= 2 ? h : w;
    double at = fmin(fmax(box->as.rect.pointer_at, s), along - s); /* clear of the corners */
    /* base start, tip, base end, and the outward direction */
    double bx0, by0, tx, ty, bx1, by1;
    if (side <= 2) {
        double ex = side == 1 ? x : x + w, out = side == 1 ? -1 : 1;
        bx0 = ex, by0 = y + at - s / 2, tx = ex + out * s, ty = y + at, bx1 = ex,
        by1 = y + at + s / 2;
    } else {
        double ey = side == 3 ? y : y + h, out = side == 3 ? -1 : 1;
        bx0 = x + at - s / 2, by0 = ey, tx = x + at, ty = ey + out * s, bx1 = x + at + s / 2,
        by1 = ey;
    }
    if (sm_set_color(cr, box->as.rect.fill)) {
        cairo_move_to(cr, bx0, by0);
        cairo_line_to(cr, tx, ty);
        cairo_line_to(cr, bx1, by1);
        cairo_close_path(cr);
        cairo_fill(cr);
        if (sw > 0) { /* cover the frame's edge under the base */
            double inx = side == 1   ? sw
                         : side == 2 ? -sw
                                     : 0,
                   iny = side == 3   ? sw
                         : side == 4 ? -sw
                                     : 0;
            cairo_move_to(cr, bx0 + (side >= 3 ? sw : 0), by0 + (side <= 2 ? sw : 0));
            cairo_line_to(cr, bx1 - (side >= 3 ? sw : 0), by1 - (side <= 2 ? sw : 0));
            cairo_line_to(cr, bx1 - (side >= 3 ? sw : 0) + inx, by1 - (side <= 2 ? sw : 0) + iny);
            cairo_line_to(cr, bx0 + (side >= 3 ? sw : 0) + inx, by0 + (side <= 2 ? sw : 0) + iny);
            cairo_close_path(cr);
            cairo_fill(cr);
        }
    }
    if (sw > 0 && sm_set_color(cr, box->as.rect.stroke)) {
        cairo_move_to(cr, bx0, by0);
        cairo_line_to(cr, tx, ty);
        cairo_line_to(cr, bx1, by1);
        cairo_set_line_width(cr, sw);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
        cairo_stroke(cr);
    }
}

/* Draws the glyph runs the composer positioned; nothing is measured or moved here. The
 * glyph item carries the text, so the PDF maps every glyph back to its characters. */
static void sm_draw_paragraph(cairo_t *cr, const sm_paragraph *p, double x, double y) {
    for (size_t i = 0; i < p->run_count; i++) {
        const sm_glyph_run *run = &p->runs[i];
        if (!sm_set_color(cr, run->color)) continue;
        double baseline = y + p->lines[run->line].baseline + run->dy;
        if (run->upright) {
            /* Tate-chu-yoko: turned back upright around its centre, narrowed to an em. */
            double width = pango_glyph_string_get_width(run->glyphs.glyphs) / (double)PANGO_SCALE;
            cairo_save(cr);
            cairo_translate(cr, x + run->x, baseline);
            cairo_rotate(cr, -G_PI / 2);
            cairo_scale(cr, run->scale, 1);
            cairo_move_to(cr, -width / 2, (SM_EM_BOX_ASCENT - 0.5) * p->size);
            pango_cairo_show_glyph_item(cr, run->text, (PangoGlyphItem *)&run->glyphs);
            cairo_restore(cr);
            continue;
        }
        cairo_move_to(cr, x + run->x, baseline);
        pango_cairo_show_glyph_item(cr, run->text, (PangoGlyphItem *)&run->glyphs);
    }
}

static void sm_draw_text(cairo_t *cr, const sm_box *box) {
    const sm_paragraph *p = box->as.text.paragraph;
    if (!p) return;
    if (!p->vertical) {
        sm_draw_paragraph(cr, p, box->x, box->y);
        return;
    }
    /* Vertical-rl: the composer's frame turned a quarter clockwise about the box's top
     * right corner — lines run down the page, and follow each other leftwards. */
    cairo_save(cr);
    cairo_translate(cr, box->x + box->w, box->y);
    cairo_rotate(cr, G_PI / 2);
    sm_draw_paragraph(cr, p, 0, 0);
    cairo_restore(cr);
}

/* The ink rectangle of a paragraph's glyphs, relative to its top-left. */
static bool sm_paragraph_ink(const sm_paragraph *p, double *x0, double *y0, double *x1,
                             double *y1) {
    bool any = false;
    for (size_t i = 0; i < p->run_count; i++) {
        const sm_glyph_run *run = &p->runs[i];
        PangoRectangle ink;
        pango_glyph_string_extents(run->glyphs.glyphs, run->glyphs.item->analysis.font, &ink, NULL);
        if (ink.width <= 0 || ink.height <= 0) continue;
        double ax = run->x + ink.x / (double)PANGO_SCALE;
        double ay = p->lines[run->line].baseline + run->dy + ink.y / (double)PANGO_SCALE;
        double bx = ax + ink.width / (double)PANGO_SCALE,
               by = ay + ink.height / (double)PANGO_SCALE;
        if (!any || ax < *x0) *x0 = ax;
        if (!any || ay < *y0) *y0 = ay;
        if (!any || bx > *x1) *x1 = bx;
        if (!any || by > *y1) *y1 = by;
        any = true;
    }
    return any;
}

/* The SVG's recording, fitted into the box as librsvg fits a document into a viewport
 * (whole, centred, proportions kept). Drawn as a source, cairo writes it as one form. */
static void sm_draw_svg(cairo_t *cr, const sm_box *box) {
    const sm_image *image = box->as.image.image;
    if (!image->drawing || !(image->width > 0) || !(image->height > 0)) return;
    double scale = fmin(box->w / image->width, box->h / image->height);
    cairo_save(cr);
    cairo_translate(cr, box->x + (box->w - image->width * scale) / 2,
                    box->y + (box->h - image->height * scale) / 2);
    cairo_scale(cr, scale, scale);
    cairo_set_source_surface(cr, image->drawing, 0, 0);
    cairo_paint(cr);
    cairo_restore(cr);
}

/* PNG and JPEG: the decoded surface scaled into the box. The surface is used as it is:
 * a JPEG carries its file as CAIRO_MIME_TYPE_JPEG, which cairo's PDF backend embeds
 * unchanged as long as the pattern stays a plain, unpadded surface pattern (EXTEND_PAD
 * or drawing a copy would make it re-encode the pixels). */
static void sm_draw_raster(cairo_t *cr, const sm_box *box, sm_diags *diags) {
    const sm_image *image = box->as.image.image;
    cairo_surface_t *surface = image->surface;
    if (!surface) return;
    if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
        if (diags)
            sm_error(diags, box->pos, "cannot draw '%s': %s", image->path,
                     cairo_status_to_string(cairo_surface_status(surface)));
        return;
    }
    /* Scale from the pixels actually in the surface, whatever size was recorded. */
    double iw = image->width, ih = image->height;
    if (cairo_surface_get_type(surface) == CAIRO_SURFACE_TYPE_IMAGE) {
        iw = cairo_image_surface_get_width(surface);
        ih = cairo_image_surface_get_height(surface);
    }
    if (!(iw > 0) || !(ih > 0)) return;
    cairo_translate(cr, box->x, box->y);
    cairo_scale(cr, box->w / iw, box->h / ih);
    cairo_set_source_surface(cr, surface, 0, 0);
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
    cairo_paint(cr);
}

static void sm_draw_image(cairo_t *cr, const sm_box *box, sm_diags *diags) {
    const sm_image *image = box->as.image.image;
    if (!image || !(box->w > 0) || !(box->h > 0)) return;
    /* A picture stays inside its box, whatever its SVG draws beyond the viewBox. */
    cairo_rectangle(cr, box->x, box->y, box->w, box->h);
    cairo_clip(cr);
    bool gray = sm_drawing_gray(cr);
    /* Gray mode: the picture in a group, its saturation taken away by a grey painted over
     * it in the saturation blend mode — still vectors, still the original image data. A
     * blend over nothing leaves the grey itself, so the result is shown through the
     * picture's own alpha (a soft mask): where the picture is transparent the paper shows,
     * not a grey box. */
    if (gray) cairo_push_group(cr);
    if (image->format == SM_IMAGE_SVG)
        sm_draw_svg(cr, box);
    else
        sm_draw_raster(cr, box, diags);
    if (!gray) return;
    cairo_pattern_t *picture = cairo_pop_group(cr);
    cairo_push_group(cr);
    cairo_set_source(cr, picture);
    cairo_paint(cr);
    /* Any neutral takes the saturation away; white, because at the picture's soft edges
     * (partly transparent) some of it shows, and white on paper leaves no dark ring. */
    cairo_set_operator(cr, CAIRO_OPERATOR_HSL_SATURATION);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_pattern_t *grey = cairo_pop_group(cr);
    cairo_set_operator(cr, CAIRO_OPERATOR_OVER);
    cairo_set_source(cr, grey);
    cairo_mask(cr, picture);
    cairo_pattern_destroy(grey);
    cairo_pattern_destroy(picture);
}

static void sm_draw_line(cairo_t *cr, const sm_box *box) {
    double width = box->as.line.width;
    if (!(width > 0) || !sm_set_color(cr, box->as.line.color)) return;
    cairo_set_line_width(cr, width);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    if (box->as.line.dashed) {
        double dashes[2] = {fmax(1.0, SM_DASH_ON * width), fmax(1.0, SM_DASH_OFF * width)};
        cairo_set_dash(cr, dashes, 2, 0);
    }
    double x1 = box->x + box->w, y1 = box->y + box->h;
    double length = hypot(box->w, box->h);
    double head = box->as.line.arrow ? fmin(SM_ARROW_HEAD * width, length * 0.6) : 0;
    double ux = length > 0 ? box->w / length : 0, uy = length > 0 ? box->h / length : 0;
    cairo_move_to(cr, box->x, box->y);
    cairo_line_to(cr, x1 - ux * head * 0.8, y1 - uy * head * 0.8); /* the shaft stops in the head */
    cairo_stroke(cr);
    if (head > 0) {
        /* A head as long as it is wide, its tip on the end point. */
        cairo_set_dash(cr, NULL, 0, 0);
        cairo_move_to(cr, x1, y1);
        cairo_line_to(cr, x1 - ux * head - uy * head / 2, y1 - uy * head + ux * head / 2);
        cairo_line_to(cr, x1 - ux * head + uy * head / 2, y1 - uy * head - ux * head / 2);
        cairo_close_path(cr);
        cairo_fill(cr);
    }
}

/* A slice of a pie or a donut's ring: angles clockwise from 12 o'clock; thin white lines
 * between slices. */
static void sm_draw_wedge(cairo_t *cr, const sm_box *box) {
    double r = box->w / 2, cx = box->x + r, cy = box->y + r, inner = box->as.wedge.inner;
    double a0 = box->as.wedge.start - G_PI / 2, a1 = a0 + box->as.wedge.sweep;
    if (!(r > 0) || !(box->as.wedge.sweep > 0)) return;
    bool full = box->as.wedge.sweep >= 2 * G_PI - 1e-9;
    for (int pass = 0; pass < 3; pass++) {
        cairo_new_path(cr);
        if (full) {
            cairo_arc(cr, cx, cy, r, 0, 2 * G_PI);
            if (inner > 0) {
                cairo_new_sub_path(cr);
                cairo_arc_negative(cr, cx, cy, inner, 2 * G_PI, 0);
            }
        } else {
            if (inner > 0)
                cairo_arc_negative(cr, cx, cy, inner, a1, a0);
            else
                cairo_move_to(cr, cx, cy);
            cairo_arc(cr, cx, cy, r, a0, a1);
            cairo_close_path(cr);
        }
        if (pass == 0) {
            if (sm_set_color(cr, box->as.wedge.fill)) cairo_fill(cr);
        } else if (pass == 1) {
            sm_hatch_path(cr, box->as.wedge.hatch, box->as.wedge.fill, box->x, box->y, box->w,
                          box->h);
        } else if (box->as.wedge.stroke_width > 0 && sm_set_color(cr, box->as.wedge.stroke)) {
            cairo_set_line_width(cr, box->as.wedge.stroke_width);
            cairo_set_line_join(cr, CAIRO_LINE_JOIN_BEVEL);
            cairo_stroke(cr);
        }
    }
}

/* A chart's line through its points, a marker at each: circle, square, triangle or
 * diamond by series, white-edged, so lines differ by shape as well as colour. */
static void sm_draw_polyline(cairo_t *cr, const sm_box *box) {
    const double *p = box->as.polyline.points;
    size_t n = box->as.polyline.count;
    if (n == 0 || !sm_set_color(cr, box->as.polyline.color)) return;
    cairo_set_line_width(cr, box->as.polyline.width);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    if (box->as.polyline.dashed) {
        double dashes[2] = {SM_DASH_ON * box->as.polyline.width,
                            SM_DASH_OFF * box->as.polyline.width};
        cairo_set_dash(cr, dashes, 2, 0);
    }
    cairo_move_to(cr, p[0], p[1]);
    for (size_t i = 1; i < n; i++) cairo_line_to(cr, p[2 * i], p[2 * i + 1]);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
    double s = box->as.polyline.marker_size / 2;
    for (size_t i = 0; i < n; i++) {
        double x = p[2 * i], y = p[2 * i + 1];
        switch (box->as.polyline.marker) {
        case 0: cairo_arc(cr, x, y, s, 0, 2 * G_PI); break;
        case 1: cairo_rectangle(cr, x - s, y - s, 2 * s, 2 * s); break;
        case 2:
            cairo_move_to(cr, x, y - s * 1.2);
            cairo_line_to(cr, x + s * 1.1, y + s * 0.8);
            cairo_line_to(cr, x - s * 1.1, y + s * 0.8);
            cairo_close_path(cr);
            break;
        default:
            cairo_move_to(cr, x, y - s * 1.3);
            cairo_line_to(cr, x + s * 1.3, y);
            cairo_line_to(cr, x, y + s * 1.3);
            cairo_line_to(cr, x - s * 1.3, y);
            cairo_close_path(cr);
            break;
        }
        sm_set_color(cr, box->as.polyline.color);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_set_line_width(cr, 0.8);
        cairo_stroke(cr);
    }
}

/* The circle is drawn last so it covers the leader's start; the dot and leader first,
 * each with the same white outline, so they read on a busy illustration. The white
 * outline of the circle is inside-aligned, as rect strokes are. */
static void sm_draw_marker(cairo_t *cr, const sm_box *box) {
    double d = box->w;
    if (!(d > 0)) return;
    double r = d / 2, cx = box->x + box->w / 2, cy = box->y + box->h / 2;
    double outline = d * SM_MARKER_OUTLINE;
    double px = box->as.marker.point_x, py = box->as.marker.point_y;
    sm_color fill = box->as.marker.fill;
    bool has_fill = fill.a > 0;

    double dx = px - cx, dy = py - cy, distance = hypot(dx, dy);
    if (has_fill && distance > r) {
        /* Leader: from the circle's edge to the dot, in white then in colour on top. */
        double ex = cx + dx / distance * r, ey = cy + dy / distance * r;
        double leader = d * SM_MARKER_LEADER;
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
        cairo_move_to(cr, ex, ey);
        cairo_line_to(cr, px, py);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_set_line_width(cr, leader + 2 * outline);
        cairo_stroke_preserve(cr);
        sm_set_color(cr, fill);
        cairo_set_line_width(cr, leader);
        cairo_stroke(cr);

        double dot = d * SM_MARKER_DOT / 2;
        cairo_arc(cr, px, py, dot + outline, 0, 2 * G_PI);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_fill(cr);
        cairo_arc(cr, px, py, dot, 0, 2 * G_PI);
        sm_set_color(cr, fill);
        cairo_fill(cr);
    }

    if (has_fill) {
        cairo_arc(cr, cx, cy, r, 0, 2 * G_PI);
        sm_set_color(cr, fill);
        cairo_fill(cr);
        cairo_new_sub_path(cr);
        cairo_arc(cr, cx, cy, r - outline / 2, 0, 2 * G_PI);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_set_line_width(cr, outline);
        cairo_stroke(cr);
    }

    const sm_paragraph *label = box->as.marker.label;
    if (!label) return;
    /* Centre the ink, not the line box: digits sit above the descender space, and "1"
     * has side bearings that would push it off-centre. */
    double x0 = 0, y0 = 0, x1 = label->width, y1 = label->height;
    sm_paragraph_ink(label, &x0, &y0, &x1, &y1);
    sm_paragraph copy = *label;
    sm_glyph_run runs[label->run_count ? label->run_count : 1];
    for (size_t i = 0; i < label->run_count; i++) {
        runs[i] = label->runs[i];
        runs[i].color = box->as.marker.ink;
    }
    copy.runs = runs;
    sm_draw_paragraph(cr, &copy, cx - (x0 + x1) / 2, cy - (y0 + y1) / 2);
}

/* Japanese trim marks (トンボ) around the trim: at each corner a double L — one arm on the
 * trim line, one on the bleed line — and a centre mark on each side, 0.1 mm lines in the
 * registration colour (the PDF pass turns it into /Separation /All). */
static void sm_draw_trim_marks(cairo_t *cr, const sm_page *page) {
    const double mm = 72.0 / 25.4, length = 10 * mm, b = page->bleed;
    double x0 = page->trim_x, y0 = page->trim_y, x1 = x0 + page->trim_w, y1 = y0 + page->trim_h;
    cairo_save(cr);
    cairo_set_source_rgb(cr, SM_REGISTRATION_R, SM_REGISTRATION_G, SM_REGISTRATION_B);
    cairo_set_line_width(cr, 0.1 * mm);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    const double corners[4][3] = {{x0, y0, 0}, {x1, y0, 1}, {x0, y1, 2}, {x1, y1, 3}};
    for (int i = 0; i < 4; i++) {
        double x = corners[i][0], y = corners[i][1];
        double sx = (i == 1 || i == 3) ? 1 : -1, sy = i >= 2 ? 1 : -1; /* outwards */
        for (int k = 0; k < 2; k++) {
            double inset = k == 0 ? 0 : b; /* k 0: on the trim line, k 1: on the bleed line */
            /* horizontal arm, outside the bleed */
            cairo_move_to(cr, x + sx * b, y + sy * inset);
            cairo_line_to(cr, x + sx * (b + length), y + sy * inset);
            /* vertical arm */
            cairo_move_to(cr, x + sx * inset, y + sy * b);
            cairo_line_to(cr, x + sx * inset, y + sy * (b + length));
        }
    }
    /* Centre marks: a line across the middle of each side and a short bar across it. */
    double cx = (x0 + x1) / 2, cy = (y0 + y1) / 2, bar = 5 * mm;
    for (int side = 0; side < 2; side++) {
        double y = side == 0 ? y0 - b : y1 + b, dir = side == 0 ? -1 : 1;
        cairo_move_to(cr, cx, y);
        cairo_line_to(cr, cx, y + dir * length);
        cairo_move_to(cr, cx - bar, y + dir * length / 2);
        cairo_line_to(cr, cx + bar, y + dir * length / 2);
        double x = side == 0 ? x0 - b : x1 + b;
        cairo_move_to(cr, x, cy);
        cairo_line_to(cr, x + dir * length, cy);
        cairo_move_to(cr, x + dir * length / 2, cy - bar);
        cairo_line_to(cr, x + dir * length / 2, cy + bar);
    }
    cairo_stroke(cr);
    cairo_restore(cr);
}

/* A QR code as vectors: each row's runs of dark modules as one rectangle, all in one fill
 * (crisp at any print resolution, a few hundred path elements). */
static void sm_draw_qr(cairo_t *cr, const sm_box *box) {
    int n = box->as.qr.count;
    double module = box->w / (n + 8), x0 = box->x + 4 * module, y0 = box->y + 4 * module;
    if (!sm_set_color(cr, box->as.qr.color)) return;
    for (int row = 0; row < n; row++) {
        for (int col = 0; col < n;) {
            if (!box->as.qr.modules[row * n + col]) {
                col++;
                continue;
            }
            int end = col;
            while (end < n && box->as.qr.modules[row * n + end]) end++;
            cairo_rectangle(cr, x0 + col * module, y0 + row * module, (end - col) * module, module);
            col = end;
        }
    }
    cairo_fill(cr);
}

void sm_draw_page(cairo_t *cr, const sm_page *page, const sm_pages *pages, sm_diags *diags) {
    cairo_save(cr);
    if (pages && pages->gray) cairo_set_user_data(cr, &sm_gray_key, (void *)1, NULL);
    /* Boxes are laid out on the trim; the sheet may be larger (bleed, marks). An enlarged
     * page is drawn × its scale: one transformation, the PDF stays vectors and text. */
    cairo_translate(cr, page->trim_x, page->trim_y);
    if (page->scale > 0 && page->scale != 1) cairo_scale(cr, page->scale, page->scale);
    for (size_t i = 0; i < page->count; i++) {
        const sm_box *box = &page->boxes[i];
        for (int k = 0; k < 2; k++)
            if (box->open[k]) cairo_tag_begin(cr, box->open[k], "");
        if (box->tag) cairo_tag_begin(cr, box->tag, "");
        cairo_save(cr);
        cairo_new_path(cr);
        switch (box->kind) {
        case SM_BOX_RECT:
            sm_draw_rect(cr, box);
            sm_draw_pointer(cr, box);
            break;
        case SM_BOX_TEXT: sm_draw_text(cr, box); break;
        case SM_BOX_IMAGE: sm_draw_image(cr, box, diags); break;
        case SM_BOX_LINE: sm_draw_line(cr, box); break;
        case SM_BOX_MARKER: sm_draw_marker(cr, box); break;
        case SM_BOX_QR: sm_draw_qr(cr, box); break;
        case SM_BOX_WEDGE: sm_draw_wedge(cr, box); break;
        case SM_BOX_POLYLINE: sm_draw_polyline(cr, box); break;
        }
        cairo_restore(cr);
        if (box->tag) cairo_tag_end(cr, box->tag);
        for (int k = 0; k < 2; k++)
            if (box->close[k]) cairo_tag_end(cr, box->close[k]);
    }
    cairo_restore(cr);
    if (pages && pages->profile == SM_PROFILE_SHOP_TOMBO) sm_draw_trim_marks(cr, page);
    cairo_set_user_data(cr, &sm_gray_key, NULL, NULL);
}
