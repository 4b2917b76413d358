/* pages.h: the HTML of `surimono serve` — the catalogue, a material's form beside its
 * preview, and the page that lists problems — in Japanese (lang="ja"), usable with the
 * keyboard and a screen reader, on a phone and a desktop; and its one stylesheet and one
 * script, served from the program itself. */
#ifndef SM_SERVE_PAGES_H
#define SM_SERVE_PAGES_H

#include "materials.h"

#include <glib.h>

/* The page texts, newly allocated (g_free). */
char *sm_page_catalogue(const sm_materials *m);
/* The form of material x, filled with `values` (query field → value; NULL: defaults). */
char *sm_page_material(const sm_materials *m, const sm_material *x, GHashTable *values);
/* A page that says what is wrong (each item a sentence), with a way back. */
char *sm_page_problems(const char *title, const char *const *problems, size_t count,
                       const char *back);
char *sm_page_not_found(void);
/* One school's set (the chosen materials as one PDF or a ZIP) and every school from a CSV:
 * the two forms, each carrying the session's token. */
char *sm_page_set(const sm_materials *m, const char *token);
/* An upload's progress: a progress bar, the problems so far (each with its CSV line), and
 * the ZIP's link when it is finished. */
char *sm_page_batch(const char *id, unsigned done, unsigned total, bool finished,
                    const char *const *problems, size_t count);

extern const char sm_page_style[];  /* /static/style.css */
extern const char sm_page_script[]; /* /static/app.js */

/* Japanese names of the variants, for the form and messages. */
const char *sm_page_kind_name(const char *kind);
const char *sm_page_color_name(const char *color);
const char *sm_page_profile_name(const char *profile);

#endif
