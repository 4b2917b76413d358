/* preflight.h: the preflight stage's internal model — what one PDF holds, page by page. */
#ifndef SM_PREFLIGHT_H
#define SM_PREFLIGHT_H

#include "../base/arena.h"
#include "../base/limits.h"
#include "../base/pdf_lex.h"
#include "../base/print.h"
#include "../base/units.h"
#include "../surimono.h"

#include "../base/qpdf_api.h"
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* The preflight's limits (SM_PF_MAX_*) are in base/limits.h. */

/* A page is checked against a print profile (base/print.h: the profiles and distances the
 * generator uses too). */

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
    sm_profile profile;         /* what the page is judged as */
    const char *profile_source; /* why: "--profile", "SMProfile", or what its boxes say */
    bool profile_declared;      /* by --profile or /SMProfile: a missing box is then an error */
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
    int streams;         /* content streams decoded: the page's, and one per form drawing */
    size_t content_size; /* decoded content bytes interpreted, forms counted per drawing */
    bool content_unreadable;
    const char *over_limit; /* the limit the content went past, as the end of a sentence */
    sm_pf_findings findings;
} sm_pf_page;

typedef struct sm_pf_docinfo {
    const char *title, *lang, *trapped, *creation_date, *mod_date, *producer, *sm_profile;
    bool tagged, display_doc_title, has_id;
    bool encrypted, print_low, print_high; /* print_*: what the permissions allow */
} sm_pf_docinfo;

/* What the command line asks of every page (check --profile, --paper). */
typedef struct sm_pf_options {
    bool profile_set;
    sm_profile profile;
    const sm_paper *paper; /* NULL: any paper */
} sm_pf_options;

typedef struct sm_pf_file {
    const char *path;
    bool readable;
    const char *version;
    sm_pf_options options;
    sm_pf_docinfo doc;
    sm_pf_page *pages;
    int page_count;
    size_t content_size;     /* decoded content bytes interpreted, all pages */
    sm_pf_findings findings; /* about the whole document */
    int errors, warnings;    /* document and pages together */
} sm_pf_file;

struct sm_preflight {
    sm_arena *arena;
    sm_pf_options options; /* for the files checked from now on */
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
/* Indirect object number, 0 for direct objects. */
int sm_pf_object_id(qpdf_data q, qpdf_oh oh);
/* Releases a handle when it is one (0 is none). */
void sm_pf_release(qpdf_data q, qpdf_oh oh);
/* Handles made by one lookup, released together: qpdf keeps every handle until it is released,
 * and the content interpreter looks things up per operator. */
typedef struct sm_pf_scratch {
    qpdf_data q;
    qpdf_oh held[32];
    int count;
} sm_pf_scratch;
/* Records oh for sm_pf_drop and returns it (past 32 it waits for the page's release). */
qpdf_oh sm_pf_hold(sm_pf_scratch *s, qpdf_oh oh);
void sm_pf_drop(sm_pf_scratch *s);
/* Takes qpdf's queued warnings; returns how many, the first copied into *first. qpdf names the
 * file as `opened`; messages name it `path`. */
int sm_pf_take_warnings(sm_arena *arena, qpdf_data q, const char *opened, const char *path,
                        const char **first);
/* text with every `from` replaced by `to`, in the arena. */
const char *sm_pf_replace(sm_arena *arena, const char *text, const char *from, const char *to);

/* ---- decode.c: stream data under a size limit ------------------------------------------- */

typedef enum sm_pf_decode_status {
    SM_PF_DECODE_OK,
    SM_PF_DECODE_LIMIT,     /* the data decodes to more than the limit */
    SM_PF_DECODE_UNBOUNDED, /* filters left to qpdf whose worst expansion passes the limit */
    SM_PF_DECODE_BROKEN,    /* damaged data, or a filter that yields no content (DCTDecode…) */
} sm_pf_decode_status;

/* Decodes a stream of the document for the content interpreter: the raw bytes are read from
 * qpdf (decrypted, still filtered) and decoded here under `limit` bytes; LZW, run-length and
 * predictors are left to qpdf when their worst expansion stays under the limit. On
 * SM_PF_DECODE_OK *data is malloc'ed (the caller frees it), else NULL. Handles made are
 * released. */
sm_pf_decode_status sm_pf_stream_decode(qpdf_data q, qpdf_oh stream, size_t limit,
                                        unsigned char **data, size_t *size);
/* Inflates the zlib stream at offset of fd into nothing, counting: SM_PF_DECODE_LIMIT once it
 * passes limit bytes; *size is what came out. */
sm_pf_decode_status sm_pf_inflate_fd(int fd, long long offset, size_t limit, size_t *size);
/* True when two bytes open a zlib stream (RFC 1950), as FlateDecode data does. */
bool sm_pf_zlib_header(const unsigned char bytes[2]);
/* The most bytes one stored byte decodes to through the filter `name` (no slash; abbreviations
 * accepted), or -1 for a filter the content interpreter does not know. */
double sm_pf_filter_worst(const char *name);

/* ---- scan.c: the file's bytes, before qpdf opens it --------------------------------------- */

/* Inflates every object stream and cross-reference stream of the open file fd under
 * SM_PF_MAX_OBJECT_STREAM(S), because qpdf inflates them whole while it opens the file.
 * Returns why the file must not be opened (arena text, the end of a sentence), or NULL. */
const char *sm_pf_scan_file(sm_arena *arena, int fd);

/* The content stream tokenizer is base/pdf_lex.h, shared with the palette pass of render. */

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
 * colour operators. Results go to page. Streams are decoded under SM_PF_MAX_STREAM, the page
 * under SM_PF_MAX_PAGE_CONTENT and SM_PF_MAX_PAGE_STREAMS, and *file_content (bytes the file's
 * pages have used so far) under SM_PF_MAX_FILE_CONTENT; past one, page->over_limit says which
 * and the rest of the page is not interpreted. */
void sm_pf_content_run(sm_arena *arena, qpdf_data q, qpdf_oh page_oh, sm_pf_safe_area safe,
                       sm_pf_page *page, size_t *file_content);

/* ---- rules.c: thresholds and findings ------------------------------------------------------ */

void sm_pf_add(sm_arena *arena, sm_pf_findings *findings, sm_severity severity, const char *check,
               const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Chooses each page's profile from --profile, its boxes and /SMProfile (call after the boxes
 * are read; the rule is written at the function). */
void sm_pf_rules_profile(sm_arena *arena, sm_pf_file *file);
/* The safe area of a page under its profile. */
sm_pf_safe_area sm_pf_rules_safe_area(const sm_pf_page *page);
void sm_pf_rules_page(sm_arena *arena, const sm_pf_file *file, sm_pf_page *page);
void sm_pf_rules_document(sm_arena *arena, sm_pf_file *file);
/* "A4 portrait" into buf when w x h (mm) is a known paper, and buf; else NULL. */
const char *sm_pf_paper_name(double width_mm, double height_mm, char *buf, size_t size);

#endif
