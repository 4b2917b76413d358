/* box.h: the result of layout — pages of positioned boxes that render only draws. */
#ifndef SM_BOX_H
#define SM_BOX_H

#include "../base/diag.h"
#include "../base/print.h"
#include "../base/units.h"

#include "compose.h"

#include <pango/pango.h>
#include <stdbool.h>

typedef enum sm_box_kind {
    SM_BOX_RECT,     /* filled and/or stroked rectangle, optional rounded corners */
    SM_BOX_TEXT,     /* a composed paragraph with its top-left at (x, y) */
    SM_BOX_IMAGE,    /* an image scaled into (x, y, w, h) */
    SM_BOX_LINE,     /* a straight line from (x, y) to (x + w, y + h) */
    SM_BOX_MARKER,   /* a numbered circle of diameter w centred at (x + w/2, y + h/2) */
    SM_BOX_QR,       /* a QR code filling (x, y, w, h), quiet zone included */
    SM_BOX_WEDGE,    /* a slice of a pie (or a donut's ring) in the circle (x, y, w, w) */
    SM_BOX_POLYLINE, /* a chart's line through points, a marker at each */
} sm_box_kind;

/* Hatching over a fill, so marks differ in more than their colour (charts in gray mode). */
typedef enum sm_hatch {
    SM_HATCH_NONE,
    SM_HATCH_DIAGONAL,
    SM_HATCH_CROSSED,
    SM_HATCH_HORIZONTAL,
} sm_hatch;

typedef enum sm_image_format { SM_IMAGE_PNG, SM_IMAGE_JPEG, SM_IMAGE_SVG } sm_image_format;

/* A decoded image, shared by every box that shows it; owned by the document's arena. */
typedef struct sm_image {
    const char *path; /* absolute path */
    sm_image_format format;
    double width, height; /* intrinsic size in px (SVG: its viewport) */
    void *svg;            /* RsvgHandle * for SVG */
    void *drawing;        /* SVG: cairo_surface_t *, a recording of it at its intrinsic size —
                             drawn as one PDF form, which pack.pdf shares between variants */
    void *surface;        /* cairo_surface_t * for PNG and JPEG (JPEG carries its file as
                             CAIRO_MIME_TYPE_JPEG so the PDF embeds it unchanged) */
} sm_image;

typedef struct sm_box {
    sm_box_kind kind;
    sm_pos pos;        /* the element this box came from */
    double x, y, w, h; /* points, origin at the top-left corner of the trim */
    /* Structure for the tagged PDF: the tag of this box (P, H1, Figure, Lbl, LBody; NULL:
     * decoration), and groups it opens before or closes after itself (L, LI). */
    const char *tag;
    const char *open[2], *close[2];
    const char *figure_alt; /* the alt text of a Figure group this box opens (a chart) */
    union {
        struct {
            sm_color fill, stroke; /* alpha 0: none */
            double stroke_width, radius;
            /* a callout's pointer: side (0 none, 1 left, 2 right, 3 top, 4 bottom), where
               along it (from the side's start), how far it sticks out */
            int pointer;
            double pointer_at, pointer_size;
            sm_hatch hatch;
        } rect;
        struct {
            const sm_paragraph *paragraph; /* lines of glyph runs, in the document's arena */
        } text;
        struct {
            const sm_image *image;
            const char *alt;
        } image;
        struct {
            sm_color color;
            double width;
            bool dashed;
            bool arrow; /* a filled arrowhead at its end (x + w, y + h) */
        } line;
        struct {
            const unsigned char *modules; /* count × count, 1 = dark, row by row */
            int count;                    /* modules per side, without the quiet zone */
            sm_color color;
            const char *alt;
        } qr;
        struct {
            sm_color fill, stroke; /* stroke: the lines between slices */
            double stroke_width;
            double inner;        /* a donut's hole, as a radius; 0 for a pie */
            double start, sweep; /* radians, clockwise from 12 o'clock */
            sm_hatch hatch;
        } wedge;
        struct {
            const double *points; /* x, y pairs, page coordinates */
            size_t count;
            sm_color color;
            double width;
            int marker; /* 0 circle, 1 square, 2 triangle, 3 diamond */
            bool dashed;
            double marker_size;
        } polyline;
        struct {
            const sm_paragraph *label; /* the number, centred in the circle */
            sm_color fill, ink;
            double point_x, point_y; /* the spot it marks (a dot with a leader line) */
        } marker;
    } as;
} sm_box;

typedef struct sm_page {
    double width, height; /* the whole sheet, points */
    /* The finished page on the sheet: the sheet itself in the office profile; inside a
     * 3 mm bleed (and the trim marks' slug in shop-tombo) for print shops. */
    double trim_x, trim_y, trim_w, trim_h;
    double bleed;
    /* Boxes are in the design's points; drawn × scale on the trim (an enlarged page). */
    double scale;
    const char *label; /* "question", "answer", or NULL */
    sm_box *boxes;
    size_t count, capacity;
} sm_page;

struct sm_pages {
    sm_page *items;
    size_t count;
    /* PDF metadata, plain text */
    const char *title, *author, *subject, *keywords, *creator;
    bool has_date;
    long long date; /* seconds since the epoch, UTC */

    /* print production */
    sm_profile profile;
    bool gray, pdfx;
    const struct sm_ink *inks; /* exact CMYK of the theme's colours */
    size_t ink_count;
    bool numbered;     /* a document with numbered pages: PDF page labels 1, 2, 3, … */
    const char **alts; /* the alt text of every Figure, in drawing order */
    size_t alt_count;
};

#endif
