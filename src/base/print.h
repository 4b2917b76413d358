/* print.h: the print vocabulary, one table each — the papers (ISO 216 / JIS), the print
 * profiles, and the distances print production needs (bleed, the trim marks' slug, the safe
 * areas) with their reasons. The schema, the command line, layout, render, the preflight and
 * the pack all read them here, so the generator and its checker cannot drift apart. */
#ifndef SM_PRINT_H
#define SM_PRINT_H

#include <stdbool.h>
#include <stddef.h>

/* ---- papers ------------------------------------------------------------------------- */

typedef struct sm_paper {
    const char *name;
    double width_mm, height_mm; /* portrait */
} sm_paper;

/* Finds a paper by name, case-insensitively ("a4" is A4). NULL when there is none. */
const sm_paper *sm_paper_find(const char *name);
/* The paper names, NULL-terminated: A3, A4, A5, B4, B5 (for "did you mean"). */
const char *const *sm_paper_names(void);
/* The values of the format's `paper:` key: the papers, then "custom". */
extern const char *const sm_paper_choices[];
/* Two sizes this close (in mm) are the same paper: writers round to 0.01 pt, cutters less. */
#define SM_PAPER_TOLERANCE_MM 0.5
/* The paper a sheet of w × h mm is, in either orientation; NULL when it is none of them.
 * *landscape (when not NULL) says which way round. */
const sm_paper *sm_paper_of_size(double w_mm, double h_mm, bool *landscape);

/* ---- print profiles ------------------------------------------------------------------- */

/* Where a PDF goes (README "Print production"). */
typedef enum sm_profile {
    SM_PROFILE_OFFICE,     /* office and school printers: the paper itself */
    SM_PROFILE_SHOP,       /* a print shop: the trim plus bleed */
    SM_PROFILE_SHOP_TOMBO, /* a print shop that wants trim marks (トンボ) around it */
} sm_profile;

/* The names, here once: the schema's default is written with one of them. */
#define SM_PROFILE_OFFICE_NAME     "office"
#define SM_PROFILE_SHOP_NAME       "shop"
#define SM_PROFILE_SHOP_TOMBO_NAME "shop-tombo"
/* The profile names in enum order, NULL-terminated: the format's `profile:` values. */
extern const char *const sm_profile_names[];
const char *sm_profile_name(sm_profile profile);
/* Finds a profile by its exact name; false when there is none. */
bool sm_profile_find(const char *name, sm_profile *out);
/* How the downloads catalogue names a profile's files: "" for office, "印刷所用（…）". */
const char *sm_profile_label(sm_profile profile);

/* ---- distances -------------------------------------------------------------------------- */

/* Japanese print shops want 3 mm of bleed (塗り足し) beyond the trim on every side. */
#define SM_BLEED_MM 3.0
/* Room beyond the trim for the trim marks: the bleed, 10 mm marks, a little air. */
#define SM_SLUG_MM 15.0
/* Text at least this far inside the trim for a print shop: the cut may wander. */
#define SM_SHOP_SAFE_MM 3.0
/* Office printers cannot print the outer ~4 mm of a sheet: content stays 5 mm inside. */
#define SM_OFFICE_SAFE_MM 5.0

/* How far the sheet reaches beyond the trim on each side: 0, the bleed, or the slug. */
double sm_profile_sheet_mm(sm_profile profile);
/* The bleed a profile prints: 0 for office. */
double sm_profile_bleed_mm(sm_profile profile);
/* How far inside the trim (office: the paper's edge) text must stay. */
double sm_profile_safe_mm(sm_profile profile);

#endif
