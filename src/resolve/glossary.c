/* glossary.c: the glossary element — terms with their readings as ruby, set in 五十音 order
 * of the readings (sorted here, never by hand), with a heading for each row (あ行, か行, …). */
#include "resolver.h"

#include "../base/kana.h"

#include <stdlib.h>
#include <string.h>

typedef struct entry {
    const sm_object *obj;
    const char *reading;
} entry;

static int by_reading(const void *a, const void *b) {
    const entry *x = a, *y = b;
    int c = sm_kana_compare(x->reading, y->reading);
    /* Equal readings keep the order written (qsort is not stable). */
    return c ? c : (x->obj->pos.line > y->obj->pos.line) - (x->obj->pos.line < y->obj->pos.line);
}

/* The term set in bold with its reading over it (group ruby). */
static sm_elem *term_line(sm_resolver *r, const entry *en, const sm_style *style) {
    const sm_value *term = sm_object_get(en->obj, "term");
    sm_style s = *style;
    s.bold = true;
    s.align = SM_ALIGN_LEFT;
    sm_elem *e = sm_elem_text(r, SM_ELEM_HEADING, term, s);
    e->shrink = false;
    e->level = 3;
    if (e->text.count == 1 && !e->text.spans[0].ruby)
        e->text.spans[0].ruby = en->reading;
    else
        sm_error(r->diags, term->pos,
                 "a glossary term carries its reading as ruby: write it without markup");
    return e;
}

sm_elem *sm_resolve_glossary(sm_resolver *r, const sm_object *obj, sm_style style) {
    sm_elem *list = sm_elem_new(r, SM_ELEM_STACK, obj->pos, style);
    list->gap = 1.5 * SM_PT_PER_MM;
    const sm_value *items = sm_object_get(obj, "glossary");
    size_t count = items->as.list.count;
    entry *entries = sm_arena_array(r->arena, count, sizeof *entries);
    size_t n = 0;
    for (size_t i = 0; i < count; i++) {
        const sm_object *item = items->as.list.items[i].as.object;
        const sm_value *reading = sm_object_get(item, "reading");
        uint32_t key[1];
        if (sm_kana_sort_key(reading->as.str, key, 1) == 0 ||
            sm_kana_row_of(reading->as.str) == SM_KANA_ROW_NONE) {
            sm_error(r->diags, reading->pos,
                     "a reading is written in kana (hiragana or katakana, ー allowed): it is what "
                     "the glossary sorts by");
            continue;
        }
        entries[n++] = (entry){item, reading->as.str};
    }
    qsort(entries, n, sizeof *entries, by_reading);

    bool headings = sm_object_flag(obj, "row-headings", true);
    sm_style row_style = sm_style_named(r, "section", obj->pos);
    sm_kana_row row = SM_KANA_ROW_NONE;
    for (size_t i = 0; i < n; i++) {
        sm_kana_row at = sm_kana_row_of(entries[i].reading);
        if (headings && at != row) {
            sm_elem *h = sm_elem_text_literal(r, SM_ELEM_HEADING, sm_kana_row_name(at),
                                              entries[i].obj->pos, row_style);
            h->shrink = false;
            h->level = 2;
            sm_elem_add(r, list, h);
            row = at;
        }
        sm_elem_add(r, list, term_line(r, &entries[i], &style));
        sm_elem_add(r, list,
                    sm_elem_text(r, SM_ELEM_TEXT, sm_object_get(entries[i].obj, "text"), style));
    }
    return list;
}
