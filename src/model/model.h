/* model.h: the document model — typed values with positions, shaped by the schema. */
#ifndef SM_MODEL_H
#define SM_MODEL_H

#include "../base/diag.h"
#include "../base/units.h"
#include "schema.h"

#include <stddef.h>

typedef struct sm_object sm_object;
typedef struct sm_value sm_value;

/* How a scalar was written, so a byte offset inside it maps back to a column. */
typedef enum sm_scalar_style {
    SM_SCALAR_PLAIN,
    SM_SCALAR_QUOTED, /* single or double quotes: content starts one column later */
    SM_SCALAR_BLOCK,  /* | or >: content starts on the next line */
} sm_scalar_style;

/* Where one source line of a multi-line scalar starts in its text: the character at byte
 * `offset` of the text was written at line:col. */
typedef struct sm_source_line {
    size_t offset;
    int line, col;
} sm_source_line;

struct sm_value {
    const sm_schema_field *field; /* the type; NULL for an absent optional value */
    sm_pos pos;                   /* where it was written (the key's object for defaults) */
    bool given;                   /* written in the input, not a default */
    sm_scalar_style style;
    /* A scalar written over several lines: where its second and later lines start. */
    const sm_source_line *lines;
    size_t line_count;
    union {
        const char *str; /* STRING, TEXT, PATH, DATE */
        struct {
            const char *name; /* as written */
            sm_color rgba;    /* valid when literal */
            bool literal;     /* #hex or CSS name; otherwise a theme colour name */
        } color;
        sm_length length;
        double number; /* NUMBER, INTEGER */
        bool flag;
        int choice; /* ENUM: index into field->choices */
        sm_length point[2];
        sm_object *object; /* OBJECT, ELEMENT */
        struct {
            sm_value *items;
            const char **keys; /* MAP only */
            size_t count;
        } list; /* LIST, MAP */
    } as;
};

struct sm_object {
    const sm_schema_object *schema;
    sm_pos pos;
    sm_value *values; /* one per field of schema, base fields first */
};

/* The value of key in object: defaults filled in; field == NULL when absent and optional.
 * An unknown key is a programming error and aborts. */
const sm_value *sm_object_get(const sm_object *object, const char *key);
/* True when key has a value (given or default). */
bool sm_object_has(const sm_object *object, const char *key);
/* Shorthands; return fallback when the value is absent. */
const char *sm_object_str(const sm_object *object, const char *key, const char *fallback);
double sm_object_number(const sm_object *object, const char *key, double fallback);
bool sm_object_flag(const sm_object *object, const char *key, bool fallback);
/* ENUM: the chosen name, or fallback. */
const char *sm_object_choice(const sm_object *object, const char *key, const char *fallback);

/* The position of the character at byte offset `offset` of a string value. */
sm_pos sm_value_pos_at(const sm_value *value, size_t offset);

#endif
