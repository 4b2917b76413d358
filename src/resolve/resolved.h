/* resolved.h: the document after resolve — generic elements with final styles, lengths
 * still relative where layout must decide (%, em), asset paths checked. */
#ifndef SM_RESOLVED_H
#define SM_RESOLVED_H

#include "../base/print.h"
#include "../model/doc.h"

/* The lines a heading may take before it shrinks (JLREQ titles rarely run longer): a
 * document's title two, a heading in the text three. */
#define SM_HEADING_LINES 3
#define SM_TITLE_LINES   2

typedef enum sm_align { SM_ALIGN_LEFT, SM_ALIGN_CENTER, SM_ALIGN_RIGHT, SM_ALIGN_JUSTIFY } sm_align;

/* CSS line-break: which JLREQ line-start prohibitions hold (see base/jclass.h). */
typedef enum sm_line_break {
    SM_LINE_BREAK_STRICT,
    SM_LINE_BREAK_NORMAL,
    SM_LINE_BREAK_LOOSE,
} sm_line_break;

/* CSS text-spacing-trim: the half-em space of full-width punctuation at line starts. */
typedef enum sm_spacing_trim {
    SM_TRIM_START,       /* opening brackets at the start of every line are set flush */
    SM_TRIM_SPACE_FIRST, /* … except on the first line (a paragraph's opening keeps it) */
    SM_TRIM_SPACE_ALL,   /* never trimmed at line starts (neighbours still collapse) */
} sm_spacing_trim;
typedef enum sm_valign { SM_VALIGN_TOP, SM_VALIGN_MIDDLE, SM_VALIGN_BOTTOM } sm_valign;

typedef struct sm_style {
    const char *family; /* a family name from the font set */
    double size;        /* points */
    bool bold;
    sm_color color;
    double line_height; /* multiple of size */
    sm_align align;

    /* Japanese composition (CSS Text 3/4 names) */
    const char *latin_family; /* Western letters and digits; NULL: family */
    const char *quote_family; /* “ ” ‘ ’ in Japanese text: a face that sets them full width;
                                 NULL: family */
    const char *features;     /* extra OpenType features for Japanese runs ("palt"); or NULL */
    sm_line_break line_break;
    sm_spacing_trim spacing_trim;
    bool hanging;     /* hanging-punctuation: allow-end (、。 may hang) */
    bool autospace;   /* text-autospace: ¼ em between Japanese and Latin */
    bool phrase;      /* word-break: auto-phrase */
    bool pretty;      /* text-wrap-style: pretty — no lone last character */
    sm_length indent; /* text-indent of the first line */
    bool vertical;    /* writing-mode: vertical-rl */
    bool text_grid;   /* text-grid: on — justified on whole ems (字詰め) */
} sm_style;

/* A run of text with one look. '\n' inside text is a hard line break. */
typedef struct sm_span {
    const char *text;
    bool bold;
    bool has_color;
    sm_color color;
    const char *ruby; /* reading set over the whole span (group ruby), or NULL; mono ruby
                         is one span per base character */
    bool jukugo;      /* mono ruby: the next character of the compound word the span before
                         began ({情報|じょう|ほう} is one word of two spans) */
    bool emphasis;    /* 《《…》》: a sesame dot over each character */
    bool hang;        /* opens its line ("→ ", "※ "): wrapped lines align after it */
} sm_span;

/* A paragraph after variables and inline markup. */
typedef struct sm_rich {
    sm_span *spans;
    size_t count;
    const char *plain; /* all spans' text, for metadata, dumps and font coverage */
    sm_pos pos;
    const sm_value *source; /* the input string, to point at a character in it; may be NULL */
} sm_rich;

typedef enum sm_elem_type {
    SM_ELEM_TEXT,
    SM_ELEM_HEADING,
    SM_ELEM_IMAGE,
    SM_ELEM_BOX,
    SM_ELEM_STACK,
    SM_ELEM_ROW,
    SM_ELEM_GRID,
    SM_ELEM_LIST,
    SM_ELEM_LINES,
    SM_ELEM_RULE,
    SM_ELEM_SPACE,
    SM_ELEM_TABLE,
    SM_ELEM_QR,
    SM_ELEM_PAGE_BREAK, /* documents: go on at the next page (extent 0) or column (1) */
    SM_ELEM_FLOW,       /* a diagram: boxes joined by arrows, maybe branching */
    SM_ELEM_CHART,      /* numbers drawn: bars, a pie or donut, lines (`chart`) */
} sm_elem_type;

typedef enum sm_chart_type {
    SM_CHART_BAR,
    SM_CHART_PIE,
    SM_CHART_DONUT,
    SM_CHART_LINE,
} sm_chart_type;

typedef enum sm_chart_legend {
    SM_LEGEND_AUTO, /* labels on the marks where they fit, else a legend */
    SM_LEGEND_NONE,
    SM_LEGEND_RIGHT,
    SM_LEGEND_BOTTOM,
} sm_chart_legend;

/* One series of a chart: its name, a value per category, and how it is told apart — its
 * colour, and in gray mode its grey step and hatching (nothing by colour alone). */
typedef struct sm_series {
    sm_rich name;
    double *values; /* category_count of them */
    bool has_color; /* its own colour given */
    sm_color color;
} sm_series;

/* A chart's data, checked (honest numbers: no missing values, no negative slices, one
 * value per category) and its alt text, which says the same in words. */
typedef struct sm_chart {
    sm_chart_type type;
    bool horizontal; /* bars from the left instead of columns standing up */
    bool stacked;
    bool totals;
    sm_chart_legend legend;
    sm_rich *categories;
    size_t category_count;
    sm_series *series;
    size_t series_count;
    const char *unit;    /* after every value label, or "" */
    sm_rich unit_text;   /* the same, for the font coverage check */
    sm_rich total_label; /* before a donut's total */
    const char *alt;     /* given, or made from the data */
    /* How the marks are told apart — per series, or per slice of a pie: a colour, and a
     * hatching (0 none, 1 diagonal, 2 crossed, 3 horizontal) in gray mode and past the
     * palette. */
    sm_color *key_colors;
    int *key_hatch;
    size_t key_count;
    double type_scale;         /* the labels grow with the paper (A3: × 1.41) */
    sm_color ink, muted, grid; /* labels, axis text, gridlines */
} sm_chart;

/* A number as chart labels print it: 1,234 or 12.5 (resolve/chart.c). */
const char *sm_chart_number(sm_arena *arena, double value);

typedef enum sm_numbering {
    SM_NUMBERING_DECIMAL,
    SM_NUMBERING_CIRCLED,
    SM_NUMBERING_BULLET,
    SM_NUMBERING_NONE,
} sm_numbering;

typedef struct sm_marker {
    sm_length x, y; /* on the image: % of its size, or absolute */
    const char *label;
    sm_pos pos;
} sm_marker;

typedef struct sm_elem sm_elem;
struct sm_elem {
    sm_elem_type type;
    sm_pos pos;
    sm_style style;

    /* placement in the container */
    bool has_width, has_height, placed;
    sm_length width, height, place[2];
    double weight;
    sm_valign valign;

    /* TEXT, HEADING; LIST items */
    sm_rich text;
    int level;       /* heading level in the tagged PDF: 0 = H1 for headings, P for text */
    bool shrink;     /* HEADING: fit by shrinking */
    int fit_group;   /* HEADING: headings of one group share the smallest fitted size */
    double min_size; /* HEADING, points */
    int max_lines;   /* HEADING: lines it may take at most (more where written) */

    /* IMAGE */
    const char *path; /* absolute, confined to the project root */
    const char *alt;
    sm_marker *markers;
    size_t marker_count;
    sm_length marker_size;
    sm_color marker_color;
    double shrink_to; /* a share of its width it may shrink to on a full page (0: never) */
    bool fill_height; /* measured at shrink_to, drawn as large as its row or card allows */

    /* BOX, STACK, ROW, GRID */
    sm_elem **children;
    size_t child_count, child_capacity;
    double gap; /* points */
    int columns;
    sm_color fill, border;
    double border_width, radius, padding;
    int pointer; /* BOX: a callout's pointer side: 0 none, 1 left, 2 right, 3 top, 4 bottom */
    sm_length pointer_at; /* where along that side */
    bool split;           /* BOX in a document: may go on in the next column or page */
    /* STACK written as `section` (a document's body only): its children flow in `columns`
     * columns column_gap apart, with a rule between them where column_rule. */
    bool section;
    double column_gap;                   /* < 0: the document's */
    bool column_rule, column_rule_given; /* not given: the document's */

    /* LIST, LINES */
    sm_rich *items;
    size_t item_count;
    sm_numbering numbering;
    int start;
    int line_count;
    double spacing;

    /* RULE (thickness), SPACE (height) */
    sm_length extent;

    /* TABLE: rows × cols cells, row by row (a short row's missing cells are empty) */
    sm_rich *cells;
    size_t rows, cols;
    bool header;
    sm_length *col_widths; /* cols entries, or NULL for equal columns */
    sm_color header_fill, stripe;

    /* QR: the text is `text`, its alt text `alt` */
    int qr_level; /* 0 L, 1 M, 2 Q, 3 H */

    /* PAGE_BREAK */
    bool column_break; /* the next column, not the next page */

    /* FLOW: the boxes are `items`; after the last, branches[b] (branch_lengths[b] boxes) */
    sm_rich **branches;
    size_t *branch_lengths;
    size_t branch_count;
    bool flow_vertical;

    /* CHART */
    const sm_chart *chart;
};

/* A colour of the design and the ink it is printed with in shop profiles. */
typedef struct sm_ink {
    sm_color rgb;
    double cmyk[4]; /* 0..1 */
} sm_ink;

typedef struct sm_page_def {
    const char *label; /* "question", "answer" or NULL */
    sm_elem *body;     /* a STACK filling the page inside the margins */
} sm_page_def;

/* How a flowing document numbers its pages (ノンブル). */
typedef enum sm_page_numbers {
    SM_PAGE_NUMBERS_DASH, /* - 3 - */
    SM_PAGE_NUMBERS_OF,   /* 3 / 8 */
    SM_PAGE_NUMBERS_NONE,
} sm_page_numbers;

/* kind: document — one body flowing onto as many pages and columns as it needs. */
typedef struct sm_flow_def {
    sm_elem *head; /* a STACK across the columns at the top of the first page, or NULL */
    sm_elem *body; /* a STACK whose children flow */
    int columns;
    double column_gap; /* points */
    bool column_rule;
    sm_page_numbers numbers;
    bool running_header; /* the title at the head of each page */
    bool cover;          /* the first page has neither header nor number */
    bool booklet;        /* saddle-stitch: two pages to a sheet in folding order */
    sm_style header_style, number_style;
} sm_flow_def;

struct sm_resolved {
    double paper_width, paper_height, margin; /* points */
    /* A page designed on one paper and printed on a larger one of the same proportions
     * (A4 → A3: × 1.41) is laid out on its own paper and enlarged as a whole; 1 otherwise.
     * paper_width and paper_height are then the design's, trim_width and trim_height the
     * paper's (exact: the series' sizes are rounded to millimetres). */
    double enlarge, trim_width, trim_height;
    const char *paper_name; /* "A4"… or "custom" */
    const char *title;      /* plain text */
    const char *author, *subject, *keywords;
    bool has_date;
    long long date;
    bool has_editions;

    sm_page_def *pages;
    size_t page_count, page_capacity;
    sm_flow_def *flow; /* kind: document (pages is then empty): laid out page by page */

    bool has_footer;
    sm_rich footer;
    sm_style footer_style;

    sm_profile profile;
    bool gray; /* color-mode: gray */
    bool pdfx;
    sm_ink *inks; /* the theme's colours with their CMYK values */
    size_t ink_count;
};

#endif
