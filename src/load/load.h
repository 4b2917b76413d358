/* load.h: the loader's internal API for later stages — YAML files validated into model objects. */
#ifndef SM_LOAD_H
#define SM_LOAD_H

#include "../model/doc.h"
#include "../model/model.h"
#include "../model/schema.h"

/* Parses the YAML file at path — a regular file inside the project root, after symlinks —
 * and validates it against schema (resolve loads theme files with sm_theme_schema); records
 * it as an input of doc. Diagnostics go to doc->diags with display_name as their file (an
 * unreadable or refused file: "cannot read DISPLAY_NAME: reason" at `at`, where the file is
 * named). Returns the object,
 * allocated in doc->arena, or NULL after recording errors. Unlike a stage it runs even
 * when doc has already failed, so resolve can report a theme's errors beside its own. */
sm_object *sm_load_yaml_file(sm_doc *doc, sm_pos at, const char *path, const char *display_name,
                             const sm_schema_object *schema);

#endif
