/* layout.h: what the layout stage's files share while turning elements into boxes. */
#ifndef SM_LAYOUT_H
#define SM_LAYOUT_H

#include "../resolve/resolved.h"
#include "box.h"
#include "compose.h"
#include "fonts.h"

typedef struct sm_image_entry {
    struct sm_image_entry *next;
    sm_image image;
    bool failed; /* its error is recorded; later requests get NULL without a second one */
} sm_image_entry;

/* A paragraph composed once: measuring and placing ask for the same one twice. */
typedef struct sm_composed {
    const sm_rich *text;
    sm_style style;
    double size, width;
    sm_paragraph *paragraph;
} sm_composed;

/* A heading's size fitted to one width (text.c), kept so it is found and warned about once. */
typedef struct sm_heading_fit {
    const sm_elem *elem;
    double width, size;
    bool warned;
} sm_heading_fit;

/* Pictures decoded on another core while the text is composed (image.c). */
typedef struct sm_image_prefetch sm_image_prefetch;

typedef struct sm_layouter {
    sm_doc *doc;
    sm_fonts *fonts;
    sm_arena *arena;
    sm_diags *diags;
    sm_page *page;               /* the page being filled */
    sm_image_entry *images;      /* decoded once per document */
    sm_image_prefetch *prefetch; /* NULL: pictures are decoded when first asked for */
    sm_composed *composed;       /* paragraphs already composed */
    double fit_sizes[8];         /* smallest size each heading fit group has needed (0: none) */
    sm_heading_fit *fits;        /* headings already fitted */
    size_t fit_count, fit_capacity;
    size_t composed_count, composed_capacity;
    bool phrase_warned; /* the warning that MeCab is missing is given once */
    /* A picture that may shrink (a check sheet's scene) and the width it is given on the
     * page being laid out, so that what follows it fits; NULL: none shrunk. */
    const sm_elem *shrunk;
    double shrunk_width;
} sm_layouter;

/* text.c */
/* Height (points) of a composed paragraph, and the width of its widest line. */
double sm_text_height(const sm_paragraph *paragraph);
double sm_text_width(const sm_paragraph *paragraph);
/* The font size of a heading in a box `width` wide: the size asked for, or with fit: shrink
 * the largest down to min-size at which it takes at most max-lines lines broken between
 * phrases. Warns once per heading where even min-size does not fit or a word is wider than
 * the box (it is then broken inside the word, never set past the box). */
double sm_heading_size(sm_layouter *l, const sm_elem *e, double width);
/* The label of item `number` in a numbering style (①, 1., ・). */
const char *sm_numbering_label(sm_arena *arena, sm_numbering numbering, int number);

/* image.c: decodes an image once per document; NULL with an error on failure */
const sm_image *sm_image_get(sm_layouter *l, const char *path, sm_pos pos);
/* Starts decoding every picture the document shows on a thread of its own (where there is
 * a second core and pictures are not kept for the process), in the order they appear;
 * sm_image_get then waits for the one it asks for. The decoding's diagnostics are the same
 * as without it. sm_images_prefetch_end waits for the thread: call it before the layout
 * returns, so no thread outlives it. */
void sm_images_prefetch(sm_layouter *l, const sm_resolved *res);
void sm_images_prefetch_end(sm_layouter *l);

/* flow.c */
double sm_flow_measure(sm_layouter *l, const sm_elem *e, double width, double avail_height);
void sm_flow_place(sm_layouter *l, const sm_elem *e, double x, double y, double w, double h);
/* A box element's frame (fill, border, corners) at x, y, w × h, without its content: the
 * part of a split box that one column holds. */
sm_box *sm_flow_frame(sm_layouter *l, const sm_elem *e, double x, double y, double w, double h);
/* Tables by rows, for a table split between columns: the height of one row, and rows
 * [from, to) placed as a table of their own, the header row repeated when from > 0. */
double sm_table_row_height(sm_layouter *l, const sm_elem *e, size_t row, double width);
void sm_table_place_rows(sm_layouter *l, const sm_elem *e, double x, double y, double w,
                         size_t from, size_t to);

/* diagram.c: the flow element — its height at a width, and its boxes and arrows placed. */
double sm_diagram_height(sm_layouter *l, const sm_elem *e, double width);
void sm_diagram_place(sm_layouter *l, const sm_elem *e, double x, double y, double width);

/* chart.c: the chart element — its height at a width (axes, labels, legend), and its
 * marks and labels placed in (x, y, w, h) as one Figure; an error if they do not fit. */
double sm_chart_height(sm_layouter *l, const sm_elem *e, double width);
void sm_chart_place(sm_layouter *l, const sm_elem *e, double x, double y, double w, double h);

/* impose.c: saddle-stitch — count pages two to a sheet twice as wide in booklet order,
 * padded with blank pages to a multiple of four; *sheets sides, not yet finished. */
sm_page *sm_impose_saddle(sm_layouter *l, const sm_resolved *res, const sm_page *pages,
                          size_t count, size_t *sheets);

/* paginate.c: kind: document — the flowing body set on as many pages as it needs, with
 * running header, page numbers and finished sheets; *count pages, in the arena. */
sm_page *sm_paginate(sm_layouter *l, const sm_resolved *res, size_t *count);

/* running.c: a running line's height in a style; the running header, page numbers and
 * footer added to a document's pages (count known), the sheets finished unless imposed. */
double sm_running_height(const sm_style *style);
void sm_running_finish(sm_layouter *l, const sm_resolved *res, sm_page *pages, size_t count,
                       double x0, double w, const sm_paragraph *footer);

/* qr.c: the size of a QR element in a width, and placing it (modules encoded here) */
double sm_qr_size(const sm_elem *e, double width);
void sm_qr_place(sm_layouter *l, const sm_elem *e, double x, double y, double w);

/* sheet.c: print production */
void sm_sheet_setup(sm_page *page, const sm_resolved *res);
void sm_sheet_finish(sm_layouter *l, sm_page *page, const sm_resolved *res);
/* WCAG contrast ratio of two colours, and the grey a colour prints as in gray mode. */
double sm_contrast(sm_color a, sm_color b);
sm_color sm_gray_of(sm_color c);

/* page.c: a new box on the page being filled (l->page), zeroed but for kind, pos and place */
sm_box *sm_page_add_box(sm_layouter *l, sm_box_kind kind, sm_pos pos, double x, double y, double w,
                        double h);

#endif
