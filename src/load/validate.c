/* validate.c: turns a node tree into model values by the schema tables, reporting every problem. */
#include "validate.h"

#include "../base/limits.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Quoted input in messages is cut here: enough to recognise it, not a screenful. */
enum { SNIPPET_MAX = 40 };

typedef struct ctx {
    sm_arena *arena;
    sm_diags *diags;
    int errors;
    size_t elements; /* validated so far, against SM_MAX_ELEMENTS */
} ctx;

static bool validate_value(ctx *c, const sm_schema_field *field, const char *key,
                           const sm_node *node, sm_value *out);
static sm_object *validate_mapping(ctx *c, const sm_node *node, const sm_schema_object *schema);

__attribute__((format(printf, 3, 4))) static void err(ctx *c, sm_pos pos, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    sm_diag_addv(c->diags, SM_SEVERITY_ERROR, pos, fmt, ap);
    va_end(ap);
    c->errors++;
}

/* The start of text for a message: first line only, at most SNIPPET_MAX bytes, cut on a
 * character boundary. */
static const char *snippet(ctx *c, const char *text) {
    size_t n = strcspn(text, "\r\n");
    bool cut = text[n] != '\0';
    if (n > SNIPPET_MAX) {
        n = SNIPPET_MAX;
        while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80) n--;
        cut = true;
    }
    if (!cut) return text;
    return sm_arena_printf(c->arena, "%.*s…", (int)n, text);
}

/* What the input holds, for "expected X, got Y". */
static const char *describe(ctx *c, const sm_node *node) {
    switch (node->kind) {
    case SM_NODE_MAPPING: return "a mapping";
    case SM_NODE_SEQUENCE: return "a list";
    case SM_NODE_SCALAR: break;
    }
    if (node->null) return "nothing";
    return sm_arena_printf(c->arena, "'%s'", snippet(c, node->text));
}

const char *sm_validate_join(sm_arena *arena, const char *const *names) {
    size_t len = 1;
    for (size_t i = 0; names[i]; i++) len += strlen(names[i]) + 2;
    char *out = sm_arena_alloc(arena, len);
    char *p = out;
    for (size_t i = 0; names[i]; i++) {
        if (i) {
            memcpy(p, ", ", 2);
            p += 2;
        }
        size_t n = strlen(names[i]);
        memcpy(p, names[i], n);
        p += n;
    }
    *p = '\0';
    return out;
}

/* A case-insensitive match first ('a4' → 'A4'), then the nearest by edit distance. */
static const char *suggest(const char *word, const char *const *candidates) {
    for (size_t i = 0; candidates[i]; i++)
        if (strcasecmp(word, candidates[i]) == 0) return candidates[i];
    return sm_did_you_mean(word, candidates);
}

/* "; did you mean 'x'?" or "", for the end of a message. */
static const char *hint(ctx *c, const char *word, const char *const *candidates) {
    const char *best = suggest(word, candidates);
    return best ? sm_arena_printf(c->arena, "; did you mean '%s'?", best) : "";
}

static const char *const *object_keys(ctx *c, const sm_schema_object *schema) {
    int n = sm_schema_field_count(schema);
    const char **keys = sm_arena_array(c->arena, (size_t)n + 1, sizeof *keys);
    for (int i = 0; i < n; i++) keys[i] = sm_schema_field_at(schema, i)->key;
    return keys;
}

static const char *const *element_names(ctx *c) {
    const char **names = sm_arena_array(c->arena, (size_t)sm_element_count + 1, sizeof *names);
    for (int i = 0; i < sm_element_count; i++) names[i] = sm_elements[i]->name;
    return names;
}

static const char *unit_suffix(sm_unit unit) {
    switch (unit) {
    case SM_UNIT_MM: return "mm";
    case SM_UNIT_PERCENT: return "%";
    case SM_UNIT_EM: return "em";
    case SM_UNIT_PT: break;
    }
    return "pt";
}

/* Range check for NUMBER, INTEGER and LENGTH (the length's value in the unit written). */
static bool check_range(ctx *c, const sm_schema_field *field, const char *key, double v,
                        const char *unit, const char *text, sm_pos pos) {
    if (!(field->min < field->max) || (v >= field->min && v <= field->max)) return true;
    err(c, pos, "'%s' must be between %g%s and %g%s, got %s", key, field->min, unit, field->max,
        unit, snippet(c, text));
    return false;
}

/* Strict decimal: strtod alone would also take "0x1p3", "inf" and leading spaces. */
static bool parse_number(const char *s, double *out) {
    if (!*s || strspn(s, "+-.0123456789eE") != strlen(s)) return false;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end || !isfinite(v)) return false;
    *out = v;
    return true;
}

static bool parse_integer(const char *s, double *out) {
    if (!*s || strspn(s, "+-0123456789") != strlen(s)) return false;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end == s || *end || errno == ERANGE) return false;
    *out = (double)v;
    return true;
}

static bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

/* 0: fine; 1: not YYYY-MM-DD; 2: no such day. */
static int check_date(const char *s) {
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') return 1;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return 1;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || m < 1 || m > 12 || d < 1) return 2;
    int last = days[m - 1] + (m == 2 && is_leap(y));
    return d > last ? 2 : 0;
}

/* A theme colour name: lower case, digits and hyphens, as the theme's keys are written. */
static bool is_colour_name(const char *s) {
    if (!(*s >= 'a' && *s <= 'z')) return false;
    for (s++; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-')) return false;
    return true;
}

static bool parse_length(ctx *c, const sm_schema_field *field, const char *key, const char *text,
                         sm_pos pos, sm_length *out) {
    const char *why = NULL;
    if (!sm_length_parse(text, field->units, out, &why)) {
        err(c, pos, "bad length '%s'; %s", snippet(c, text), why);
        return false;
    }
    /* No length of the format is negative unless its field says so (a negative width or
     * position is a typo, not a layout). */
    if (out->value < 0 && !(field->min < 0)) {
        err(c, pos, "'%s' must not be negative, got %s", key, snippet(c, text));
        return false;
    }
    /* A relative length (%, em) has no fixed size here; the schema's range is for the
     * value as written in pt or mm. Without a range of its own, a length stays within
     * what paper can hold, so that no later arithmetic meets an absurd number. */
    bool relative = out->unit == SM_UNIT_PERCENT || out->unit == SM_UNIT_EM;
    if (!relative && field->min < field->max)
        return check_range(c, field, key, out->value, unit_suffix(out->unit), text, pos);
    double most = out->unit == SM_UNIT_MM        ? SM_LENGTH_MAX_MM
                  : out->unit == SM_UNIT_PT      ? SM_LENGTH_MAX_MM * SM_PT_PER_MM
                  : out->unit == SM_UNIT_PERCENT ? SM_LENGTH_MAX_PERCENT
                                                 : SM_LENGTH_MAX_EM;
    if (fabs(out->value) <= most) return true;
    err(c, pos, "'%s' is too large: at most %g%s, got %s", key, most, unit_suffix(out->unit),
        snippet(c, text));
    return false;
}

static bool parse_enum(ctx *c, const sm_schema_field *field, const char *key, const char *text,
                       sm_pos pos, sm_value *out) {
    for (int i = 0; field->choices[i]; i++)
        if (strcmp(text, field->choices[i]) == 0) {
            out->as.choice = i;
            return true;
        }
    err(c, pos, "unknown %s '%s' (one of %s)%s", key, snippet(c, text),
        sm_validate_join(c->arena, field->choices), hint(c, text, field->choices));
    return false;
}

static bool parse_color(ctx *c, const char *text, sm_pos pos, sm_value *out) {
    out->as.color.name = text;
    if (text[0] == '#') {
        if (sm_color_parse(text, &out->as.color.rgba)) {
            out->as.color.literal = true;
            return true;
        }
        err(c, pos, "bad colour '%s'; expected #rgb or #rrggbb", snippet(c, text));
        return false;
    }
    if (sm_color_parse(text, &out->as.color.rgba)) {
        out->as.color.literal = true;
        return true;
    }
    /* Not a CSS name: a theme colour, which resolve looks up once the theme is known. */
    if (is_colour_name(text)) return true;
    err(c, pos, "bad colour '%s'; expected #rgb, #rrggbb, a colour name or a theme colour",
        snippet(c, text));
    return false;
}

static bool parse_bool(ctx *c, const char *text, sm_pos pos, sm_value *out) {
    static const char *const yaml11[] = {"yes", "no", "on", "off", "y", "n", NULL};
    if (strcmp(text, "true") == 0 || strcmp(text, "false") == 0) {
        out->as.flag = text[0] == 't';
        return true;
    }
    /* YAML 1.1 booleans and other spellings of true/false: say what to write instead. */
    bool near = strcasecmp(text, "true") == 0 || strcasecmp(text, "false") == 0;
    for (int i = 0; yaml11[i] && !near; i++) near = strcasecmp(text, yaml11[i]) == 0;
    if (near)
        err(c, pos, "'%s' is not a boolean here; use true or false", snippet(c, text));
    else
        err(c, pos, "expected true or false, got '%s'", snippet(c, text));
    return false;
}

/* A scalar's text for a scalar-typed field. */
static bool parse_scalar(ctx *c, const sm_schema_field *field, const char *key, const char *text,
                         sm_pos pos, sm_value *out) {
    switch (field->type) {
    case SM_TYPE_STRING:
    case SM_TYPE_TEXT:
    case SM_TYPE_PATH: out->as.str = text; return true;
    case SM_TYPE_LENGTH: return parse_length(c, field, key, text, pos, &out->as.length);
    case SM_TYPE_NUMBER:
    case SM_TYPE_INTEGER: {
        bool integer = field->type == SM_TYPE_INTEGER;
        if (!(integer ? parse_integer(text, &out->as.number)
                      : parse_number(text, &out->as.number))) {
            err(c, pos, "expected %s, got '%s'", sm_type_name(field->type), snippet(c, text));
            return false;
        }
        return check_range(c, field, key, out->as.number, "", text, pos);
    }
    case SM_TYPE_BOOL: return parse_bool(c, text, pos, out);
    case SM_TYPE_ENUM: return parse_enum(c, field, key, text, pos, out);
    case SM_TYPE_COLOR: return parse_color(c, text, pos, out);
    case SM_TYPE_DATE: {
        int problem = check_date(text);
        if (problem)
            err(c, pos, "bad date '%s'; %s", snippet(c, text),
                problem == 1 ? "expected YYYY-MM-DD" : "no such day in the calendar");
        out->as.str = text;
        return problem == 0;
    }
    default: break;
    }
    /* Collections never reach here: validate_value handles them. */
    err(c, pos, "expected %s, got '%s'", sm_type_name(field->type), snippet(c, text));
    return false;
}

static bool validate_point(ctx *c, const sm_schema_field *field, const char *key,
                           const sm_node *node, sm_value *out) {
    if (node->kind != SM_NODE_SEQUENCE) {
        err(c, node->pos, "expected %s, got %s", sm_type_name(field->type), describe(c, node));
        return false;
    }
    if (node->count != 2) {
        err(c, node->pos, "expected %s, got %zu item%s", sm_type_name(field->type), node->count,
            node->count == 1 ? "" : "s");
        return false;
    }
    bool ok = true;
    for (int i = 0; i < 2; i++) {
        const sm_node *item = node->items[i];
        if (item->kind != SM_NODE_SCALAR || item->null) {
            err(c, item->pos, "expected a length, got %s", describe(c, item));
            ok = false;
            continue;
        }
        ok &= parse_length(c, field, key, item->text, item->pos, &out->as.point[i]);
    }
    return ok;
}

static bool validate_list(ctx *c, const sm_schema_field *field, const char *key,
                          const sm_node *node, sm_value *out) {
    /* An optional list written as nothing (`table:` whose rows come from data:) is not
     * given: the kind or element decides whether that is enough. */
    if (node->kind == SM_NODE_SCALAR && node->null && !field->required) {
        *out = (sm_value){.pos = node->pos};
        return true;
    }
    if (node->kind != SM_NODE_SEQUENCE) {
        err(c, node->pos, "expected a list, got %s", describe(c, node));
        return false;
    }
    out->as.list.count = node->count;
    out->as.list.items = sm_arena_array(c->arena, node->count, sizeof *out->as.list.items);
    bool ok = true;
    for (size_t i = 0; i < node->count; i++)
        ok &= validate_value(c, field->item, key, node->items[i], &out->as.list.items[i]);
    return ok;
}

typedef struct keyed {
    const char *key;
    size_t index;
} keyed;

static int compare_keyed(const void *a, const void *b) {
    const keyed *x = a, *y = b;
    int d = strcmp(x->key, y->key);
    if (d) return d;
    return x->index < y->index ? -1 : x->index > y->index;
}

static bool key_ok(ctx *c, const sm_node *key) {
    if (key->kind == SM_NODE_SCALAR && !key->null) return true;
    err(c, key->pos, "expected a key name, got %s", describe(c, key));
    return false;
}

/* A mapping of free names: duplicates are found by sorting, as a MAP may be large. */
static bool validate_map(ctx *c, const sm_schema_field *field, const char *key, const sm_node *node,
                         sm_value *out) {
    if (node->kind != SM_NODE_MAPPING) {
        err(c, node->pos, "expected a mapping, got %s", describe(c, node));
        return false;
    }
    size_t n = node->count;
    bool ok = true;
    keyed *sorted = sm_arena_array(c->arena, n, sizeof *sorted);
    size_t named = 0;
    bool *skip = sm_arena_array(c->arena, n, sizeof *skip);
    for (size_t i = 0; i < n; i++) {
        if (!key_ok(c, node->pairs[i].key)) {
            skip[i] = true;
            ok = false;
            continue;
        }
        sorted[named++] = (keyed){node->pairs[i].key->text, i};
    }
    if (named > 1) qsort(sorted, named, sizeof *sorted, compare_keyed);
    size_t *first = sm_arena_array(c->arena, n, sizeof *first);
    for (size_t i = 0; i < n; i++) first[i] = i;
    for (size_t i = 1; i < named; i++)
        if (strcmp(sorted[i].key, sorted[i - 1].key) == 0)
            first[sorted[i].index] = first[sorted[i - 1].index];

    out->as.list.items = sm_arena_array(c->arena, n, sizeof *out->as.list.items);
    out->as.list.keys = sm_arena_array(c->arena, n, sizeof *out->as.list.keys);
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        if (skip[i]) continue;
        const sm_node *k = node->pairs[i].key;
        if (first[i] != i) {
            sm_pos at = node->pairs[first[i]].key->pos;
            err(c, k->pos, "duplicate key '%s' (first given at %d:%d)", snippet(c, k->text),
                at.line, at.col);
            ok = false;
            continue;
        }
        out->as.list.keys[count] = k->text;
        ok &= validate_value(c, field->item, k->text, node->pairs[i].value,
                             &out->as.list.items[count]);
        count++;
    }
    out->as.list.count = count;
    return ok;
}

/* A scalar written where a mapping is expected, read as { key: scalar } (shorthands). */
static const sm_node *scalar_as_mapping(ctx *c, const sm_node *node, const char *key_text) {
    sm_node *key = sm_arena_alloc(c->arena, sizeof *key);
    *key = (sm_node){
        .kind = SM_NODE_SCALAR, .pos = node->pos, .text = key_text, .len = strlen(key_text)};
    sm_node_pair *pair = sm_arena_alloc(c->arena, sizeof *pair);
    *pair = (sm_node_pair){key, (sm_node *)node};
    sm_node *mapping = sm_arena_alloc(c->arena, sizeof *mapping);
    *mapping = (sm_node){.kind = SM_NODE_MAPPING, .pos = node->pos, .pairs = pair, .count = 1};
    return mapping;
}

/* `- text: …`, `- image: …`: the one key naming an element type picks the schema. */
static bool validate_element(ctx *c, const sm_node *node, sm_value *out) {
    /* Past the limit nothing more is built: the model of every element costs memory. */
    if (++c->elements > SM_MAX_ELEMENTS) {
        if (c->elements == SM_MAX_ELEMENTS + 1)
            err(c, node->pos, "too many elements: a document may hold at most %d", SM_MAX_ELEMENTS);
        return false;
    }
    /* Shorthand: a bare string in place of an element is a text element. */
    if (node->kind == SM_NODE_SCALAR && !node->null) node = scalar_as_mapping(c, node, "text");
    if (node->kind != SM_NODE_MAPPING) {
        err(c, node->pos, "expected an element, got %s", describe(c, node));
        return false;
    }
    const sm_schema_object *schema = NULL;
    const char *type_name = NULL;
    bool ok = true;
    for (size_t i = 0; i < node->count; i++) {
        const sm_node *k = node->pairs[i].key;
        if (k->kind != SM_NODE_SCALAR || k->null) continue;
        const sm_schema_object *s = sm_schema_element(k->text);
        if (!s) continue;
        if (schema) {
            err(c, k->pos,
                "an element has one type, but this one has '%s' and '%s' "
                "(make them two list items)",
                type_name, k->text);
            ok = false;
            continue;
        }
        schema = s;
        type_name = k->text;
    }
    if (!ok) return false;
    if (!schema) {
        const char *const *names = element_names(c);
        const char *list = sm_validate_join(c->arena, names);
        for (size_t i = 0; i < node->count; i++) {
            const sm_node *k = node->pairs[i].key;
            if (k->kind != SM_NODE_SCALAR || k->null) continue;
            const char *best = suggest(k->text, names);
            if (best) {
                err(c, k->pos, "element needs one of: %s; did you mean '%s'?", list, best);
                return false;
            }
        }
        err(c, node->pos, "element needs one of: %s", list);
        return false;
    }
    out->as.object = validate_mapping(c, node, schema);
    return out->as.object != NULL;
}

static bool validate_value(ctx *c, const sm_schema_field *field, const char *key,
                           const sm_node *node, sm_value *out) {
    int errors = c->errors;
    *out = (sm_value){.field = field, .pos = node->pos, .given = true};
    if (node->kind == SM_NODE_SCALAR) {
        out->style = node->style;
        out->lines = node->lines;
        out->line_count = node->line_count;
    }
    switch (field->type) {
    case SM_TYPE_POINT: validate_point(c, field, key, node, out); break;
    case SM_TYPE_OBJECT:
        if (node->kind == SM_NODE_SCALAR && !node->null && field->object->scalar_key)
            node = scalar_as_mapping(c, node, field->object->scalar_key);
        if (node->kind != SM_NODE_MAPPING) {
            err(c, node->pos, "expected a mapping, got %s", describe(c, node));
            break;
        }
        out->as.object = validate_mapping(c, node, field->object);
        break;
    case SM_TYPE_ELEMENT: validate_element(c, node, out); break;
    case SM_TYPE_LIST: validate_list(c, field, key, node, out); break;
    case SM_TYPE_MAP: validate_map(c, field, key, node, out); break;
    default:
        if (node->kind != SM_NODE_SCALAR || node->null) {
            err(c, node->pos, "expected %s, got %s", sm_type_name(field->type), describe(c, node));
            break;
        }
        parse_scalar(c, field, key, node->text, node->pos, out);
        break;
    }
    return c->errors == errors;
}

/* Validates the keys of a mapping against schema; the object is returned even when some
 * values had errors (the caller looks at c->errors). */
static sm_object *validate_mapping(ctx *c, const sm_node *node, const sm_schema_object *schema) {
    int n = sm_schema_field_count(schema);
    sm_object *object = sm_arena_alloc(c->arena, sizeof *object);
    object->schema = schema;
    object->pos = node->pos;
    object->values = sm_arena_array(c->arena, (size_t)n, sizeof *object->values);
    /* Which pair gave each field, for duplicates; -1: not given. */
    long *given = sm_arena_array(c->arena, (size_t)n, sizeof *given);
    for (int i = 0; i < n; i++) given[i] = -1;

    for (size_t i = 0; i < node->count; i++) {
        const sm_node *k = node->pairs[i].key;
        if (!key_ok(c, k)) continue;
        int index;
        const sm_schema_field *field = sm_schema_find(schema, k->text, &index);
        if (!field) {
            err(c, k->pos, "unknown key '%s' in %s%s", snippet(c, k->text), schema->name,
                hint(c, k->text, object_keys(c, schema)));
            continue;
        }
        if (given[index] >= 0) {
            sm_pos at = node->pairs[given[index]].key->pos;
            err(c, k->pos, "duplicate key '%s' (first given at %d:%d)", k->text, at.line, at.col);
            continue;
        }
        given[index] = (long)i;
        validate_value(c, field, k->text, node->pairs[i].value, &object->values[index]);
    }

    for (int i = 0; i < n; i++) {
        if (given[i] >= 0) continue;
        const sm_schema_field *field = sm_schema_field_at(schema, i);
        sm_value *value = &object->values[i];
        *value = (sm_value){.pos = node->pos};
        if (field->required) {
            err(c, node->pos, "missing required key '%s' in %s", field->key, schema->name);
            continue;
        }
        if (field->default_value) {
            parse_scalar(c, field, field->key, field->default_value, node->pos, value);
            value->field = field;
        }
    }
    return object;
}

sm_object *sm_validate_object(sm_arena *arena, sm_diags *diags, const sm_node *node,
                              const sm_schema_object *schema) {
    ctx c = {.arena = arena, .diags = diags};
    if (node->kind != SM_NODE_MAPPING) {
        err(&c, node->pos, "expected a mapping, got %s", describe(&c, node));
        return NULL;
    }
    sm_object *object = validate_mapping(&c, node, schema);
    return c.errors ? NULL : object;
}

bool sm_validate_value(sm_arena *arena, sm_diags *diags, const sm_schema_field *field,
                       const sm_node *node, sm_value *out) {
    ctx c = {.arena = arena, .diags = diags};
    return validate_value(&c, field, field->key, node, out);
}

bool sm_validate_text(sm_arena *arena, sm_diags *diags, const sm_schema_field *field,
                      const char *text, sm_pos pos, sm_value *out) {
    ctx c = {.arena = arena, .diags = diags};
    *out = (sm_value){.field = field, .pos = pos};
    return parse_scalar(&c, field, field->key, text, pos, out);
}
