/* kind_checksheet.c: `kind: checksheet` — one definition, two editions: the question sheet
 * (scene, instruction, lines to write on) and the answer sheet (scene with ①〜⑩, the
 * hazards and their consequences, the 解説). */
#include "resolver.h"

#include <string.h>

static double mm(const sm_resolver *r, double v) { return v * SM_PT_PER_MM * r->scale; }

/* The least share of the content width a scene may shrink to before the page overflows. */
#define SM_SCENE_SHRINK_TO 0.6

/* Title block: the sheet's title (with the edition), its scene name under it. */
static void add_header(sm_resolver *r, sm_elem *body, const sm_object *def, const char *edition) {
    const sm_value *title = sm_object_get(def, "title");
    sm_style style = sm_style_named(r, "title", title->pos);
    style.align = SM_ALIGN_LEFT;
    sm_elem *row = sm_elem_new(r, SM_ELEM_ROW, title->pos, style);
    row->gap = mm(r, 4);
    sm_elem *heading = sm_elem_text(r, SM_ELEM_HEADING, title, style);
    heading->max_lines = SM_TITLE_LINES;
    heading->weight = 1;
    heading->valign = SM_VALIGN_MIDDLE;
    sm_elem_add(r, row, heading);

    /* The edition badge: 問題 or 解答, white on the accent colour. */
    sm_style badge_style = sm_style_named(r, "subtitle", title->pos);
    badge_style.color = sm_theme_color(r, "paper");
    badge_style.align = SM_ALIGN_CENTER;
    sm_elem *badge = sm_elem_new(r, SM_ELEM_BOX, title->pos, badge_style);
    badge->fill = sm_theme_color(r, strcmp(edition, "解答編") == 0 ? "accent" : "ink");
    badge->radius = mm(r, 2);
    badge->padding = mm(r, 2);
    badge->has_width = true;
    badge->width = (sm_length){mm(r, 26), SM_UNIT_PT};
    badge->valign = SM_VALIGN_MIDDLE;
    sm_elem_add(r, badge, sm_elem_text_literal(r, SM_ELEM_TEXT, edition, title->pos, badge_style));
    sm_elem_add(r, row, badge);
    sm_elem_add(r, body, row);

    const sm_value *subtitle = sm_object_get(def, "subtitle");
    if (subtitle->field) {
        sm_style sub = sm_style_named(r, "subtitle", subtitle->pos);
        sub.align = SM_ALIGN_LEFT;
        sm_elem_add(r, body, sm_elem_text(r, SM_ELEM_TEXT, subtitle, sub));
    }
    sm_elem *rule = sm_elem_new(r, SM_ELEM_RULE, title->pos, body->style);
    rule->extent = (sm_length){mm(r, 0.8), SM_UNIT_PT};
    rule->style.color = sm_theme_color(r, "accent");
    sm_elem_add(r, body, rule);
}

/* ① … ⑳ as the markers print them (U+2460 on), (21) past them. */
static const char *circled(sm_resolver *r, size_t n) {
    if (n < 1 || n > 20) return sm_arena_printf(r->arena, "(%zu)", n);
    unsigned c = 0x2460 + (unsigned)(n - 1);
    return sm_arena_printf(r->arena, "%c%c%c", (char)(0xE0 | (c >> 12)),
                           (char)(0x80 | ((c >> 6) & 0x3F)), (char)(0x80 | (c & 0x3F)));
}

/* The scene's alt text: on the question sheet the scene as it is (the answers must not
 * reach a screen reader before the pupil has looked); on the answer sheet the same, then
 * the hazards by number, as the markers show them. */
static const char *scene_alt(sm_resolver *r, const sm_object *def, bool answer) {
    const char *alt = sm_object_str(sm_object_get(def, "scene")->as.object, "alt", "");
    if (!answer) return alt;
    const sm_value *hazards = sm_object_get(def, "hazards");
    for (size_t i = 0; i < hazards->as.list.count; i++) {
        const sm_object *h = hazards->as.list.items[i].as.object;
        sm_rich item;
        sm_markup_parse(r, sm_object_get(h, "item"), &item);
        alt = sm_arena_printf(r->arena, "%s%s%s%s", alt, i ? "、" : " 危険のある場所：",
                              circled(r, i + 1), item.plain);
    }
    return hazards->as.list.count ? sm_arena_printf(r->arena, "%s。", alt) : alt;
}

static sm_elem *scene(sm_resolver *r, const sm_object *def, bool with_markers) {
    const sm_object *scene_obj = sm_object_get(def, "scene")->as.object;
    const sm_value *image = sm_object_get(scene_obj, "image");
    sm_elem *picture = sm_elem_image(r, image, scene_alt(r, def, with_markers), image->pos);
    /* The scene fills the content width; where what follows needs the room (the answer
     * sheet's list and 解説), layout shrinks it, centred, down to 60 % of that width. */
    picture->shrink_to = SM_SCENE_SHRINK_TO;
    picture->style.align = SM_ALIGN_CENTER;
    if (!with_markers) return picture;
    const sm_value *hazards = sm_object_get(def, "hazards");
    picture->marker_count = hazards->as.list.count;
    picture->markers = sm_arena_array(r->arena, picture->marker_count, sizeof *picture->markers);
    for (size_t i = 0; i < picture->marker_count; i++) {
        const sm_value *at = sm_object_get(hazards->as.list.items[i].as.object, "at");
        picture->markers[i] = (sm_marker){at->as.point[0], at->as.point[1], NULL, at->pos};
    }
    return picture;
}

static sm_elem *section(sm_resolver *r, const char *text, sm_pos pos) {
    sm_elem *e =
        sm_elem_text_literal(r, SM_ELEM_TEXT, text, pos, sm_style_named(r, "section", pos));
    e->level = 2;
    return e;
}

static void question_page(sm_resolver *r, const sm_object *def) {
    sm_elem *body = sm_elem_new(r, SM_ELEM_STACK, def->pos, sm_style_named(r, "body", def->pos));
    body->gap = mm(r, 4);
    add_header(r, body, def, "問題");
    sm_elem_add(r, body, scene(r, def, false));

    const sm_value *instruction = sm_object_get(def, "instruction");
    sm_elem *box = sm_elem_new(r, SM_ELEM_BOX, instruction->pos, body->style);
    box->fill = sm_theme_color(r, "accent-light");
    box->radius = mm(r, 2);
    box->padding = mm(r, 4);
    sm_elem_add(r, box,
                sm_elem_text(r, SM_ELEM_TEXT, instruction,
                             sm_style_named(r, "instruction", instruction->pos)));
    sm_elem_add(r, body, box);

    const sm_value *hazards = sm_object_get(def, "hazards");
    sm_elem *lines =
        sm_elem_new(r, SM_ELEM_LINES, hazards->pos, sm_style_named(r, "body", hazards->pos));
    lines->line_count = (int)sm_object_number(def, "answer-lines", (double)hazards->as.list.count);
    lines->numbering = SM_NUMBERING_CIRCLED;
    lines->start = 1;
    lines->columns = 2;
    lines->spacing = mm(r, 13); /* room for a child's handwriting */
    lines->gap = mm(r, 8);
    lines->border = sm_theme_color(r, "line"); /* grey rules, numbers in ink */
    sm_elem_add(r, body, lines);
    sm_resolved_add_page(r, "question", body);
}

/* One column of hazards as a circled list: the item in bold, its consequence after →. */
static sm_elem *hazard_list(sm_resolver *r, const sm_value *hazards, size_t from, size_t to) {
    sm_elem *list =
        sm_elem_new(r, SM_ELEM_LIST, hazards->pos, sm_style_named(r, "hazard", hazards->pos));
    list->numbering = SM_NUMBERING_CIRCLED;
    list->start = (int)from + 1;
    list->gap = mm(r, 2);
    list->item_count = to - from;
    list->items = sm_arena_array(r->arena, list->item_count, sizeof *list->items);
    sm_color muted = sm_theme_color(r, "muted");
    for (size_t i = from; i < to; i++) {
        const sm_object *h = hazards->as.list.items[i].as.object;
        sm_rich item, risk;
        sm_markup_parse(r, sm_object_get(h, "item"), &item);
        sm_markup_parse(r, sm_object_get(h, "risk"), &risk);
        /* Item and consequence form one paragraph: bold item, a line break, → consequence,
         * whose wrapped lines hang after the arrow. */
        size_t n = item.count + risk.count + 2;
        sm_span *spans = sm_arena_array(r->arena, n, sizeof *spans);
        for (size_t k = 0; k < item.count; k++) {
            spans[k] = item.spans[k];
            spans[k].bold = true;
        }
        spans[item.count] = (sm_span){.text = "\n"};
        spans[item.count + 1] =
            (sm_span){.text = "→ ", .has_color = true, .color = muted, .hang = true};
        for (size_t k = 0; k < risk.count; k++) spans[item.count + 2 + k] = risk.spans[k];
        list->items[i - from] =
            (sm_rich){spans, n, sm_arena_printf(r->arena, "%s\n→ %s", item.plain, risk.plain),
                      item.pos, item.source};
    }
    return list;
}

static void answer_page(sm_resolver *r, const sm_object *def) {
    sm_elem *body = sm_elem_new(r, SM_ELEM_STACK, def->pos, sm_style_named(r, "body", def->pos));
    body->gap = mm(r, 3.5);
    add_header(r, body, def, "解答編");
    sm_elem_add(r, body, scene(r, def, true));

    const sm_value *hazards = sm_object_get(def, "hazards");
    sm_elem_add(r, body, section(r, "■危険な可能性", hazards->pos));
    size_t n = hazards->as.list.count, half = (n + 1) / 2;
    sm_elem *columns = sm_elem_new(r, SM_ELEM_ROW, hazards->pos, body->style);
    columns->gap = mm(r, 6);
    sm_elem *left = hazard_list(r, hazards, 0, half);
    left->weight = 1;
    sm_elem_add(r, columns, left);
    if (half < n) {
        sm_elem *right = hazard_list(r, hazards, half, n);
        right->weight = 1;
        sm_elem_add(r, columns, right);
    }
    sm_elem_add(r, body, columns);

    const sm_value *explanation = sm_object_get(def, "explanation");
    sm_elem_add(r, body, section(r, "■解説", explanation->pos));
    sm_elem *box = sm_elem_new(r, SM_ELEM_BOX, explanation->pos, body->style);
    box->border = sm_theme_color(r, "accent");
    box->border_width = mm(r, 0.4);
    box->radius = mm(r, 2);
    box->padding = mm(r, 4);
    sm_elem_add(r, box,
                sm_elem_text(r, SM_ELEM_TEXT, explanation,
                             sm_style_named(r, "explanation", explanation->pos)));
    sm_elem_add(r, body, box);
    sm_resolved_add_page(r, "answer", body);
}

bool sm_kind_checksheet(sm_resolver *r, const sm_object *def) {
    const sm_value *hazards = sm_object_get(def, "hazards");
    if (hazards->as.list.count > 20)
        sm_error(r->diags, hazards->pos, "a check sheet has at most 20 hazards (①〜⑳), not %zu",
                 hazards->as.list.count);
    r->doc->resolved->has_editions = true;
    if (r->doc->edition != SM_EDITION_ANSWER) question_page(r, def);
    if (r->doc->edition != SM_EDITION_QUESTION) answer_page(r, def);
    return true;
}
