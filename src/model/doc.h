/* doc.h: the document as every stage sees it — input, model, and each stage's result. */
#ifndef SM_DOC_H
#define SM_DOC_H

#include "../base/arena.h"
#include "../base/diag.h"
#include "../surimono.h"
#include "model.h"

/* Results of later stages, defined in their own folders (each links only earlier ones). */
typedef struct sm_resolved sm_resolved; /* resolve/resolved.h */
typedef struct sm_pages sm_pages;       /* layout/box.h */

typedef struct sm_setting {
    const char *key, *value;
} sm_setting;

struct sm_doc {
    sm_arena *arena;
    sm_diags diags;

    /* input */
    const char *file;   /* as shown in diagnostics */
    const char *root;   /* project root: assets and themes are confined to it */
    const char *source; /* the definition text (NUL-terminated copy) */
    size_t source_size;

    /* load */
    sm_object *definition; /* the validated top-level object (schema = its kind) */
    sm_object *theme;      /* its theme file (layouts/themes/NAME.yaml) validated; or NULL */

    /* command-line overrides, applied by resolve */
    const char *paper_override;
    const char *profile_override, *color_mode_override;
    const char *imposition_override; /* documents: "none" or "saddle-stitch"; NULL: as defined */
    sm_setting *settings;
    size_t setting_count, setting_capacity;
    bool values_later; /* a form gives the variables' values: required ones are not missing */
    sm_edition edition;

    /* every file the document was made from (definition, theme, assets), absolute */
    const char **inputs;
    size_t input_count, input_capacity;

    /* later stages */
    sm_resolved *resolved;
    sm_pages *pages;
    sm_fonts *fonts;
};

/* Records a file the document depends on (once each). */
void sm_doc_add_input(sm_doc *doc, const char *path);

/* True when the pipeline may continue (no error so far). */
static inline bool sm_doc_ok(const sm_doc *doc) { return !doc->diags.failed; }

#endif
