/* pdfobj.c: thin helpers over the qpdf C API — keys, names, numbers, boxes, handles, qpdf's
 * warnings, and copies of qpdf's short-lived strings into the arena. */
#include "preflight.h"

#include <stdlib.h>
#include <string.h>

qpdf_oh sm_pf_key(qpdf_data q, qpdf_oh dict, const char *key) {
    if (!dict) return 0;
    /* A stream's keys live in its dictionary; getKey on the stream itself is a type error. */
    bool stream = qpdf_oh_is_stream(q, dict);
    qpdf_oh d = stream ? qpdf_oh_get_dict(q, dict) : dict;
    qpdf_oh value = 0;
    if (qpdf_oh_is_dictionary(q, d) && qpdf_oh_has_key(q, d, key)) {
        value = qpdf_oh_get_key(q, d, key);
        if (qpdf_oh_is_null(q, value)) {
            qpdf_oh_release(q, value);
            value = 0;
        }
    }
    /* Handles live until released: the interpreter looks keys up per operator. */
    if (stream) qpdf_oh_release(q, d);
    return value;
}

qpdf_oh sm_pf_inherited(qpdf_data q, qpdf_oh page, const char *key) {
    qpdf_oh node = page;
    for (int depth = 0; node && depth < SM_PF_MAX_TREE_DEPTH; depth++) {
        qpdf_oh value = sm_pf_key(q, node, key);
        if (value) return value;
        node = sm_pf_key(q, node, "/Parent");
    }
    return 0;
}

const char *sm_pf_name(sm_arena *arena, qpdf_data q, qpdf_oh oh) {
    if (!oh || !qpdf_oh_is_name(q, oh)) return NULL;
    const char *name = qpdf_oh_get_name(q, oh);
    return sm_arena_strdup(arena, name[0] == '/' ? name + 1 : name);
}

const char *sm_pf_text(sm_arena *arena, qpdf_data q, qpdf_oh oh) {
    if (!oh || !qpdf_oh_is_string(q, oh)) return NULL;
    size_t n = 0;
    const char *s = qpdf_oh_get_binary_utf8_value(q, oh, &n);
    /* A NUL inside a text string ends it for us: every consumer prints C strings. */
    return sm_arena_strndup(arena, s, strnlen(s, n));
}

bool sm_pf_number(qpdf_data q, qpdf_oh oh, double *value) {
    if (!oh || !qpdf_oh_is_number(q, oh)) return false;
    *value = qpdf_oh_get_numeric_value(q, oh);
    return true;
}

bool sm_pf_is(qpdf_data q, qpdf_oh oh, const char *name) {
    if (!oh) return false;
    if (qpdf_oh_is_name(q, oh)) return strcmp(qpdf_oh_get_name(q, oh), name) == 0;
    if (qpdf_oh_is_string(q, oh)) return strcmp(qpdf_oh_get_utf8_value(q, oh), name + 1) == 0;
    return false;
}

sm_pf_box sm_pf_box_read(qpdf_data q, qpdf_oh array) {
    sm_pf_box box = {0};
    if (!array || !qpdf_oh_is_array(q, array) || qpdf_oh_get_array_n_items(q, array) != 4)
        return box;
    double v[4];
    for (int i = 0; i < 4; i++) {
        qpdf_oh item = qpdf_oh_get_array_item(q, array, i);
        bool ok = sm_pf_number(q, item, &v[i]);
        qpdf_oh_release(q, item);
        if (!ok) return box;
    }
    /* Boxes may be written with any two opposite corners. */
    box.present = true;
    box.x0 = v[0] < v[2] ? v[0] : v[2];
    box.x1 = v[0] < v[2] ? v[2] : v[0];
    box.y0 = v[1] < v[3] ? v[1] : v[3];
    box.y1 = v[1] < v[3] ? v[3] : v[1];
    return box;
}

size_t sm_pf_keys(sm_arena *arena, qpdf_data q, qpdf_oh dict, const char ***keys) {
    *keys = NULL;
    if (!dict || !qpdf_oh_is_dictionary(q, dict)) return 0;
    size_t count = 0, capacity = 0;
    /* qpdf iterates one dictionary at a time and reuses the key's memory: copy them all
     * before looking any value up. */
    qpdf_oh_begin_dict_key_iter(q, dict);
    while (qpdf_oh_dict_more_keys(q)) {
        const char *key = qpdf_oh_dict_next_key(q);
        if (count == capacity) {
            size_t grown = capacity ? capacity * 2 : 16;
            *keys = sm_arena_grow(arena, *keys, count, grown, sizeof **keys);
            capacity = grown;
        }
        (*keys)[count++] = sm_arena_strdup(arena, key);
    }
    return count;
}

int sm_pf_object_id(qpdf_data q, qpdf_oh oh) {
    return oh && qpdf_oh_is_indirect(q, oh) ? qpdf_oh_get_object_id(q, oh) : 0;
}

void sm_pf_release(qpdf_data q, qpdf_oh oh) {
    if (oh) qpdf_oh_release(q, oh);
}

qpdf_oh sm_pf_hold(sm_pf_scratch *s, qpdf_oh oh) {
    if (oh && s->count < (int)(sizeof s->held / sizeof *s->held)) s->held[s->count++] = oh;
    return oh;
}

void sm_pf_drop(sm_pf_scratch *s) {
    for (int i = 0; i < s->count; i++) qpdf_oh_release(s->q, s->held[i]);
    s->count = 0;
}

const char *sm_pf_replace(sm_arena *arena, const char *text, const char *from, const char *to) {
    size_t n = strlen(from);
    const char *hit = n ? strstr(text, from) : NULL;
    if (!hit) return sm_arena_strdup(arena, text);
    return sm_arena_printf(arena, "%.*s%s%s", (int)(hit - text), text, to,
                           sm_pf_replace(arena, hit + n, from, to));
}

int sm_pf_take_warnings(sm_arena *arena, qpdf_data q, const char *opened, const char *path,
                        const char **first) {
    int count = 0;
    /* An error of an object function (a type mismatch, a broken stream) is one more
     * problem qpdf worked around; taking it also clears it. */
    if (qpdf_has_error(q)) {
        qpdf_error e = qpdf_get_error(q);
        if (!*first)
            *first = sm_pf_replace(arena, qpdf_get_error_message_detail(q, e), opened, path);
        count++;
    }
    while (qpdf_more_warnings(q)) {
        qpdf_error e = qpdf_next_warning(q);
        if (!*first) *first = sm_pf_replace(arena, qpdf_get_error_full_text(q, e), opened, path);
        count++;
    }
    return count;
}
