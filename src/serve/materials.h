/* materials.h: what `surimono serve` offers — the project's materials as the pack lists them
 * (layouts/pack.yaml, or every definition), each with the variants the pack builds and the
 * variables its definition declares. Requests name a material by its id; nothing a request
 * says is ever used as a path. */
#ifndef SM_SERVE_MATERIALS_H
#define SM_SERVE_MATERIALS_H

#include "../surimono.h"

#include <stdbool.h>
#include <stddef.h>

enum { SM_MATERIAL_MAX_CHOICES = 8 };

typedef struct sm_material {
    char *id;         /* the definition's name without .yaml: the URL's /m/ID */
    char *title;      /* its document's title */
    char *kind;       /* poster, checksheet, page, document */
    char *definition; /* absolute path */
    /* The variants the pack builds, the first the default: papers (A4…), colour modes
     * (color, gray), profiles (office, shop, shop-tombo), editions (check sheets). */
    const char *papers[SM_MATERIAL_MAX_CHOICES], *colors[SM_MATERIAL_MAX_CHOICES],
        *profiles[SM_MATERIAL_MAX_CHOICES];
    int paper_count, color_count, profile_count;
    bool editions;
    sm_doc *doc; /* the loaded definition: its declared variables */
    sm_var_info *vars;
    size_t var_count;
    char **lines; /* the definition's text, by line: which line shows which variable */
    size_t line_count;
} sm_material;

typedef struct sm_materials {
    char *title; /* the pack's */
    char *root;  /* the project, a real path */
    sm_material *items;
    size_t count;
} sm_materials;

/* Lists the materials of the project at root; false (errors in diags) when there is
 * nothing to serve. */
bool sm_materials_load(sm_materials *out, const char *root, const char *fonts_conf,
                       sm_diags *diags);
const sm_material *sm_materials_find(const sm_materials *m, const char *id);
/* True when line `line` (from 1) of the material's definition shows {name}. */
bool sm_material_line_shows(const sm_material *m, int line, const char *name);
void sm_materials_free(sm_materials *m);

#endif
