/* chart.c: a chart element's data checked and styled — every series one value per category,
 * no negative slice of a pie, no negative part of a stacked bar — its marks told apart by
 * colour and, in gray mode, by grey steps and hatching, and its alt text made from the data
 * (「棒グラフ（令和2年度、令和3年度、令和4年度）: 訓告等 245人、323人、398人…」). */
#include "resolver.h"

#include "../base/utf8.h"

#include <math.h>
#include <string.h>

/* The theme colours marks take in turn (a chart's colors: overrides them). */
static const char *const palette[] = {"accent", "warn", "deep", "line", "muted"};
#define PALETTE_COUNT (sizeof palette / sizeof *palette)
/* Gray mode: greys from dark to light, far enough apart to tell (and hatching on every
 * second mark, so neighbours differ twice). */
#define SM_GRAY_DARKEST       0.22
#define SM_GRAY_LIGHTEST      0.78
#define SM_GRAY_LINE_LIGHTEST 0.55

/* The text of a number as labels print it: 1,234 or 12.5, never 1e+03. */
const char *sm_chart_number(sm_arena *arena, double value) {
    double rounded = round(value);
    if (fabs(value - rounded) > 1e-9) return sm_arena_printf(arena, "%.1f", value);
    char digits[32], out[48];
    snprintf(digits, sizeof digits, "%.0f", fabs(rounded));
    size_t n = strlen(digits), k = 0;
    if (rounded < 0) out[k++] = '-';
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0) out[k++] = ',';
        out[k++] = digits[i];
    }
    out[k] = '\0';
    return sm_arena_strdup(arena, out);
}

static void style_marks(sm_resolver *r, sm_chart *c, const sm_object *obj) {
    const sm_value *colors = sm_object_get(obj, "colors");
    bool gray = r->doc->resolved->gray;
    c->key_colors = sm_arena_array(r->arena, c->key_count, sizeof *c->key_colors);
    c->key_hatch = sm_arena_array(r->arena, c->key_count, sizeof *c->key_hatch);
    for (size_t k = 0; k < c->key_count; k++) {
        if (gray) {
            /* Steps from dark to light; every second one hatched, the hatch turning. Lines
             * stay darker (a thin light line on paper is lost), every second one dashed. */
            double t = c->key_count > 1 ? (double)k / (double)(c->key_count - 1) : 0;
            double lightest = c->type == SM_CHART_LINE ? SM_GRAY_LINE_LIGHTEST : SM_GRAY_LIGHTEST;
            double v = SM_GRAY_DARKEST + t * (lightest - SM_GRAY_DARKEST);
            c->key_colors[k] = (sm_color){v, v, v, 1};
            c->key_hatch[k] = k % 2 ? 1 + (int)(k / 2) % 3 : 0;
            continue;
        }
        if (colors->field && k < colors->as.list.count) {
            sm_resolve_color(r, &colors->as.list.items[k], &c->key_colors[k]);
        } else if (c->type != SM_CHART_PIE && c->type != SM_CHART_DONUT && c->series[k].has_color) {
            c->key_colors[k] = c->series[k].color;
        } else {
            c->key_colors[k] = sm_theme_color(r, palette[k % PALETTE_COUNT]);
            /* Past the palette, the same colours again, hatched. */
            c->key_hatch[k] = (int)(k / PALETTE_COUNT) % 4;
        }
    }
    if (colors->field && colors->as.list.count < c->key_count && !gray)
        sm_warning(r->diags, colors->pos,
                   "colors: gives %zu colours for %zu %s; the rest are "
                   "the theme's",
                   colors->as.list.count, c->key_count,
                   c->type == SM_CHART_PIE || c->type == SM_CHART_DONUT ? "slices" : "series");
}

/* The numbers said in words, for screen readers and the PDF's Figure. */
static const char *make_alt(sm_resolver *r, const sm_chart *c) {
    static const char *const kinds[] = {"棒グラフ", "円グラフ", "ドーナツグラフ", "折れ線グラフ"};
    sm_buf s = {0};
    sm_buf_puts(&s, kinds[c->type]);
    bool round = c->type == SM_CHART_PIE || c->type == SM_CHART_DONUT;
    if (round) {
        double total = 0;
        for (size_t i = 0; i < c->category_count; i++) total += c->series[0].values[i];
        sm_buf_puts(&s, ": ");
        for (size_t i = 0; i < c->category_count; i++) {
            double v = c->series[0].values[i];
            sm_buf_printf(&s, "%s%s %s%s（%.0f%%）", i ? "、" : "", c->categories[i].plain,
                          sm_chart_number(r->arena, v), c->unit, total > 0 ? 100 * v / total : 0);
        }
        sm_buf_printf(&s, "、%s%s%s", c->total_label.plain ? c->total_label.plain : "",
                      sm_chart_number(r->arena, total), c->unit);
    } else {
        sm_buf_puts(&s, "（");
        for (size_t i = 0; i < c->category_count; i++)
            sm_buf_printf(&s, "%s%s", i ? "、" : "", c->categories[i].plain);
        sm_buf_puts(&s, "）: ");
        for (size_t k = 0; k < c->series_count; k++) {
            sm_buf_printf(&s, "%s%s ", k ? "; " : "", c->series[k].name.plain);
            for (size_t i = 0; i < c->category_count; i++)
                sm_buf_printf(&s, "%s%s%s", i ? "、" : "",
                              sm_chart_number(r->arena, c->series[k].values[i]), c->unit);
        }
        if (c->stacked && c->series_count > 1) {
            sm_buf_puts(&s, "; 合計 ");
            for (size_t i = 0; i < c->category_count; i++) {
                double total = 0;
                for (size_t k = 0; k < c->series_count; k++) total += c->series[k].values[i];
                sm_buf_printf(&s, "%s%s%s", i ? "、" : "", sm_chart_number(r->arena, total),
                              c->unit);
            }
        }
    }
    sm_buf_puts(&s, "。");
    const char *alt = sm_arena_strdup(r->arena, s.data);
    sm_buf_free(&s);
    return alt;
}

/* Honest data: one value per category, nothing negative where it cannot be drawn. */
static void check_values(sm_resolver *r, const sm_chart *c, const sm_value *series) {
    bool round = c->type == SM_CHART_PIE || c->type == SM_CHART_DONUT;
    if (round && c->series_count != 1)
        sm_error(r->diags, series->pos, "a %s shows one series; this one has %zu",
                 c->type == SM_CHART_PIE ? "pie" : "donut", c->series_count);
    for (size_t k = 0; k < c->series_count; k++) {
        const sm_object *one = series->as.list.items[k].as.object;
        const sm_value *values = sm_object_get(one, "values");
        if (values->as.list.count != c->category_count)
            sm_error(r->diags, values->pos,
                     "the series '%s' has %zu values for %zu categories: one value per category",
                     c->series[k].name.plain, values->as.list.count, c->category_count);
        for (size_t i = 0; i < values->as.list.count; i++) {
            double v = values->as.list.items[i].as.number;
            if (v < 0 && (round || c->stacked))
                sm_error(r->diags, values->as.list.items[i].pos,
                         "a %s cannot show a negative value (%s)",
                         round ? "pie's slice" : "stacked bar", sm_chart_number(r->arena, v));
        }
    }
    if (round && c->series_count == 1) {
        double total = 0;
        for (size_t i = 0; i < c->category_count; i++) total += fmax(c->series[0].values[i], 0);
        if (total <= 0)
            sm_error(r->diags, series->pos, "a %s of nothing: every value is zero",
                     c->type == SM_CHART_PIE ? "pie" : "donut");
    }
    if (c->category_count == 0) sm_error(r->diags, series->pos, "a chart needs categories");
}

void sm_resolve_chart(sm_resolver *r, sm_elem *e, const sm_object *obj) {
    sm_chart *c = sm_arena_alloc(r->arena, sizeof *c);
    e->chart = c;
    c->type = (sm_chart_type)sm_object_get(obj, "chart")->as.choice;
    c->horizontal = sm_object_get(obj, "direction")->as.choice == 0;
    c->stacked = sm_object_flag(obj, "stacked", false);
    c->totals = sm_object_flag(obj, "totals", true);
    c->legend = (sm_chart_legend)sm_object_get(obj, "legend")->as.choice;
    c->unit = sm_object_str(obj, "unit", "");
    const sm_value *unit = sm_object_get(obj, "unit");
    c->unit_text = sm_markup_literal(r, c->unit, unit->field ? unit->pos : obj->pos);
    sm_markup_parse(r, sm_object_get(obj, "total-label"), &c->total_label);
    /* Read from a CSV file, names and categories are data, not markup. */
    bool data = sm_object_get(obj, "data")->field != NULL;
    const sm_value *categories = sm_object_get(obj, "categories");
    const sm_value *series = sm_object_get(obj, "series");
    if (!series->field) return; /* the load stage said what is missing */
    c->category_count = categories->field ? categories->as.list.count : 0;
    c->categories = sm_arena_array(r->arena, c->category_count, sizeof *c->categories);
    for (size_t i = 0; i < c->category_count; i++) {
        const sm_value *v = &categories->as.list.items[i];
        if (data)
            c->categories[i] = sm_markup_literal(r, v->as.str, v->pos);
        else
            sm_markup_parse(r, v, &c->categories[i]);
    }
    c->series_count = series->as.list.count;
    c->series = sm_arena_array(r->arena, c->series_count, sizeof *c->series);
    for (size_t k = 0; k < c->series_count; k++) {
        const sm_object *one = series->as.list.items[k].as.object;
        sm_series *s = &c->series[k];
        const sm_value *name = sm_object_get(one, "name");
        if (data)
            s->name = sm_markup_literal(r, name->as.str, name->pos);
        else
            sm_markup_parse(r, name, &s->name);
        const sm_value *values = sm_object_get(one, "values");
        s->values = sm_arena_array(r->arena, c->category_count, sizeof *s->values);
        for (size_t i = 0; i < c->category_count && i < values->as.list.count; i++)
            s->values[i] = values->as.list.items[i].as.number;
        const sm_value *color = sm_object_get(one, "color");
        if (color->field) s->has_color = sm_resolve_color(r, color, &s->color);
    }
    check_values(r, c, series);
    bool round = c->type == SM_CHART_PIE || c->type == SM_CHART_DONUT;
    c->key_count = round ? c->category_count : c->series_count;
    style_marks(r, c, obj);
    c->ink = e->style.color;
    c->muted = sm_theme_color(r, "muted");
    c->grid = sm_theme_color(r, "line");
    /* Labels grow with the paper as the kinds' type does (A3: × 1.41). */
    const sm_resolved *res = r->doc->resolved;
    c->type_scale = (res->paper_width - 2 * res->margin) / (SM_DESIGN_WIDTH_MM * SM_PT_PER_MM);
    const char *alt = sm_object_str(obj, "alt", NULL);
    c->alt = alt ? alt : r->diags->failed ? "" : make_alt(r, c);
}
