/* compose.h: the Japanese line composer — JLREQ line breaking, punctuation spacing, 和欧間
 * and justification on top of Pango's itemizing and shaping. Its result is lines of
 * positioned glyph runs that render only draws. */
#ifndef SM_COMPOSE_H
#define SM_COMPOSE_H

#include "../base/units.h"

#include <pango/pango.h>
#include <stdbool.h>

/* The ideographic em box sits 0.88 em above and 0.12 em below the baseline; horizontal
 * lines centre it in their pitch (the half-leading of Japanese text). */
#define SM_EM_BOX_ASCENT 0.88

typedef struct sm_layouter sm_layouter;
typedef struct sm_rich sm_rich;
typedef struct sm_style sm_style;

/* Glyphs of one font and one colour on one line, ready for pango_cairo_show_glyph_item:
 * item->offset and length index the paragraph's text; glyph widths and offsets already
 * carry every spacing decision. */
typedef struct sm_glyph_run {
    PangoGlyphItem glyphs;
    const char *text; /* what item->offset indexes: the paragraph, or a ruby reading */
    double x;         /* pen position of the first glyph, from the paragraph's left edge */
    double dy;        /* baseline offset from its line's (ruby and emphasis dots: above) */
    int line;
    sm_color color;
    /* Tate-chu-yoko in vertical text: horizontal glyphs centred on (x, baseline), turned
     * upright and narrowed by scale to fit one em. */
    bool upright;
    double scale;
} sm_glyph_run;

typedef struct sm_text_line {
    double baseline;   /* from the paragraph's top */
    double left;       /* where the line starts (indent and alignment), from the left edge */
    double width;      /* the width it was set to (the measure for a justified line) */
    double natural;    /* the width with natural spacing */
    size_t start, end; /* bytes of the paragraph's text on this line */
    size_t first_run, run_count;
} sm_text_line;

typedef struct sm_paragraph {
    const char *text; /* the paragraph, UTF-8 */
    double size;      /* font size, points */
    double pitch;     /* distance between baselines */
    double measure;   /* the width lines are set to */
    double width;     /* the widest line as set (≤ measure unless a line overflows) */
    double height;    /* lines × pitch */
    sm_color color;   /* default colour */
    sm_glyph_run *runs;
    size_t run_count;
    sm_text_line *lines;
    size_t line_count;
    bool overflow; /* a line is wider than the measure (an unbreakable word) */
    /* word-break: auto-phrase met a phrase wider than the measure and broke it inside */
    bool phrase_broken;
    /* vertical-rl: lines are columns; the frame is turned 90° clockwise, so a run's x
     * goes down the page and a line's baseline (the column's centre) leftwards from the
     * paragraph's right edge. */
    bool vertical;
} sm_paragraph;

/* Composes `text` in `style` at `size` into lines `width` points wide (width <= 0: no
 * wrapping, one line per hard line break). Everything belongs to the document's arena.
 * Remembers the result: the same text (the same sm_rich, which must live as long as the
 * document), style, size and width give the same paragraph without composing again. */
sm_paragraph *sm_compose(sm_layouter *l, const sm_rich *text, const sm_style *style, double size,
                         double width);
/* The same for a text that lives only for the call (a label made on the stack): never
 * remembered. */
sm_paragraph *sm_compose_once(sm_layouter *l, const sm_rich *text, const sm_style *style,
                              double size, double width);

#endif
