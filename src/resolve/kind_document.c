/* kind_document.c: `kind: document` — generic elements flowing onto pages and columns. */
#include "resolver.h"

#include <string.h>

bool sm_kind_document(sm_resolver *r, const sm_object *def) {
    sm_style body_style = sm_style_named(r, "body", def->pos);
    double gap = sm_length_to_pt(sm_object_get(def, "gap")->as.length, 0, 0);
    sm_flow_def *flow = sm_arena_alloc(r->arena, sizeof *flow);
    r->in_flow = true;
    flow->body = sm_resolve_stack(r, sm_object_get(def, "body"), body_style, gap);
    r->in_flow = false;
    flow->body->pos = def->pos;
    const sm_value *head = sm_object_get(def, "head");
    if (head->field) flow->head = sm_resolve_stack(r, head, body_style, gap);
    flow->columns = (int)sm_object_number(def, "columns", 1);
    flow->column_gap = sm_length_to_pt(sm_object_get(def, "column-gap")->as.length, 0, 0);
    flow->column_rule = sm_object_flag(def, "column-rule", false);
    /* A section takes the document's spacing and rule where it does not set its own. */
    for (size_t i = 0; i < flow->body->child_count; i++) {
        sm_elem *section = flow->body->children[i];
        if (!section->section) continue;
        if (section->gap < 0) section->gap = gap;
        if (section->column_gap < 0) section->column_gap = flow->column_gap;
        if (!section->column_rule_given) section->column_rule = flow->column_rule;
    }
    flow->numbers = (sm_page_numbers)sm_object_get(def, "page-numbers")->as.choice;
    flow->running_header = sm_object_flag(def, "running-header", true);
    flow->cover = sm_object_flag(def, "cover", false);
    const char *imposition = r->doc->imposition_override
                                 ? r->doc->imposition_override
                                 : sm_object_choice(def, "imposition", "none");
    flow->booklet = strcmp(imposition, "saddle-stitch") == 0;
    /* The running header and the page number are set like the footer: small and muted. */
    flow->header_style = sm_style_named(r, "footer", def->pos);
    flow->header_style.align = SM_ALIGN_RIGHT;
    flow->number_style = sm_style_named(r, "footer", def->pos);
    flow->number_style.align = SM_ALIGN_CENTER;
    r->doc->resolved->flow = flow;
    return true;
}
