/* schema.h: the shape of the definition format as const tables — one source for
 * validation, defaults, "did you mean", the JSON Schema and the format reference. */
#ifndef SM_SCHEMA_H
#define SM_SCHEMA_H

#include <stdbool.h>

typedef enum sm_type {
    SM_TYPE_STRING,  /* plain text, no markup */
    SM_TYPE_TEXT,    /* text with inline markup and {variables}; resolve parses it */
    SM_TYPE_LENGTH,  /* a number with a unit; field.units says which units */
    SM_TYPE_NUMBER,  /* a plain number, within [min, max] when min < max */
    SM_TYPE_INTEGER, /* a whole number, within [min, max] when min < max */
    SM_TYPE_BOOL,    /* true / false */
    SM_TYPE_ENUM,    /* one of field.choices */
    SM_TYPE_COLOR,   /* #rgb, #rrggbb, a CSS name, or a theme colour name (checked by resolve) */
    SM_TYPE_POINT,   /* [x, y]: two lengths */
    SM_TYPE_PATH,    /* a file path relative to the project root (checked by resolve) */
    SM_TYPE_DATE,    /* YYYY-MM-DD */
    SM_TYPE_OBJECT,  /* a mapping validated by field.object */
    SM_TYPE_ELEMENT, /* a mapping with exactly one key naming an element type (sm_elements) */
    SM_TYPE_LIST,    /* a sequence of field.item */
    SM_TYPE_MAP,     /* a mapping from free names to field.item */
} sm_type;

typedef struct sm_schema_object sm_schema_object;
typedef struct sm_schema_field sm_schema_field;

struct sm_schema_field {
    const char *key;
    sm_type type;
    const char *doc;           /* one sentence for the reference and the JSON Schema */
    const char *default_value; /* scalar text parsed as if written in the input; NULL: none */
    bool required;
    unsigned units;             /* LENGTH, POINT: mask of (1 << sm_unit) */
    double min, max;            /* NUMBER, INTEGER, LENGTH (value in its unit): used when min < max;
                                   LIST: how many items (the JSON Schema's minItems, maxItems when > 0) */
    const char *const *choices; /* ENUM: NULL-terminated */
    const sm_schema_object *object; /* OBJECT */
    const sm_schema_field *item;    /* LIST, MAP: the type of each item (its key unused) */
};

/* An object type: its own fields plus optional shared base fields (checked first). */
struct sm_schema_object {
    const char *name; /* element type name, kind name, or object name */
    const char *doc;
    const sm_schema_field *base;
    int base_count;
    const sm_schema_field *fields;
    int field_count;
    /* When not NULL, a scalar written in place of the object is read as the object with
     * only this key (`学校名: 各学校` is `学校名: {default: 各学校}`). */
    const char *scalar_key;
};

/* Element types, selected by the key that names them (`- text: …`, `- row: […]`). */
extern const sm_schema_object *const sm_elements[];
extern const int sm_element_count;
/* The field of an element that carries its main value: the one whose key is its name. */

/* Document kinds, selected by the top-level `kind:` key. */
extern const sm_schema_object *const sm_kinds[];
extern const int sm_kind_count;
/* The `kind` field itself (ENUM over the kind names). */
extern const sm_schema_field sm_kind_field;

/* A theme file (layouts/themes/NAME.yaml). */
extern const sm_schema_object sm_theme_schema;

/* Finds a field of an object type by key (base fields first); NULL when absent.
 * *index receives its position in sm_object.values when index is not NULL. */
const sm_schema_field *sm_schema_find(const sm_schema_object *object, const char *key, int *index);
int sm_schema_field_count(const sm_schema_object *object);
const sm_schema_field *sm_schema_field_at(const sm_schema_object *object, int index);
const sm_schema_object *sm_schema_element(const char *name);
const sm_schema_object *sm_schema_kind(const char *name);
/* "string", "length", … for messages. */
const char *sm_type_name(sm_type type);

#endif
