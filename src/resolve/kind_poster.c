/* kind_poster.c: `kind: poster` — title, numbered steps with illustrations, footer. */
#include "resolver.h"

#include <string.h>

/* Proportions are designed on A4 in millimetres and grow with the paper (r->scale). */
/* Steps a poster holds: one under the other up to three, four in a 2 × 2 grid. */
#define SM_POSTER_STEPS 4
static double mm(const sm_resolver *r, double v) { return v * SM_PT_PER_MM * r->scale; }

/* The round number badge of a step: a filled circle holding the number. */
static sm_elem *number_badge(sm_resolver *r, int number, sm_pos pos, bool compact) {
    sm_elem *badge = sm_elem_new(r, SM_ELEM_BOX, pos, sm_style_named(r, "step-number", pos));
    double d = mm(r, compact ? 12 : 16);
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

/* A step's picture: as large as its card allows, at least SM_PICTURE_LEAST of its width's
 * height (the cards share the page: their pictures give way first). */
#define SM_PICTURE_LEAST 0.4

/* A step card: side by side (words left, picture right) when the steps stand one under the
 * other, or one above the other (heading, picture, detail) in a 2 × 2 grid. Three or more
 * steps share the page: their cards are compact (smaller badge and spacing, the words
 * wider than the picture). */
static sm_elem *step_card(sm_resolver *r, const sm_object *step, int number, bool in_grid,
                          bool compact) {
    sm_pos pos = step->pos;
    sm_elem *card = sm_elem_new(r, SM_ELEM_BOX, pos, sm_style_named(r, "body", pos));
    card->fill = sm_theme_color(r, "accent-light");
    card->radius = mm(r, 4);
    card->padding = mm(r, compact ? 5 : 7);
    card->gap = mm(r, compact ? 3 : 5);
    card->weight = 1; /* the cards share the page height */

    sm_elem *row = sm_elem_new(r, in_grid ? SM_ELEM_STACK : SM_ELEM_ROW, pos, card->style);
    row->gap = mm(r, compact ? 4 : 6);
    row->weight = 1;

    sm_elem *words = sm_elem_new(r, SM_ELEM_STACK, pos, card->style);
    words->gap = mm(r, compact ? 3 : 5);
    words->weight = in_grid ? 0 : compact ? 14 : 11;
    words->valign = SM_VALIGN_MIDDLE;

    sm_elem *head = sm_elem_new(r, SM_ELEM_ROW, pos, card->style);
    head->gap = mm(r, 4);
    sm_elem_add(r, head, number_badge(r, number, pos, compact));
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
    sm_elem *detail_text =
        detail->field
            ? sm_elem_text(r, SM_ELEM_TEXT, detail, sm_style_named(r, "step-detail", detail->pos))
            : NULL;
    if (detail_text && !in_grid) sm_elem_add(r, words, detail_text);
    sm_elem_add(r, row, words);

    const sm_value *image = sm_object_get(step, "image");
    if (image->field) {
        const sm_value *alt = sm_object_get(step, "alt");
        if (!alt->field)
            sm_error(r->diags, image->pos, "a step's image needs alt: (what it shows)");
        sm_elem *picture = sm_elem_image(r, image, sm_object_str(step, "alt", ""), image->pos);
        picture->weight = in_grid ? 1 : compact ? 8 : 10;
        picture->valign = SM_VALIGN_MIDDLE;
        picture->fill_height = true;
        picture->shrink_to = SM_PICTURE_LEAST;
        sm_elem_add(r, row, picture);
    }
    if (detail_text && in_grid) sm_elem_add(r, row, detail_text);
    sm_elem_add(r, card, row);
    return card;
}

/* The committee's site under the steps: its address and a QR code to scan from the wall. */
static sm_elem *site_band(sm_resolver *r, const sm_value *qr) {
    sm_elem *band = sm_elem_new(r, SM_ELEM_ROW, qr->pos, sm_style_named(r, "label", qr->pos));
    band->gap = mm(r, 4);
    band->valign = SM_VALIGN_MIDDLE;
    sm_elem *address = sm_elem_text_literal(r, SM_ELEM_TEXT, qr->as.str, qr->pos, band->style);
    address->style.align = SM_ALIGN_RIGHT;
    address->weight = 1;
    address->valign = SM_VALIGN_MIDDLE;
    sm_elem_add(r, band, address);
    sm_elem *code = sm_elem_new(r, SM_ELEM_QR, qr->pos, band->style);
    code->text = sm_markup_literal(r, qr->as.str, qr->pos);
    code->qr_level = 1; /* M: survives a scuffed poster */
    code->alt = sm_arena_printf(r->arena, "QRコード: %s", qr->as.str);
    code->has_width = true;
    code->width = (sm_length){mm(r, 20), SM_UNIT_PT};
    sm_elem_add(r, band, code);
    return band;
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
    size_t n = steps->as.list.count;
    if (n < 1 || n > SM_POSTER_STEPS)
        sm_error(r->diags, steps->pos, "a poster has 1 to %d steps, this one %zu", SM_POSTER_STEPS,
                 n);
    const char *layout = sm_object_choice(def, "layout", "auto");
    bool grid = strcmp(layout, "grid") == 0 || (strcmp(layout, "auto") == 0 && n == 4);
    sm_elem *cards = body;
    if (grid) {
        cards = sm_elem_new(r, SM_ELEM_GRID, steps->pos, body->style);
        cards->columns = 2;
        cards->gap = mm(r, 6);
        cards->weight = 1;
        sm_elem_add(r, body, cards);
    }
    for (size_t i = 0; i < n; i++)
        sm_elem_add(r, cards,
                    step_card(r, steps->as.list.items[i].as.object, (int)i + 1, grid, n >= 3));
    const sm_value *qr = sm_object_get(def, "qr");
    if (qr->field) sm_elem_add(r, body, site_band(r, qr));

    sm_resolved_add_page(r, NULL, body);
    return true;
}
