/* object.c: reading values out of validated objects. */
#include "model.h"

#include "../base/utf8.h"

#include <stdio.h>
#include <stdlib.h>

const sm_value *sm_object_get(const sm_object *object, const char *key) {
    int index;
    if (!sm_schema_find(object->schema, key, &index)) {
        /* A key the schema lacks is a bug in surimono, not in the input. */
        fprintf(stderr, "surimono: internal error: '%s' has no key '%s'\n", object->schema->name,
                key);
        abort();
    }
    return &object->values[index];
}

bool sm_object_has(const sm_object *object, const char *key) {
    return sm_object_get(object, key)->field != NULL;
}

const char *sm_object_str(const sm_object *object, const char *key, const char *fallback) {
    const sm_value *v = sm_object_get(object, key);
    if (!v->field) return fallback;
    return v->field->type == SM_TYPE_COLOR ? v->as.color.name : v->as.str;
}

double sm_object_number(const sm_object *object, const char *key, double fallback) {
    const sm_value *v = sm_object_get(object, key);
    return v->field ? v->as.number : fallback;
}

bool sm_object_flag(const sm_object *object, const char *key, bool fallback) {
    const sm_value *v = sm_object_get(object, key);
    return v->field ? v->as.flag : fallback;
}

const char *sm_object_choice(const sm_object *object, const char *key, const char *fallback) {
    const sm_value *v = sm_object_get(object, key);
    return v->field ? v->field->choices[v->as.choice] : fallback;
}

sm_pos sm_value_pos_at(const sm_value *value, size_t offset) {
    sm_pos pos = value->pos;
    if (!value->given || !value->as.str) return pos;
    const char *s = value->as.str;
    if (value->line_count && offset >= value->lines[0].offset) {
        size_t k = value->line_count - 1; /* the source line that holds offset */
        while (value->lines[k].offset > offset) k--;
        const sm_source_line *l = &value->lines[k];
        return (sm_pos){pos.file, l->line,
                        l->col + (int)sm_utf8_count(s + l->offset, offset - l->offset)};
    }
    /* Block scalars and text with line breaks do not map back column by column; the
     * start of the value is the honest answer there. */
    for (size_t i = 0; i < offset; i++)
        if (s[i] == '\n') return pos;
    if (value->style == SM_SCALAR_BLOCK) return pos;
    pos.col += (int)sm_utf8_count(s, offset) + (value->style == SM_SCALAR_QUOTED ? 1 : 0);
    return pos;
}
