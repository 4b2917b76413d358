/* elements.c: validated element objects → elements with their final style. */
#include "resolver.h"

#include "../base/limits.h"

#include <string.h>

static sm_elem_type type_of(const char *name) {
    static const char *const names[] = {
        [SM_ELEM_TEXT] = "text",   [SM_ELEM_HEADING] = "heading",
        [SM_ELEM_IMAGE] = "image", [SM_ELEM_BOX] = "box",
        [SM_ELEM_STACK] = "stack", [SM_ELEM_ROW] = "row",
        [SM_ELEM_GRID] = "grid",   [SM_ELEM_LIST] = "list",
        [SM_ELEM_LINES] = "lines", [SM_ELEM_RULE] = "rule",
        [SM_ELEM_SPACE] = "space", [SM_ELEM_TABLE] = "table",
        [SM_ELEM_QR] = "qr",       [SM_ELEM_PAGE_BREAK] = "page-break",
        [SM_ELEM_FLOW] = "flow",   [SM_ELEM_CHART] = "chart",
    };
    if (strcmp(name, "section") == 0) return SM_ELEM_STACK; /* a stack that sets columns */
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(names[i], name) == 0) return (sm_elem_type)i;
    return SM_ELEM_TEXT;
}

sm_elem *sm_elem_new(sm_resolver *r, sm_elem_type type, sm_pos pos, sm_style style) {
    if (++r->element_count == SM_MAX_ELEMENTS + 1)
        sm_error(r->diags, pos, "too many elements: a document may hold at most %d",
                 SM_MAX_ELEMENTS);
    sm_elem *e = sm_arena_alloc(r->arena, sizeof *e);
    e->type = type;
    e->pos = pos;
    e->style = style;
    e->gap = 3 * SM_PT_PER_MM;
    e->columns = 1;
    e->fill.a = e->border.a = 0;
    return e;
}

void sm_elem_add(sm_resolver *r, sm_elem *parent, sm_elem *child) {
    if (!child) return;
    /* Doubling: growing by one copied the whole array each time (quadratic memory). */
    if (parent->child_count == parent->child_capacity) {
        size_t cap = parent->child_capacity ? parent->child_capacity * 2 : 4;
        parent->children = sm_arena_grow(r->arena, parent->children, parent->child_count, cap,
                                         sizeof *parent->children);
        parent->child_capacity = cap;
    }
    parent->children[parent->child_count++] = child;
}

sm_page_def *sm_resolved_add_page(sm_resolver *r, const char *label, sm_elem *body) {
    sm_resolved *res = r->doc->resolved;
    if (res->page_count == res->page_capacity) {
        size_t cap = res->page_capacity ? res->page_capacity * 2 : 2;
        res->pages = sm_arena_grow(r->arena, res->pages, res->page_count, cap, sizeof *res->pages);
        res->page_capacity = cap;
    }
    res->pages[res->page_count] = (sm_page_def){label, body};
    return &res->pages[res->page_count++];
}

sm_elem *sm_elem_text(sm_resolver *r, sm_elem_type type, const sm_value *text, sm_style style) {
    sm_elem *e = sm_elem_new(r, type, text->pos, style);
    sm_markup_parse(r, text, &e->text);
    e->shrink = type == SM_ELEM_HEADING;
    e->min_size = 8;
    e->max_lines = SM_HEADING_LINES;
    return e;
}

sm_elem *sm_elem_text_literal(sm_resolver *r, sm_elem_type type, const char *text, sm_pos pos,
                              sm_style style) {
    sm_elem *e = sm_elem_new(r, type, pos, style);
    e->text = sm_markup_literal(r, text, pos);
    e->shrink = type == SM_ELEM_HEADING;
    e->min_size = 8;
    e->max_lines = SM_HEADING_LINES;
    return e;
}

sm_elem *sm_elem_image(sm_resolver *r, const sm_value *path, const char *alt, sm_pos pos) {
    sm_elem *e = sm_elem_new(r, SM_ELEM_IMAGE, pos, sm_style_named(r, "body", pos));
    e->path = sm_resolve_asset(r, path);
    e->alt = alt;
    e->marker_size = (sm_length){5, SM_UNIT_PERCENT};
    e->marker_color = sm_theme_color(r, "accent");
    return e;
}

static sm_length length_or(const sm_object *obj, const char *key, sm_length fallback) {
    const sm_value *v = sm_object_get(obj, key);
    return v->field ? v->as.length : fallback;
}

static double points(const sm_object *obj, const char *key) {
    const sm_value *v = sm_object_get(obj, key);
    return v->field ? sm_length_to_pt(v->as.length, 0, 0) : 0;
}

static void add_children(sm_resolver *r, sm_elem *e, const sm_value *list) {
    for (size_t i = 0; i < list->as.list.count; i++)
        sm_elem_add(r, e, sm_resolve_element(r, list->as.list.items[i].as.object, &e->style));
}

static void resolve_image(sm_resolver *r, sm_elem *e, const sm_object *obj) {
    e->path = sm_resolve_asset(r, sm_object_get(obj, "image"));
    e->alt = sm_object_str(obj, "alt", "");
    e->marker_size = length_or(obj, "marker-size", (sm_length){5, SM_UNIT_PERCENT});
    sm_resolve_color(r, sm_object_get(obj, "marker-color"), &e->marker_color);
    const sm_value *markers = sm_object_get(obj, "markers");
    if (!markers->field) return;
    e->marker_count = markers->as.list.count;
    e->markers = sm_arena_array(r->arena, e->marker_count, sizeof *e->markers);
    for (size_t i = 0; i < e->marker_count; i++) {
        const sm_object *m = markers->as.list.items[i].as.object;
        const sm_value *at = sm_object_get(m, "at");
        e->markers[i] =
            (sm_marker){at->as.point[0], at->as.point[1], sm_object_str(m, "label", NULL), at->pos};
    }
}

static sm_rich *rich_list(sm_resolver *r, const sm_value *list) {
    sm_rich *out = sm_arena_array(r->arena, list->as.list.count, sizeof *out);
    for (size_t i = 0; i < list->as.list.count; i++)
        sm_markup_parse(r, &list->as.list.items[i], &out[i]);
    return out;
}

static void resolve_flow(sm_resolver *r, sm_elem *e, const sm_object *obj) {
    const sm_value *steps = sm_object_get(obj, "flow");
    e->items = rich_list(r, steps);
    e->item_count = steps->as.list.count;
    if (e->item_count == 0) sm_error(r->diags, steps->pos, "a flow needs at least one box");
    const sm_value *branches = sm_object_get(obj, "branches");
    if (branches->field) {
        e->branch_count = branches->as.list.count;
        e->branches = sm_arena_array(r->arena, e->branch_count, sizeof *e->branches);
        e->branch_lengths = sm_arena_array(r->arena, e->branch_count, sizeof *e->branch_lengths);
        for (size_t b = 0; b < e->branch_count; b++) {
            const sm_value *branch = &branches->as.list.items[b];
            e->branches[b] = rich_list(r, branch);
            e->branch_lengths[b] = branch->as.list.count;
            if (branch->as.list.count == 0)
                sm_error(r->diags, branch->pos, "a branch needs at least one box");
        }
    }
    e->flow_vertical = sm_object_get(obj, "direction")->as.choice == 1;
    sm_resolve_color(r, sm_object_get(obj, "fill"), &e->fill);
    sm_resolve_color(r, sm_object_get(obj, "border"), &e->border);
    e->padding = 2.5 * SM_PT_PER_MM;
    e->radius = 1.5 * SM_PT_PER_MM;
}

static void resolve_table(sm_resolver *r, sm_elem *e, const sm_object *obj) {
    const sm_value *rows = sm_object_get(obj, "table");
    /* Cells read from a CSV file are data: {braces} in them are not variables. */
    bool data = sm_object_get(obj, "data")->field != NULL;
    e->rows = rows->as.list.count;
    for (size_t i = 0; i < e->rows; i++)
        if (rows->as.list.items[i].as.list.count > e->cols)
            e->cols = rows->as.list.items[i].as.list.count;
    /* A short row would print blank cells where numbers belong: wrong data, not layout. */
    size_t first = e->rows ? rows->as.list.items[0].as.list.count : 0;
    for (size_t i = 1; i < e->rows; i++) {
        const sm_value *row = &rows->as.list.items[i];
        if (row->as.list.count != first)
            sm_error(r->diags, row->pos,
                     "this row has %zu cells, the first row %zu: every row needs one cell per "
                     "column (write \"\" for an empty one)",
                     row->as.list.count, first);
    }
    e->cells = sm_arena_array(r->arena, e->rows * e->cols, sizeof *e->cells);
    for (size_t i = 0; i < e->rows; i++) {
        const sm_value *row = &rows->as.list.items[i];
        for (size_t k = 0; k < e->cols; k++) {
            sm_rich *cell = &e->cells[i * e->cols + k];
            if (k < row->as.list.count && data)
                *cell =
                    sm_markup_literal(r, row->as.list.items[k].as.str, row->as.list.items[k].pos);
            else if (k < row->as.list.count)
                sm_markup_parse(r, &row->as.list.items[k], cell);
            else
                *cell = sm_markup_literal(r, "", row->pos);
        }
    }
    e->header = sm_object_flag(obj, "header", true);
    const sm_value *widths = sm_object_get(obj, "columns");
    if (widths->field) {
        if (widths->as.list.count != e->cols)
            sm_error(r->diags, widths->pos, "columns: gives %zu widths for %zu columns",
                     widths->as.list.count, e->cols);
        e->col_widths = sm_arena_array(r->arena, e->cols, sizeof *e->col_widths);
        for (size_t k = 0; k < e->cols && k < widths->as.list.count; k++)
            e->col_widths[k] = widths->as.list.items[k].as.length;
    }
    sm_resolve_color(r, sm_object_get(obj, "border"), &e->border);
    sm_resolve_color(r, sm_object_get(obj, "header-fill"), &e->header_fill);
    sm_resolve_color(r, sm_object_get(obj, "stripe"), &e->stripe);
    e->padding = points(obj, "padding");
    e->border_width = 0.5;
}

sm_elem *sm_resolve_stack(sm_resolver *r, const sm_value *list, sm_style style, double gap) {
    sm_elem *stack = sm_elem_new(r, SM_ELEM_STACK, list->pos, style);
    stack->gap = gap;
    for (size_t i = 0; i < list->as.list.count; i++)
        sm_elem_add(r, stack, sm_resolve_element(r, list->as.list.items[i].as.object, &style));
    return stack;
}

static sm_elem *resolve_element(sm_resolver *r, const sm_object *obj, const sm_style *parent,
                                bool flowing) {
    const char *name = obj->schema->name;
    const sm_value *style_name = sm_object_get(obj, "style");
    sm_style style =
        style_name->field ? sm_style_named(r, style_name->as.str, style_name->pos) : *parent;
    /* Headings are display type, set ragged and broken between phrases (word-break:
     * auto-phrase): they do not inherit body text's justification or character breaks. */
    if (strcmp(name, "heading") == 0) {
        if (style.align == SM_ALIGN_JUSTIFY) style.align = SM_ALIGN_LEFT;
        style.phrase = true;
    }
    sm_style_apply(r, &style, obj);
    if (strcmp(name, "glossary") == 0) return sm_resolve_glossary(r, obj, style);
    sm_elem *e = sm_elem_new(r, type_of(name), obj->pos, style);

    const sm_value *v;
    if ((v = sm_object_get(obj, "width"))->field) e->has_width = true, e->width = v->as.length;
    if ((v = sm_object_get(obj, "height"))->field) e->has_height = true, e->height = v->as.length;
    if ((v = sm_object_get(obj, "place"))->field) {
        e->placed = true;
        e->place[0] = v->as.point[0];
        e->place[1] = v->as.point[1];
    }
    e->weight = sm_object_number(obj, "weight", 0);
    e->valign = (sm_valign)sm_object_get(obj, "valign")->as.choice;
    if (sm_schema_find(obj->schema, "gap", NULL)) e->gap = points(obj, "gap");

    switch (e->type) {
    case SM_ELEM_TEXT:
    case SM_ELEM_HEADING:
        sm_markup_parse(r, sm_object_get(obj, name), &e->text);
        if (e->type == SM_ELEM_HEADING) {
            e->shrink = strcmp(sm_object_choice(obj, "fit", "shrink"), "shrink") == 0;
            e->min_size = points(obj, "min-size");
            e->max_lines = (int)sm_object_number(obj, "max-lines", SM_HEADING_LINES);
        }
        break;
    case SM_ELEM_IMAGE: resolve_image(r, e, obj); break;
    case SM_ELEM_BOX:
        sm_resolve_color(r, sm_object_get(obj, "fill"), &e->fill);
        sm_resolve_color(r, sm_object_get(obj, "border"), &e->border);
        e->border_width = points(obj, "border-width");
        e->radius = points(obj, "radius");
        e->padding = points(obj, "padding");
        e->pointer = sm_object_get(obj, "pointer")->as.choice;
        e->pointer_at = sm_object_get(obj, "pointer-at")->as.length;
        e->split = sm_object_get(obj, "split")->as.choice == 1;
        if (e->split && e->pointer)
            sm_error(r->diags, obj->pos, "a callout (a box with a pointer) cannot be split");
        add_children(r, e, sm_object_get(obj, name));
        break;
    case SM_ELEM_STACK:
        if (strcmp(name, "section") == 0) {
            if (!flowing || r->in_section)
                sm_error(r->diags, obj->pos,
                         "a section belongs directly in a kind: document body (not in another "
                         "element)");
            /* What it does not say it takes from the document (kind_document.c). */
            e->section = true;
            e->columns = (int)sm_object_number(obj, "columns", 1);
            const sm_value *gap = sm_object_get(obj, "gap");
            e->gap = gap->field ? points(obj, "gap") : -1;
            const sm_value *column_gap = sm_object_get(obj, "column-gap");
            e->column_gap = column_gap->field ? points(obj, "column-gap") : -1;
            e->column_rule = sm_object_flag(obj, "column-rule", false);
            e->column_rule_given = sm_object_get(obj, "column-rule")->field != NULL;
            if (e->has_width || e->has_height || e->placed)
                sm_error(r->diags, obj->pos,
                         "a section flows with the page: it takes no width, height or place");
            r->in_flow = r->in_section = true;
            add_children(r, e, sm_object_get(obj, name));
            r->in_flow = r->in_section = false;
            break;
        }
        add_children(r, e, sm_object_get(obj, name));
        break;
    case SM_ELEM_ROW: add_children(r, e, sm_object_get(obj, name)); break;
    case SM_ELEM_GRID:
        e->columns = (int)sm_object_number(obj, "columns", 2);
        add_children(r, e, sm_object_get(obj, name));
        break;
    case SM_ELEM_FLOW: resolve_flow(r, e, obj); break;
    case SM_ELEM_CHART: sm_resolve_chart(r, e, obj); break;
    case SM_ELEM_LIST: {
        const sm_value *items = sm_object_get(obj, name);
        e->item_count = items->as.list.count;
        e->items = sm_arena_array(r->arena, e->item_count, sizeof *e->items);
        for (size_t i = 0; i < e->item_count; i++)
            sm_markup_parse(r, &items->as.list.items[i], &e->items[i]);
        e->numbering = (sm_numbering)sm_object_get(obj, "numbering")->as.choice;
        e->start = (int)sm_object_number(obj, "start", 1);
        break;
    }
    case SM_ELEM_LINES:
        e->line_count = (int)sm_object_number(obj, name, 1);
        e->numbering = (sm_numbering)sm_object_get(obj, "numbering")->as.choice;
        e->spacing = points(obj, "spacing");
        e->columns = (int)sm_object_number(obj, "columns", 1);
        e->start = 1;
        break;
    case SM_ELEM_RULE:
    case SM_ELEM_SPACE: e->extent = sm_object_get(obj, name)->as.length; break;
    case SM_ELEM_TABLE: resolve_table(r, e, obj); break;
    case SM_ELEM_PAGE_BREAK:
        if (!flowing)
            sm_error(r->diags, obj->pos,
                     "a page-break works between the elements of a kind: document body or "
                     "section only");
        e->column_break = sm_object_get(obj, name)->as.choice == 1;
        break;
    case SM_ELEM_QR:
        sm_markup_parse(r, sm_object_get(obj, name), &e->text);
        e->qr_level = sm_object_get(obj, "level")->as.choice;
        e->alt = sm_object_str(obj, "alt", NULL);
        if (!e->alt) e->alt = sm_arena_printf(r->arena, "QRコード: %s", e->text.plain);
        break;
    }
    return e;
}

sm_elem *sm_resolve_element(sm_resolver *r, const sm_object *obj, const sm_style *parent) {
    /* What an element holds is not directly in a body: it does not flow. */
    bool flowing = r->in_flow;
    r->in_flow = false;
    sm_elem *e = resolve_element(r, obj, parent, flowing);
    r->in_flow = flowing;
    return e;
}
