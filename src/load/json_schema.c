/* json_schema.c: writes the JSON Schema (draft-07) of the format, generated from the tables. */
#include "../base/arena.h"
#include "../base/units.h"
#include "../model/schema.h"
#include "../surimono.h"

#include <jansson.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Nesting of the JSON written: definitions → object → properties → field → anyOf → item.
 * Ten levels are plenty; more would be a bug in this file. */
enum { JSON_MAX_DEPTH = 16, MAX_OBJECTS = 64 };

/* The schema is written in the order of the tables (JSON_PRESERVE_ORDER) with the project's
 * one JSON library: begin/key/value calls build the tree, sm_schema_write_json dumps it with
 * two-space indentation, one member per line, so the output diffs well and stays
 * deterministic. */
typedef struct json {
    json_t *stack[JSON_MAX_DEPTH + 1]; /* the open containers; stack[0] the root */
    int depth;
    const char *key; /* the member name waiting for its value */
} json;

/* Adds v (a new reference, stolen) where the writer stands: the pending member of the open
 * object, the next item of the open array, or the root. */
static void put(json *j, json_t *v) {
    if (!v) sm_out_of_memory();
    if (j->depth == 0) {
        j->stack[0] = v;
        return;
    }
    json_t *open = j->stack[j->depth];
    if (json_is_object(open)) {
        json_object_set_new(open, j->key ? j->key : "", v);
        j->key = NULL;
    } else {
        json_array_append_new(open, v);
    }
}

static void begin(json *j, char bracket) {
    json_t *v = bracket == '{' ? json_object() : json_array();
    put(j, v);
    if (j->depth == JSON_MAX_DEPTH) abort(); /* see JSON_MAX_DEPTH */
    /* An open container sits at its depth; the root is also stack[0] (put). */
    j->stack[++j->depth] = v;
}

static void end(json *j, char bracket) {
    (void)bracket;
    j->depth--;
}

static void key(json *j, const char *k) { j->key = k; }

static void string(json *j, const char *s) { put(j, json_string(s)); }

/* A literal: true, false or a whole number. */
static void raw(json *j, const char *text) {
    if (strcmp(text, "true") == 0)
        put(j, json_true());
    else if (strcmp(text, "false") == 0)
        put(j, json_false());
    else if (text[0] == '{' || text[0] == '[')
        put(j, json_loads(text, JSON_DECODE_ANY, NULL)); /* a fixed fragment of this file */
    else
        put(j, json_integer(strtoll(text, NULL, 10)));
}

/* Whole numbers as integers (400, not 400.0), the rest with 15 significant digits. */
static void number(json *j, double v) {
    if (v == floor(v) && fabs(v) < 1e15)
        put(j, json_integer((json_int_t)v));
    else
        put(j, json_real(v));
}

static void key_string(json *j, const char *k, const char *s) {
    key(j, k);
    string(j, s);
}

/* ---- pieces of schema -------------------------------------------------------------- */

static void ref(json *j, const char *prefix, const char *name) {
    char target[128];
    snprintf(target, sizeof target, "#/definitions/%s%s", prefix, name);
    begin(j, '{');
    key_string(j, "$ref", target);
    end(j, '}');
}

/* {"required": [name]}: an object that has the key. */
static void requires_key(json *j, const char *name) {
    char has[96];
    snprintf(has, sizeof has, "{\"required\": [\"%s\"]}", name);
    raw(j, has);
}

/* Strings, and numbers or booleans that the loader takes as written. */
static void scalar_type(json *j) {
    key(j, "type");
    begin(j, '[');
    string(j, "string");
    string(j, "number");
    string(j, "boolean");
    end(j, ']');
}

static void length_schema(json *j, unsigned units) {
    static const struct {
        sm_unit unit;
        const char *suffix;
    } names[] = {
        {SM_UNIT_MM, "mm"}, {SM_UNIT_PT, "pt"}, {SM_UNIT_PERCENT, "%"}, {SM_UNIT_EM, "em"}};
    char alternatives[64] = "";
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        if (!(units & (1u << names[i].unit))) continue;
        if (alternatives[0]) strcat(alternatives, "|");
        strcat(alternatives, names[i].suffix);
    }
    char pattern[160];
    /* Never negative: the loader refuses a negative length as well. */
    snprintf(pattern, sizeof pattern, "^(([0-9]+\\.?[0-9]*|\\.[0-9]+)(%s)|0)$", alternatives);
    /* YAML reads a bare 0 as a number; the loader takes it as a length without unit. */
    key(j, "anyOf");
    begin(j, '[');
    begin(j, '{');
    key_string(j, "type", "string");
    key_string(j, "pattern", pattern);
    end(j, '}');
    begin(j, '{');
    key(j, "const");
    raw(j, "0");
    end(j, '}');
    end(j, ']');
}

static void range(json *j, const sm_schema_field *field) {
    if (!(field->min < field->max)) return;
    key(j, "minimum");
    number(j, field->min);
    key(j, "maximum");
    number(j, field->max);
}

static void default_value(json *j, const sm_schema_field *field) {
    if (!field->default_value) return;
    key(j, "default");
    switch (field->type) {
    case SM_TYPE_NUMBER:
    case SM_TYPE_INTEGER: number(j, strtod(field->default_value, NULL)); break;
    case SM_TYPE_BOOL: raw(j, strcmp(field->default_value, "true") == 0 ? "true" : "false"); break;
    default: string(j, field->default_value); break;
    }
}

static void field_schema(json *j, const sm_schema_field *field);

/* The members describing a field's value (inside an already open object). */
static void field_members(json *j, const sm_schema_field *field) {
    switch (field->type) {
    case SM_TYPE_STRING:
    case SM_TYPE_TEXT:
    case SM_TYPE_PATH: scalar_type(j); break;
    case SM_TYPE_LENGTH: length_schema(j, field->units); break;
    case SM_TYPE_NUMBER:
        key_string(j, "type", "number");
        range(j, field);
        break;
    case SM_TYPE_INTEGER:
        key_string(j, "type", "integer");
        range(j, field);
        break;
    case SM_TYPE_BOOL: key_string(j, "type", "boolean"); break;
    case SM_TYPE_ENUM:
        key_string(j, "type", "string");
        key(j, "enum");
        begin(j, '[');
        for (int i = 0; field->choices[i]; i++) string(j, field->choices[i]);
        end(j, ']');
        break;
    case SM_TYPE_COLOR:
        key_string(j, "type", "string");
        key_string(j, "pattern",
                   "^(#([0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})|[a-z][a-z0-9-]*)$");
        break;
    case SM_TYPE_POINT:
        key_string(j, "type", "array");
        key(j, "items");
        begin(j, '{');
        length_schema(j, field->units);
        end(j, '}');
        key(j, "minItems");
        raw(j, "2");
        key(j, "maxItems");
        raw(j, "2");
        break;
    case SM_TYPE_DATE:
        key_string(j, "type", "string");
        key_string(j, "pattern", "^[0-9]{4}-[0-9]{2}-[0-9]{2}$");
        break;
    case SM_TYPE_OBJECT:
        /* draft-07 ignores siblings of $ref; allOf keeps the description. A shorthand
         * scalar (schema.h's scalar_key) is a string in its place. */
        key(j, field->object->scalar_key ? "anyOf" : "allOf");
        begin(j, '[');
        if (field->object->scalar_key) {
            begin(j, '{');
            key_string(j, "type", "string");
            end(j, '}');
        }
        ref(j, "", field->object->name);
        end(j, ']');
        break;
    case SM_TYPE_ELEMENT:
        key(j, "allOf");
        begin(j, '[');
        ref(j, "", "element");
        end(j, ']');
        break;
    case SM_TYPE_LIST:
        key_string(j, "type", "array");
        key(j, "items");
        field_schema(j, field->item);
        /* A list's min and max are how many items it takes (steps 1–4, hazards 1–20). */
        if (field->min > 0) {
            key(j, "minItems");
            char n[32];
            snprintf(n, sizeof n, "%d", (int)field->min);
            raw(j, n);
        }
        if (field->max > 0) {
            key(j, "maxItems");
            char n[32];
            snprintf(n, sizeof n, "%d", (int)field->max);
            raw(j, n);
        }
        break;
    case SM_TYPE_MAP:
        key_string(j, "type", "object");
        key(j, "additionalProperties");
        field_schema(j, field->item);
        break;
    }
}

static void field_schema(json *j, const sm_schema_field *field) {
    begin(j, '{');
    if (field->doc) key_string(j, "description", field->doc);
    field_members(j, field);
    default_value(j, field);
    end(j, '}');
}

/* An object type; kind_name, when set, pins the `kind` key to that kind. */
static void object_schema(json *j, const sm_schema_object *object, const char *kind_name) {
    begin(j, '{');
    if (object->doc) key_string(j, "description", object->doc);
    key_string(j, "type", "object");
    key(j, "properties");
    begin(j, '{');
    int n = sm_schema_field_count(object);
    /* An element's own key may be left empty where another key gives its content (a
     * table's `table:` with `data:`): the loader takes an empty value as absent. */
    const sm_schema_object *as_element = sm_schema_element(object->name);
    for (int i = 0; i < n; i++) {
        const sm_schema_field *field = sm_schema_field_at(object, i);
        key(j, field->key);
        if (as_element == object && strcmp(field->key, object->name) == 0 && !field->required) {
            begin(j, '{');
            key(j, "anyOf");
            begin(j, '[');
            field_schema(j, field);
            begin(j, '{');
            key_string(j, "type", "null");
            end(j, '}');
            end(j, ']');
            end(j, '}');
            continue;
        }
        if (kind_name && strcmp(field->key, "kind") == 0) {
            begin(j, '{');
            if (field->doc) key_string(j, "description", field->doc);
            key_string(j, "const", kind_name);
            end(j, '}');
            continue;
        }
        field_schema(j, field);
    }
    end(j, '}');
    /* An element's own name key is what selects it, so it is always required. */
    const char *element_key = sm_schema_element(object->name) == object ? object->name : NULL;
    bool any = element_key != NULL;
    for (int i = 0; i < n && !any; i++) any = sm_schema_field_at(object, i)->required;
    if (any) {
        key(j, "required");
        begin(j, '[');
        for (int i = 0; i < n; i++) {
            const sm_schema_field *field = sm_schema_field_at(object, i);
            if (field->required || (element_key && strcmp(field->key, element_key) == 0))
                string(j, field->key);
        }
        end(j, ']');
    }
    key(j, "additionalProperties");
    raw(j, "false");
    if (kind_name && sm_schema_find(object, "paper-size", NULL)) {
        /* paper: custom needs its size, as the tool says. */
        key(j, "if");
        raw(j, "{\"properties\": {\"paper\": {\"const\": \"custom\"}}, \"required\": [\"paper\"]}");
        key(j, "then");
        raw(j, "{\"required\": [\"paper-size\"]}");
    }
    end(j, '}');
}

/* ---- collecting the object types --------------------------------------------------- */

typedef struct objects {
    const sm_schema_object *items[MAX_OBJECTS];
    int count;
} objects;

static void collect_field(objects *seen, const sm_schema_field *field);

static void collect(objects *seen, const sm_schema_object *object) {
    for (int i = 0; i < seen->count; i++)
        if (seen->items[i] == object) return;
    if (seen->count == MAX_OBJECTS) abort(); /* the tables grew past MAX_OBJECTS */
    seen->items[seen->count++] = object;
    int n = sm_schema_field_count(object);
    for (int i = 0; i < n; i++) collect_field(seen, sm_schema_field_at(object, i));
}

static void collect_field(objects *seen, const sm_schema_field *field) {
    if (field->type == SM_TYPE_OBJECT) collect(seen, field->object);
    if ((field->type == SM_TYPE_LIST || field->type == SM_TYPE_MAP) && field->item)
        collect_field(seen, field->item);
}

/* Object types reached from kinds, elements and the theme, in that (table) order; the
 * kinds and elements themselves have their own definitions and are left out. */
static void collect_objects(objects *out) {
    objects seen = {.count = 0};
    for (int i = 0; i < sm_kind_count; i++) seen.items[seen.count++] = sm_kinds[i];
    for (int i = 0; i < sm_element_count; i++) seen.items[seen.count++] = sm_elements[i];
    int skip = seen.count;
    for (int i = 0; i < skip; i++) {
        int n = sm_schema_field_count(seen.items[i]);
        for (int k = 0; k < n; k++) collect_field(&seen, sm_schema_field_at(seen.items[i], k));
    }
    collect(&seen, &sm_theme_schema);
    out->count = 0;
    for (int i = skip; i < seen.count; i++) out->items[out->count++] = seen.items[i];
}

void sm_schema_write_json(FILE *out, sm_schema_root root) {
    json jw = {0};
    json *j = &jw;
    begin(j, '{');
    key_string(j, "$schema", "http://json-schema.org/draft-07/schema#");
    if (root == SM_SCHEMA_THEME) {
        key_string(j, "title", "surimono theme");
        key_string(j, "description",
                   "A theme (layouts/themes/NAME.yaml) for surimono " SM_VERSION
                   ": colours, their inks, font roles and named styles.");
        key_string(j, "$ref", "#/definitions/theme");
    } else if (root == SM_SCHEMA_PACK) {
        key_string(j, "title", "surimono pack");
        key_string(j, "description",
                   "The material pack (layouts/pack.yaml) for surimono " SM_VERSION
                   ": the documents and the variants each is built in.");
        key_string(j, "$ref", "#/definitions/kind.pack");
    } else {
        key_string(j, "title", "surimono definition");
        key_string(j, "description",
                   "A definition for surimono " SM_VERSION
                   ": a page, poster, check sheet, document or pack, selected by `kind`.");
        key_string(j, "type", "object");
        /* The kind selects the schema: a validator then reports what is wrong inside that
         * kind, not "valid under none of the given schemas" at the root. */
        key(j, "required");
        raw(j, "[\"kind\"]");
        key(j, "properties");
        begin(j, '{');
        key(j, "kind");
        begin(j, '{');
        key_string(j, "description", "What the definition is: it chooses the keys it takes.");
        key(j, "enum");
        begin(j, '[');
        for (int i = 0; i < sm_kind_count; i++) string(j, sm_kinds[i]->name);
        end(j, ']');
        end(j, '}');
        end(j, '}');
        key(j, "allOf");
        begin(j, '[');
        for (int i = 0; i < sm_kind_count; i++) {
            char condition[128];
            snprintf(condition, sizeof condition,
                     "{\"properties\": {\"kind\": {\"const\": \"%s\"}}, \"required\": [\"kind\"]}",
                     sm_kinds[i]->name);
            begin(j, '{');
            key(j, "if");
            raw(j, condition);
            key(j, "then");
            ref(j, "kind.", sm_kinds[i]->name);
            end(j, '}');
        }
        end(j, ']');
    }

    key(j, "definitions");
    begin(j, '{');
    for (int i = 0; i < sm_kind_count; i++) {
        char name[64];
        snprintf(name, sizeof name, "kind.%s", sm_kinds[i]->name);
        key(j, name);
        object_schema(j, sm_kinds[i], sm_kinds[i]->name);
    }

    /* An element: a mapping whose type key (text:, box:, …) chooses its schema — if/then,
     * so a validator reports what is wrong inside it — or a scalar, short for a text. */
    key(j, "element");
    begin(j, '{');
    key_string(j, "description", "An element: a mapping whose one type key names it.");
    key(j, "if");
    raw(j, "{\"type\": \"object\"}");
    key(j, "then");
    begin(j, '{');
    key(j, "anyOf");
    begin(j, '[');
    for (int i = 0; i < sm_element_count; i++) requires_key(j, sm_elements[i]->name);
    end(j, ']');
    key(j, "allOf");
    begin(j, '[');
    for (int i = 0; i < sm_element_count; i++) {
        begin(j, '{');
        key(j, "if");
        requires_key(j, sm_elements[i]->name);
        key(j, "then");
        ref(j, "element.", sm_elements[i]->name);
        end(j, '}');
    }
    end(j, ']');
    end(j, '}');
    key(j, "else");
    begin(j, '{');
    key_string(j, "description", "Shorthand: a text element with this text.");
    scalar_type(j);
    end(j, '}');
    end(j, '}');

    for (int i = 0; i < sm_element_count; i++) {
        char name[64];
        snprintf(name, sizeof name, "element.%s", sm_elements[i]->name);
        key(j, name);
        object_schema(j, sm_elements[i], NULL);
    }

    objects found;
    collect_objects(&found);
    for (int i = 0; i < found.count; i++) {
        key(j, found.items[i]->name);
        object_schema(j, found.items[i], NULL);
    }
    end(j, '}');
    end(j, '}');
    json_dumpf(jw.stack[0], out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
    fputc('\n', out);
    json_decref(jw.stack[0]);
}
