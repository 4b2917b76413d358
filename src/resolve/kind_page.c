/* kind_page.c: `kind: page` — a page built directly from generic elements. */
#include "resolver.h"

bool sm_kind_page(sm_resolver *r, const sm_object *def) {
    sm_style body_style = sm_style_named(r, "body", def->pos);
    sm_elem *body = sm_elem_new(r, SM_ELEM_STACK, def->pos, body_style);
    body->gap = sm_length_to_pt(sm_object_get(def, "gap")->as.length, 0, 0);
    const sm_value *list = sm_object_get(def, "body");
    for (size_t i = 0; i < list->as.list.count; i++)
        sm_elem_add(r, body, sm_resolve_element(r, list->as.list.items[i].as.object, &body_style));
    sm_resolved_add_page(r, NULL, body);
    return true;
}
