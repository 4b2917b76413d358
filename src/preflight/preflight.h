/* preflight.h: the preflight stage's internal model — what one PDF holds, page by page. */
#ifndef SM_PREFLIGHT_H
#define SM_PREFLIGHT_H

#include "../base/arena.h"
#include "../surimono.h"

#include <qpdf/qpdf-c.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* Named limits, each with its reason. */
enum {
    /* Placements listed per page: a tiled pattern of one image drawn thousands of times
     * would drown the report; the rest are counted and still checked. */
    SM_PF_MAX_IMAGES = 200,
    /* Form XObjects nested deeper than this are malformed or cyclic in practice. */
    SM_PF_MAX_FORM_DEPTH = 12,
    /* q without Q: PDF viewers stop at a few dozen levels; we keep 64. */
    SM_PF_MAX_SAVE_DEPTH = 64,
    /* Walking /Parent for inherited page attributes: page trees are shallow. */
    SM_PF_MAX_TREE_DEPTH = 64,
};

/* The print profile a PDF is checked against. */
typedef enum sm_pf_profile { SM_PF_OFFICE, SM_PF_SHOP, SM_PF_SHOP_TOMBO } sm_pf_profile;

/* A page box in points, normalised (x0 < x1, y0 < y1); present false when absent. */
typedef struct sm_pf_box {
    bool present;
    double x0, y0, x1, y1;
} sm_pf_box;

typedef struct sm_pf_font {
    const char *resource;  /* the name in /Font of the resources that listed it first */
    const char *base_font; /* "" when missing */
    const char *subtype;   /* Type0, TrueType, Type1, Type3… */
    bool embedded, subset;
} sm_pf_font;

/* One drawing of an image (Do of an image XObject, or an inline image). */
typedef struct sm_pf_image {
    const char *resource; /* XObject name, or "inline" */
    long width, height;   /* pixels */
    int bits;             /* bits per component, 0 when unstated (JPX) */
    const char *color_space, *filter;
    bool stencil;              /* /ImageMask true */
    double placed_w, placed_h; /* points, along the image's own axes */
    double ppi;                /* the lower of both axes; 0 when the placement is degenerate */
} sm_pf_image;

typedef struct sm_pf_finding {
    sm_severity severity;
    const char *check;   /* a stable identifier for machines: "font-embedding"… */
    const char *message; /* for people */
} sm_pf_finding;

typedef struct sm_pf_findings {
    sm_pf_finding *items;
    size_t count, capacity;
} sm_pf_findings;

/* Colour operators seen on a page (forms included). separation counts sc/scn/SC/SCN in a
 * Separation space; registration those of them in /All (trim marks); other the rest. */
typedef struct sm_pf_colour_ops {
    int rg, RG, k, K, g, G, separation, registration, other;
} sm_pf_colour_ops;

/* Text shows (Tj TJ ' ") that paint; positions are origins in default user space (pt). */
typedef struct sm_pf_text_stats {
    int shows;
    int unsafe;                      /* shows whose 1 em box leaves the safe area */
    double unsafe_x, unsafe_y;       /* the first of them */
    double unsafe_inset;             /* its em box's distance inside the reference box */
    int rgb_black;                   /* shows painted in near-black RGB */
    double rgb_black_x, rgb_black_y; /* the first of them */
    int rich_black;                  /* near-black CMYK with C, M or Y */
    int marks;                       /* in the registration colour: trim-mark labels */
} sm_pf_text_stats;

typedef struct sm_pf_page {
    int number; /* 1-based */
    sm_pf_box media, crop, trim, bleed;
    sm_pf_font *fonts;
    size_t font_count, font_capacity;
    sm_pf_image *images;
    size_t image_count, image_capacity;
    size_t images_omitted;  /* drawings past SM_PF_MAX_IMAGES */
    double omitted_min_ppi; /* the lowest resolution among them, 0 when none */
    sm_pf_colour_ops ops;
    sm_pf_text_stats text;
    int syntax_problems; /* content stream tokens that made no sense */
    int forms_skipped;   /* too deep, cyclic or unreadable */
    bool content_unreadable;
    sm_pf_findings findings;
} sm_pf_page;

typedef struct sm_pf_docinfo {
    const char *title, *lang, *trapped, *creation_date, *mod_date, *producer, *sm_profile;
    bool tagged, display_doc_title, has_id;
} sm_pf_docinfo;

typedef struct sm_pf_file {
    const char *path;
    bool readable;
    const char *version;
    sm_pf_profile profile;
    const char *profile_source; /* "SMProfile", or why it was inferred */
    sm_pf_docinfo doc;
    sm_pf_page *pages;
    int page_count;
    sm_pf_findings findings; /* about the whole document */
    int errors, warnings;    /* document and pages together */
} sm_pf_file;

struct sm_preflight {
    sm_arena *arena;
    sm_pf_file *files;
    size_t count, capacity;
};

/* ---- pdfobj.c: thin helpers over the qpdf C API ------------------------------------------ */

/* The value of key in dict (resolving references), or 0 when dict is no dictionary or the key
 * is missing or null. */
qpdf_oh sm_pf_key(qpdf_data q, qpdf_oh dict, const char *key);
/* A page attribute that may be inherited from the page tree (MediaBox, Resources…). */
qpdf_oh sm_pf_inherited(qpdf_data q, qpdf_oh page, const char *key);
/* The name without its slash, copied into the arena; NULL when oh is no name. */
const char *sm_pf_name(sm_arena *arena, qpdf_data q, qpdf_oh oh);
/* A text string as UTF-8 (PDFDocEncoding and UTF-16 converted), copied; NULL if no string. */
const char *sm_pf_text(sm_arena *arena, qpdf_data q, qpdf_oh oh);
bool sm_pf_number(qpdf_data q, qpdf_oh oh, double *value);
/* True when oh is the name `name` (with its slash) or the string of it. */
bool sm_pf_is(qpdf_data q, qpdf_oh oh, const char *name);
sm_pf_box sm_pf_box_read(qpdf_data q, qpdf_oh array);
/* The keys of a dictionary (with their slashes) in qpdf's order, copied; returns the count. */
size_t sm_pf_keys(sm_arena *arena, qpdf_data q, qpdf_oh dict, const char ***keys);
/* A stream's data with the general filters decoded; malloc'ed, the caller frees it. NULL
 * when it cannot be decoded. */
unsigned char *sm_pf_stream_data(qpdf_data q, qpdf_oh stream, size_t *size);
/* Indirect object number, 0 for direct objects. */
int sm_pf_object_id(qpdf_data q, qpdf_oh oh);
/* Takes qpdf's queued warnings; returns how many, the first copied into *first. */
int sm_pf_take_warnings(sm_arena *arena, qpdf_data q, const char **first);

/* ---- lex.c: the content stream tokenizer --------------------------------------------------- */

typedef enum sm_pf_tok_type {
    SM_PF_TOK_END,
    SM_PF_TOK_NUMBER,
    SM_PF_TOK_NAME,    /* text without the slash, #xx decoded */
    SM_PF_TOK_STRING,  /* (literal) or <hex>; the bytes are not kept: no check reads them */
    SM_PF_TOK_KEYWORD, /* operators, true, false, null */
    SM_PF_TOK_ARRAY_OPEN,
    SM_PF_TOK_ARRAY_CLOSE,
    SM_PF_TOK_DICT_OPEN,
    SM_PF_TOK_DICT_CLOSE,
} sm_pf_tok_type;

/* Names and keywords are at most 127 bytes (PDF's own implementation limit); longer ones
 * are cut and counted as a problem. */
enum { SM_PF_TOKEN_TEXT = 128 };

typedef struct sm_pf_token {
    sm_pf_tok_type type;
    double number;
    char text[SM_PF_TOKEN_TEXT];
} sm_pf_token;

typedef struct sm_pf_lexer {
    const unsigned char *data;
    size_t size, pos;
    int problems; /* unterminated strings, bad numbers, cut names */
} sm_pf_lexer;

void sm_pf_lex_init(sm_pf_lexer *lex, const unsigned char *data, size_t size);
/* Reads the next token; SM_PF_TOK_END at the end of the data. Comments are skipped. */
sm_pf_token sm_pf_lex_next(sm_pf_lexer *lex);
/* Call right after the keyword ID: skips an inline image's binary data up to its EI (which is
 * consumed). expected is the data length when it can be computed (unfiltered), else -1. */
void sm_pf_lex_skip_inline_image(sm_pf_lexer *lex, long expected);

/* ---- inspect.c: objects — boxes, fonts, images, the document ------------------------------- */

void sm_pf_inspect_boxes(qpdf_data q, qpdf_oh page, sm_pf_page *out);
/* Every font of the resources and of the Form XObjects they hold, recursively, once each. */
void sm_pf_inspect_fonts(sm_arena *arena, qpdf_data q, qpdf_oh resources, sm_pf_page *page);
/* True when the font writes vertically (a Type0 font with an -V CMap). */
bool sm_pf_font_vertical(qpdf_data q, qpdf_oh font);
/* Describes an image XObject's dictionary (placement and ppi are left to the caller). */
void sm_pf_inspect_image(sm_arena *arena, qpdf_data q, qpdf_oh dict, sm_pf_image *out);
/* "DeviceRGB", "ICCBased", "Indexed", "Separation"…; resources resolve named spaces. */
const char *sm_pf_colour_space_name(sm_arena *arena, qpdf_data q, qpdf_oh space, qpdf_oh resources);
/* The family of a colour space: 'g'ray, 'r'gb, 'c'myk, 's'eparation, 'o'ther; *all is set
 * for the Separation /All (registration colour). */
char sm_pf_colour_space_family(qpdf_data q, qpdf_oh space, qpdf_oh resources, bool *all);
void sm_pf_inspect_document(sm_arena *arena, qpdf_data q, sm_pf_docinfo *out);

/* ---- content.c: the content stream interpreter ------------------------------------------- */

/* What the interpreter checks text against: every 1 em box must lie inside `safe`. */
typedef struct sm_pf_safe_area {
    sm_pf_box reference; /* the trim (shop) or the visible page (office) */
    double inset;        /* points the safe area lies inside the reference */
} sm_pf_safe_area;

/* Interprets the page's content (and its forms): text positions and colours, images drawn,
 * colour operators. Results go to page. */
void sm_pf_content_run(sm_arena *arena, qpdf_data q, qpdf_oh page_oh, sm_pf_safe_area safe,
                       sm_pf_page *page);

/* ---- rules.c: thresholds and findings ------------------------------------------------------ */

void sm_pf_add(sm_arena *arena, sm_pf_findings *findings, sm_severity severity, const char *check,
               const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Chooses the profile from /SMProfile or the page boxes (call after the boxes are read). */
void sm_pf_rules_profile(sm_arena *arena, sm_pf_file *file);
/* The safe area of a page under the file's profile. */
sm_pf_safe_area sm_pf_rules_safe_area(const sm_pf_file *file, const sm_pf_page *page);
void sm_pf_rules_page(sm_arena *arena, const sm_pf_file *file, sm_pf_page *page);
void sm_pf_rules_document(sm_arena *arena, sm_pf_file *file);
/* "A4 portrait" when w x h (mm) is a known paper within 0.5 mm, else NULL. */
const char *sm_pf_paper_name(double width_mm, double height_mm);
const char *sm_pf_profile_name(sm_pf_profile profile);

#endif
