/* kind_document.c: `kind: document` — generic elements flowing onto pages and columns. */
#include "resolver.h"

bool sm_kind_document(sm_resolver *r, const sm_object *def) {
    sm_style body_style = sm_style_named(r, "body", def->pos);
    sm_elem *body = sm_elem_new(r, SM_ELEM_STACK, def->pos, body_style);
    body->gap = sm_length_to_pt(sm_object_get(def, "gap")->as.length, 0, 0);
    const sm_value *list = sm_object_get(def, "body");
    for (size_t i = 0; i < list->as.list.count; i++)
        sm_elem_add(r, body, sm_resolve_element(r, list->as.list.items[i].as.object, &body_style));

    sm_flow_def *flow = sm_arena_alloc(r->arena, sizeof *flow);
    flow->body = body;
    const sm_value *head = sm_object_get(def, "head");
    if (head->field) {
        flow->head = sm_elem_new(r, SM_ELEM_STACK, head->pos, body_style);
        flow->head->gap = body->gap;
        for (size_t i = 0; i < head->as.list.count; i++)
            sm_elem_add(r, flow->head,
                        sm_resolve_element(r, head->as.list.items[i].as.object, &body_style));
    }
    flow->columns = (int)sm_object_number(def, "columns", 1);
    flow->column_gap = sm_length_to_pt(sm_object_get(def, "column-gap")->as.length, 0, 0);
    flow->column_rule = sm_object_flag(def, "column-rule", false);
    flow->numbers = (sm_page_numbers)sm_object_get(def, "page-numbers")->as.choice;
    flow->running_header = sm_object_flag(def, "running-header", true);
    flow->cover = sm_object_flag(def, "cover", false);
    /* The running header and the page number are set like the footer: small and muted. */
    flow->header_style = sm_style_named(r, "footer", def->pos);
    flow->header_style.align = SM_ALIGN_RIGHT;
    flow->number_style = sm_style_named(r, "footer", def->pos);
    flow->number_style.align = SM_ALIGN_CENTER;
    r->doc->resolved->flow = flow;
    return true;
}
