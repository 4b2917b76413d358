/* compose_internal.h: what the composer's files share — the paragraph as shaped clusters. */
#ifndef SM_COMPOSE_INTERNAL_H
#define SM_COMPOSE_INTERNAL_H

#include "../base/jclass.h"
#include "compose.h"
#include "layout.h"

/* One grapheme as the composer sees it: what it is, how wide it is set, and the spaces
 * around it that spacing rules may change. All lengths are points. */
typedef struct sm_cluster {
    uint32_t cp; /* its first character */
    sm_jclass cls;
    size_t start, end;           /* bytes of the paragraph text */
    int item;                    /* shaped item (one font) it belongs to */
    int glyph_start, glyph_count;
    int span;                    /* rich-text span, for its colour */
    double em;                   /* font size */
    double advance;              /* natural advance from the font */
    double aki_before, aki_after; /* punctuation space inside the advance (JLREQ aki) */
    double trim_before, trim_after; /* how much of that space is taken away */
    double glue;                 /* space before it: 和欧間 (text-autospace) */
    double pad_before, pad_after; /* room for ruby wider than its base, inside advance */
    double kern_after;           /* kerning with the next glyph, inside advance: dropped when
                                    a line ends here (the pair is split) */
    int ruby;                    /* index into sm_shaped.rubies, or -1 */
    int tcy;                     /* index into sm_shaped.tcys: tate-chu-yoko starts here */
    bool absorbed;               /* drawn by the tate-chu-yoko before it, not by itself */
    bool western_space;          /* U+0020: stretches and shrinks, vanishes at line ends */
    bool hard_break;             /* '\n': ends the line and draws nothing */
    bool break_before;           /* a line may start with this cluster */
    bool joined;                 /* no justification space before it (inside a Western word,
                                    between inseparable characters) */
} sm_cluster;

/* Shaped text outside the paragraph's own: a ruby reading, an emphasis dot. */
typedef struct sm_shaped_text {
    const char *text;
    PangoItem **items;
    PangoGlyphString **glyphs;
    int count;
    double width;
    double ink_centre; /* x of the middle of its ink, from its origin (to centre a dot) */
} sm_shaped_text;

/* A ruby reading over clusters [first, last] (group ruby; mono ruby is one per character).
 * Readings are laid out by word: a group ruby is a word of its own, the mono rubies of one
 * compound (jukugo ruby) are one word. A word whose readings are no longer than its base
 * keeps its characters where they are; one whose readings are longer is set as one unit,
 * spread or overhanging the kana beside it. The word's values live on its first ruby. */
typedef struct sm_ruby {
    size_t first, last;
    sm_shaped_text reading;
    size_t word_first, word_last; /* the rubies of its word */
    bool spread;                  /* the word's readings are wider than its base */
    double need;                  /* by how much */
    double may_overhang_before;   /* how far they may reach over the kana before the word */
    double may_overhang_after;    /* … and after it */
    double overhang_before;       /* how far they do, in the middle of a line */
    double overhang_after;
} sm_ruby;

typedef struct sm_shaped {
    const char *text;
    size_t length;
    PangoItem **items;
    PangoGlyphString **glyphs;
    int item_count;
    sm_cluster *clusters;
    size_t count;
    const sm_rich *rich;
    size_t *span_ends; /* byte where each span of rich ends */
    sm_ruby *rubies;
    size_t ruby_count;
    bool has_emphasis;
    sm_shaped_text dot; /* the emphasis dot ﹅, shaped when some span asks for it */
    sm_shaped_text *tcys; /* 2–3 digit numbers set upright in vertical text */
    size_t tcy_count;
    bool vertical;
    bool phrase_broken; /* a phrase wider than the measure may break inside (find_breaks) */
} sm_shaped;

/* Ruby and emphasis dots are set at half the base size (JLREQ 3.3.2). */
#define SM_RUBY_SCALE 0.5

/* compose_shape.c: text and style → itemized, shaped clusters with their natural spacing
 * and the line-break opportunities of JLREQ for lines `width` wide (<= 0: no wrapping). */
void sm_compose_shape(sm_layouter *l, const sm_rich *rich, const sm_style *style, double size,
                      double width, sm_shaped *out);
/* Shapes a short text on its own in the Japanese font of style (ruby, dots). */
void sm_compose_shape_text(sm_layouter *l, const char *text, const sm_style *style, double size,
                           bool bold, bool vertical, sm_shaped_text *out);

#endif
