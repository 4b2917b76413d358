/* kind_page.c: `kind: page` — a page built directly from generic elements. */
#include "resolver.h"

bool sm_kind_page(sm_resolver *r, const sm_object *def) {
    double gap = sm_length_to_pt(sm_object_get(def, "gap")->as.length, 0, 0);
    sm_elem *body = sm_resolve_stack(r, sm_object_get(def, "body"),
                                     sm_style_named(r, "body", def->pos), gap);
    body->pos = def->pos;
    sm_resolved_add_page(r, NULL, body);
    return true;
}
