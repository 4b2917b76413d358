/* surimono.h: the one public header — opaque document, the pipeline stages, diagnostics. */
#ifndef SURIMONO_H
#define SURIMONO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define SM_VERSION "0.1.0"

/* Exit codes of the CLI, documented in --help and the README. */
enum {
    SM_EXIT_OK = 0,     /* everything done */
    SM_EXIT_INPUT = 1,  /* the definition has errors (diagnostics printed) */
    SM_EXIT_USAGE = 2,  /* bad command line */
    SM_EXIT_SYSTEM = 3, /* fonts, files or libraries failed */
};

typedef enum sm_severity { SM_SEVERITY_WARNING, SM_SEVERITY_ERROR } sm_severity;

/* One diagnostic. file/line/col point into the input (1-based); line 0 means "whole file". */
typedef struct sm_diag {
    sm_severity severity;
    const char *file;
    int line, col;
    const char *message;
} sm_diag;

typedef struct sm_doc sm_doc;
typedef struct sm_fonts sm_fonts;

/* ---- diagnostics outside a document ------------------------------------------------- */

/* A list of diagnostics for work that is not one document: loading the fonts, a pack build,
 * a manifest merge. The same convention as a document's: positions, the first error sticky,
 * at most 50 kept (the rest counted). */
typedef struct sm_diags sm_diags;

/* Returns a new empty list with its own arena; never NULL (out of memory aborts). */
sm_diags *sm_diags_new(void);
/* Frees the list and every message in it. Accepts NULL. */
void sm_diags_free(sm_diags *diags);
/* Diagnostics kept so far, in order; pointers live as long as the list. */
size_t sm_diags_count(const sm_diags *diags);
const sm_diag *sm_diags_at(const sm_diags *diags, size_t index);
/* Diagnostics past the 50 kept: counted, not kept. */
size_t sm_diags_dropped(const sm_diags *diags);
/* True when an error (not only warnings) was recorded. */
bool sm_diags_failed(const sm_diags *diags);

/* Which pages of a check sheet to produce (other kinds have one edition). */
typedef enum sm_edition { SM_EDITION_ALL, SM_EDITION_QUESTION, SM_EDITION_ANSWER } sm_edition;

/* ---- documents ------------------------------------------------------------------ */

/* Returns a new empty document owning one arena; never NULL (out of memory aborts). */
sm_doc *sm_doc_new(void);
/* Frees the document, everything in its arena and its diagnostics. Accepts NULL. */
void sm_doc_free(sm_doc *doc);

/* Loads a definition. path "-" reads standard input (shown as "<stdin>").
 * Returns false and records diagnostics on any error; the first error is sticky. */
bool sm_doc_load_file(sm_doc *doc, const char *path);
/* As sm_doc_load_file from a buffer; name is used in diagnostics, root for asset paths
 * (NULL: the current directory). The buffer is copied. */
bool sm_doc_load_buffer(sm_doc *doc, const char *name, const char *root, const char *data,
                        size_t size);

/* Command-line overrides, applied by resolve. key=value sets a variable; returns false
 * (and records an error) for a malformed setting. Call after load, before resolve. */
bool sm_doc_set_variable(sm_doc *doc, const char *assignment);
/* The variables' values come later (a web form lists the materials before anyone fills
 * them in): resolve does not report a required one as missing, and shows its label in its
 * place (〔学校名〕). */
void sm_doc_values_later(sm_doc *doc);
/* Overrides the paper (A3, A4, A5, B4, B5: base/print.h); false if the name is unknown. */
bool sm_doc_set_paper(sm_doc *doc, const char *paper);
void sm_doc_set_edition(sm_doc *doc, sm_edition edition);
/* Overrides the output profile (office, shop, shop-tombo: base/print.h) and the colour mode
 * ("color", "gray"); false (and an error) for an unknown name. */
bool sm_doc_set_profile(sm_doc *doc, const char *profile);
bool sm_doc_set_color_mode(sm_doc *doc, const char *mode);
/* Documents: "none" or "saddle-stitch" (a booklet on sheets twice as wide). */
bool sm_doc_set_imposition(sm_doc *doc, const char *imposition);

/* Resolves variables, theme, styles, assets, and expands content kinds. */
bool sm_doc_resolve(sm_doc *doc);
/* Lays out every page with the fonts (shared, not owned). */
bool sm_doc_layout(sm_doc *doc, sm_fonts *fonts);
/* Writes a PDF atomically (temporary file, then rename). */
bool sm_doc_render_pdf(sm_doc *doc, const char *path);
/* Writes page `page` (1-based) as PNG at `dpi`, atomically. */
bool sm_doc_render_png(sm_doc *doc, const char *path, int page, double dpi);
/* The same for a catalogue's thumbnail: page 1, compressed for speed rather than size. */
bool sm_doc_render_thumbnail(sm_doc *doc, const char *path, double dpi);

/* Number of laid-out pages (0 before layout). */
int sm_doc_page_count(const sm_doc *doc);
/* Document title after resolve (never NULL; "" when unset). */
const char *sm_doc_title(const sm_doc *doc);
/* The paper a resolved document is printed on (A4, A3, …, custom); NULL before resolve. */
const char *sm_doc_paper_name(const sm_doc *doc);
/* True when a loaded definition is the pack manifest (kind: pack), built by `build`. */
bool sm_doc_is_pack(const sm_doc *doc);
/* True when the definition is a check sheet (it has a question and an answer edition). */
bool sm_doc_has_editions(const sm_doc *doc);

/* The variables a loaded definition declares (`vars:`), in order: what a form asks for. */
typedef enum sm_var_type { SM_VAR_TEXT, SM_VAR_PHONE, SM_VAR_URL, SM_VAR_DATE } sm_var_type;
typedef struct sm_var_info {
    const char *name;
    const char *label;         /* the declared label, else the name */
    const char *default_value; /* "" when none */
    sm_var_type type;
    bool required;
    int max_length; /* characters; 0: no limit */
} sm_var_info;
size_t sm_doc_var_count(const sm_doc *doc);
/* Variable i (< sm_doc_var_count); the strings live with doc. */
sm_var_info sm_doc_var_at(const sm_doc *doc, size_t i);
/* What is wrong with value (NULL: none given) for var; SM_VAR_FINE when nothing. The
 * number of characters goes to *length when not NULL. Every front end words these its
 * own way (the command line in English, the web form in Japanese). */
typedef enum sm_var_problem {
    SM_VAR_FINE,
    SM_VAR_MISSING, /* required, and not given or empty */
    SM_VAR_TOO_LONG,
    SM_VAR_NOT_PHONE,
    SM_VAR_NOT_URL,
    SM_VAR_NOT_DATE,
} sm_var_problem;
sm_var_problem sm_var_check(const sm_var_info *var, const char *value, size_t *length);

/* The papers `build` renders a loaded definition on (its `papers:` list), at most max of
 * them; 0 when it names none (build then uses its own paper). Strings live with doc. */
int sm_doc_build_papers(const sm_doc *doc, const char **papers, int max);

/* The creation date a resolved document writes into its PDF — SOURCE_DATE_EPOCH, else
 * meta.date — in seconds since the epoch. False when it writes none. */
bool sm_doc_date(const sm_doc *doc, long long *seconds);

/* The files a resolved document was made from — its definition, theme and assets — as
 * absolute paths, for incremental builds. */
size_t sm_doc_input_count(const sm_doc *doc);
const char *sm_doc_input_at(const sm_doc *doc, size_t index);

/* Text dumps for golden tests: the resolved element tree, the laid-out boxes. */
bool sm_doc_dump_model(sm_doc *doc, FILE *out);
bool sm_doc_dump_boxes(sm_doc *doc, FILE *out);
/* Every glyph of every paragraph: line, position, advance, font file, glyph id, text. */
bool sm_doc_dump_glyphs(sm_doc *doc, FILE *out);

/* Writes which font files cover the characters of the document, and which characters
 * no font covers. Call after resolve. */
bool sm_doc_report_fonts(sm_doc *doc, sm_fonts *fonts, FILE *out);

/* Diagnostics recorded so far, in order. The pointer lives as long as the document. */
size_t sm_doc_diag_count(const sm_doc *doc);
const sm_diag *sm_doc_diag_at(const sm_doc *doc, size_t index);
/* True when an error (not only warnings) has been recorded. */
bool sm_doc_failed(const sm_doc *doc);

/* ---- pictures ---------------------------------------------------------------------- */

/* From now on, pictures decoded for one document are kept for the later ones of this
 * process while their files are unchanged (size, inode, time): a build worker makes many
 * outputs from the same SVGs. Off by default, so `watch` and `render` always read anew. */
void sm_pictures_keep(void);

/* ---- fonts ------------------------------------------------------------------------ */

/* Builds the private font set from a fonts.conf (fontconfig XML). Returns NULL after
 * recording why in diags (about the fonts.conf as a whole). Long-lived: share one across
 * documents. */
sm_fonts *sm_fonts_new(const char *fonts_conf, sm_diags *diags);
void sm_fonts_free(sm_fonts *fonts);
/* Lists the font files of the set, one per line. */
void sm_fonts_list(const sm_fonts *fonts, FILE *out);
/* The same for a fonts.conf, read without setting up text layout (for --version). */
bool sm_fonts_list_file(const char *fonts_conf, FILE *out, sm_diags *diags);

/* ---- schema ----------------------------------------------------------------------- */

/* The built-in named styles, colours and font roles, and a theme file's keys, as a
 * reference for authors (surimono styles). */
void sm_styles_describe(FILE *out);

/* What a JSON Schema describes: a definition (any kind), a theme file, or a pack. */
typedef enum sm_schema_root {
    SM_SCHEMA_DEFINITION,
    SM_SCHEMA_THEME,
    SM_SCHEMA_PACK,
} sm_schema_root;

/* Writes the JSON Schema (draft-07) of a definition, a theme or a pack. */
void sm_schema_write_json(FILE *out, sm_schema_root root);

/* ---- preflight of finished PDFs ------------------------------------------------------ */

/* `surimono check FILE.pdf`: page boxes, fonts, image resolution, safe area, K-only black
 * text, encryption and document metadata of finished PDFs, ours or anyone's, each page judged
 * by its print profile (office, shop, shop-tombo: --profile, else the page's own boxes, with
 * /SMProfile where the boxes cannot tell). Streams are decoded under the limits of
 * base/limits.h; a file or page past one is an error, never an exhausted machine. */
typedef struct sm_preflight sm_preflight;

/* Returns a new preflight holding no reports; never NULL (out of memory aborts). */
sm_preflight *sm_preflight_new(void);
/* Frees the preflight and every report it holds. Accepts NULL. */
void sm_preflight_free(sm_preflight *pf);
/* Judges every page of the files checked from now on as `profile` (office, shop or
 * shop-tombo) instead of by its boxes. Returns false for an unknown name, with *hint the
 * closest known one (static text) or NULL. */
bool sm_preflight_set_profile(sm_preflight *pf, const char *profile, const char **hint);
/* Requires the trim of every page of the files checked from now on to be `paper` (A3, A4, A5,
 * B4 or B5, any case, either orientation, within 0.5 mm): an error per page otherwise. Returns
 * false for an unknown name, with *hint as above. */
bool sm_preflight_set_paper(sm_preflight *pf, const char *paper, const char **hint);
/* Checks one PDF file and keeps its report (a file that is missing, not a regular file,
 * unreadable, locked by a password or past a limit is reported as an error). Returns false
 * when the file has errors; warnings alone return true. */
bool sm_preflight_check_file(sm_preflight *pf, const char *path);
/* True when any file checked so far has an error. */
bool sm_preflight_failed(const sm_preflight *pf);
/* Writes every report for people: a summary per file and page (each page's profile and where
 * it came from), then one line per finding, `file: page N: error: message`, then
 * `file: ok|FAILED, N errors, N warnings`. */
void sm_preflight_write_text(const sm_preflight *pf, FILE *out);
/* Writes every report as one JSON document, {"ok", "errors", "warnings", "files": […]},
 * keys in a fixed order and numbers rounded to fixed decimals. */
void sm_preflight_write_json(const sm_preflight *pf, FILE *out);

/* ---- HTML text version --------------------------------------------------------------- */

/* Writes the accessible HTML text version of a resolved document to out: one complete
 * HTML5 page (lang="ja", the title, an inline stylesheet, no external resource) with the
 * headings, paragraphs, lists, tables, picture descriptions (alt texts), QR links and
 * footer in reading order; a check sheet's editions are sections 問題 and 解答. Output is
 * deterministic. Call after sm_doc_resolve (layout is not needed). Returns false when the
 * document has failed or a write to out failed (then an error is recorded). */
bool sm_doc_write_html(sm_doc *doc, FILE *out);

#endif
