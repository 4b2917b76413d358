/* kind_poster.c: `kind: poster` — title, numbered steps with illustrations, footer. */
#include "resolver.h"

#include <string.h>

/* Proportions are designed on A4 in millimetres and grow with the paper (r->scale). */
static double mm(const sm_resolver *r, double v) { return v * SM_PT_PER_MM * r->scale; }

/* The round number badge of a step: a filled circle holding the number. */
static sm_elem *number_badge(sm_resolver *r, int number, sm_pos pos) {
    sm_elem *badge = sm_elem_new(r, SM_ELEM_BOX, pos, sm_style_named(r, "step-number", pos));
    double d = mm(r, 16);
    badge->has_width = badge->has_height = true;
    badge->width = badge->height = (sm_length){d, SM_UNIT_PT};
    badge->radius = d / 2;
    badge->padding = 0;
    badge->fill = sm_theme_color(r, "accent");
    badge->valign = SM_VALIGN_MIDDLE;
    char digits[16];
    snprintf(digits, sizeof digits, "%d", number);
    sm_elem *label = sm_elem_text_literal(r, SM_ELEM_TEXT, digits, pos, badge->style);
    label->style.align = SM_ALIGN_CENTER;
    sm_elem_add(r, badge, label);
    return badge;
}

static sm_elem *step_card(sm_resolver *r, const sm_object *step, int number) {
    sm_pos pos = step->pos;
    sm_elem *card = sm_elem_new(r, SM_ELEM_BOX, pos, sm_style_named(r, "body", pos));
    card->fill = sm_theme_color(r, "accent-light");
    card->radius = mm(r, 4);
    card->padding = mm(r, 7);
    card->gap = mm(r, 5);
    card->weight = 1; /* the cards share the page height */

    sm_elem *row = sm_elem_new(r, SM_ELEM_ROW, pos, card->style);
    row->gap = mm(r, 6);
    row->weight = 1;

    sm_elem *words = sm_elem_new(r, SM_ELEM_STACK, pos, card->style);
    words->gap = mm(r, 5);
    words->weight = 11;
    words->valign = SM_VALIGN_MIDDLE;

    sm_elem *head = sm_elem_new(r, SM_ELEM_ROW, pos, card->style);
    head->gap = mm(r, 4);
    sm_elem_add(r, head, number_badge(r, number, pos));
    sm_elem *text = sm_elem_text(r, SM_ELEM_HEADING, sm_object_get(step, "text"),
                                 sm_style_named(r, "step-text", pos));
    text->weight = 1;
    text->valign = SM_VALIGN_MIDDLE;
    text->max_lines = 1; /* a step is a slogan: one line, shrunk to fit */
    text->level = 2;
    text->fit_group = 1; /* parallel steps read as equals: one size for all */
    sm_elem_add(r, head, text);
    sm_elem_add(r, words, head);

    const sm_value *detail = sm_object_get(step, "detail");
    if (detail->field)
        sm_elem_add(
            r, words,
            sm_elem_text(r, SM_ELEM_TEXT, detail, sm_style_named(r, "step-detail", detail->pos)));
    sm_elem_add(r, row, words);

    const sm_value *image = sm_object_get(step, "image");
    if (image->field) {
        const sm_value *alt = sm_object_get(step, "alt");
        if (!alt->field)
            sm_error(r->diags, image->pos, "a step's image needs alt: (what it shows)");
        sm_elem *picture = sm_elem_image(r, image, sm_object_str(step, "alt", ""), image->pos);
        picture->weight = 10;
        picture->valign = SM_VALIGN_MIDDLE;
        sm_elem_add(r, row, picture);
    }
    sm_elem_add(r, card, row);
    return card;
}

bool sm_kind_poster(sm_resolver *r, const sm_object *def) {
    sm_pos pos = def->pos;
    sm_elem *body = sm_elem_new(r, SM_ELEM_STACK, pos, sm_style_named(r, "body", pos));
    body->gap = mm(r, 6);

    const sm_value *subtitle = sm_object_get(def, "subtitle");
    if (subtitle->field)
        sm_elem_add(
            r, body,
            sm_elem_text(r, SM_ELEM_TEXT, subtitle, sm_style_named(r, "subtitle", subtitle->pos)));

    /* The title takes the width: two lines broken between phrases (or as written), shrunk
     * to fit but never below the steps it heads; where it cannot fit that, it says so. */
    const sm_value *title = sm_object_get(def, "title");
    sm_style title_style = sm_style_named(r, "title", title->pos);
    title_style.size *= 1.6;
    sm_elem *heading = sm_elem_text(r, SM_ELEM_HEADING, title, title_style);
    heading->max_lines = SM_TITLE_LINES;
    heading->min_size = sm_style_named(r, "step-text", title->pos).size;
    sm_elem_add(r, body, heading);

    sm_elem *rule = sm_elem_new(r, SM_ELEM_RULE, title->pos, body->style);
    rule->extent = (sm_length){mm(r, 1.2), SM_UNIT_PT};
    rule->style.color = sm_theme_color(r, "accent");
    sm_elem_add(r, body, rule);

    const sm_value *lead = sm_object_get(def, "lead");
    if (lead->field)
        sm_elem_add(r, body,
                    sm_elem_text(r, SM_ELEM_TEXT, lead, sm_style_named(r, "lead", lead->pos)));

    const sm_value *steps = sm_object_get(def, "steps");
    for (size_t i = 0; i < steps->as.list.count; i++)
        sm_elem_add(r, body, step_card(r, steps->as.list.items[i].as.object, (int)i + 1));

    sm_resolved_add_page(r, NULL, body);
    return true;
}
