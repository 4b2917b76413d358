/* validate.h: checks a YAML node tree against the schema tables and builds the model. */
#ifndef SM_VALIDATE_H
#define SM_VALIDATE_H

#include "../base/arena.h"
#include "../base/diag.h"
#include "../model/model.h"
#include "yaml_tree.h"

#include <stdbool.h>

/* Validates a mapping node against an object schema: one sm_value per field, defaults
 * filled, positions kept. Every problem is recorded in diags (siblings are checked after an
 * error). Returns the object (allocated in arena), or NULL when any error was recorded. */
sm_object *sm_validate_object(sm_arena *arena, sm_diags *diags, const sm_node *node,
                              const sm_schema_object *schema);

/* Validates one node as the value of field (its key names it in messages). Returns false
 * after recording errors; *out is filled as far as it could be. */
bool sm_validate_value(sm_arena *arena, sm_diags *diags, const sm_schema_field *field,
                       const sm_node *node, sm_value *out);

/* Parses text as if written as a plain scalar for field at pos (how defaults are read;
 * resolve may use it for command-line values). Returns false after recording errors. */
bool sm_validate_text(sm_arena *arena, sm_diags *diags, const sm_schema_field *field,
                      const char *text, sm_pos pos, sm_value *out);

/* ", " separated list of names (NULL-terminated), allocated in arena, for messages. */
const char *sm_validate_join(sm_arena *arena, const char *const *names);

#endif
