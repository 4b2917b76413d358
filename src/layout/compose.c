/* compose.c: lines from shaped clusters — greedy breaking with push-in before push-out,
 * hanging punctuation, no lone last character, then JIS justification into glyph runs. */
#include "compose_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Rounding slack when comparing widths, in points. */
#define SM_EPSILON 0.001
/* Western spaces may shrink to a quarter em and grow to half an em (JLREQ 3.8). */
#define SM_SPACE_MIN_EM 0.25
#define SM_SPACE_MAX_EM 0.5
/* More space than this between two characters reads as a hole, not as justification. */
#define SM_MAX_GAP_EM 1.0
/* 和欧間 may shrink to an eighth of an em when a line is pushed in, grow to half. */
#define SM_AUTOSPACE_MIN_EM 0.125
#define SM_AUTOSPACE_MAX_EM 0.5

/* A line being set: clusters [start, end), the last one possibly hanging. */
typedef struct line_span {
    size_t start, end;
    bool hangs;     /* the last cluster hangs past the measure */
    bool forced;    /* ends at a hard line break or the paragraph end: not stretched */
    bool overflows; /* no break could make it fit */
} line_span;

static bool trims_line_start(const sm_style *style, bool first_line) {
    return style->spacing_trim == SM_TRIM_START ||
           (style->spacing_trim == SM_TRIM_SPACE_FIRST && !first_line);
}

/* The advance of a cluster with the spaces neighbours already took away. */
static double base_width(const sm_cluster *c) {
    return c->advance - c->trim_before - c->trim_after;
}

/* Western spaces and line breaks at the end of a line take no room and draw nothing; a space
 * under ruby is kept, so that its reading is over something. */
static bool vanishes_at_end(const sm_cluster *c) {
    return c->hard_break || (c->western_space && c->ruby < 0);
}

/* A Western space stretches and shrinks, unless it is a ruby base: then its width is the room
 * its reading needs. */
static bool stretchy_space(const sm_cluster *c) { return c->western_space && c->ruby < 0; }

/* A reading wider than its base reaches over the kana beside it (compose_shape.c). When that
 * kana is on another line, the reading would stick out past the line's end: the base makes
 * the room itself. These are the rooms a ruby group needs when its first cluster k starts a
 * line, and when its last cluster k ends one. */
static double ruby_room_before(const sm_shaped *s, size_t k) {
    int r = s->clusters[k].ruby;
    return r >= 0 && s->rubies[r].first == k ? s->rubies[r].overhang_before : 0;
}

static double ruby_room_after(const sm_shaped *s, size_t k) {
    int r = s->clusters[k].ruby;
    if (r < 0 || s->rubies[r].last != k) return 0;
    const sm_ruby *ruby = &s->rubies[r];
    double base = 0;
    for (size_t i = ruby->first; i <= ruby->last; i++)
        base += s->clusters[i].advance - s->clusters[i].aki_before - s->clusters[i].aki_after;
    return fmax(0, ruby->reading.width - base - ruby->overhang_before);
}

/* The widths of a line of clusters [start, end), grown one cluster at a time: natural, and
 * smallest (what push-in can reach: punctuation space gone, spaces at their minimum). Western
 * spaces and line breaks at the end of a line vanish, so nat and min are the sums up to the
 * last other cluster. Growing it costs one cluster, so trying every break of a long line
 * costs the line's length, not its square. */
typedef struct meter {
    const sm_shaped *s;
    const sm_style *style;
    size_t start, end, last; /* measured: [start, end); visible: [start, last) */
    bool first_line;
    double all_nat, all_min; /* over [start, end) */
    double nat, min;         /* over [start, last) */
} meter;

static meter meter_start(const sm_shaped *s, const sm_style *style, size_t start, bool first_line) {
    return (meter){s, style, start, start, start, first_line, 0, 0, 0, 0};
}

static void meter_add(meter *m) {
    size_t k = m->end++;
    const sm_cluster *c = &m->s->clusters[k];
    bool trim = k == m->start && trims_line_start(m->style, m->first_line);
    double w = base_width(c);
    if (trim) w -= c->aki_before - c->trim_before;
    double glue = k > m->start ? c->glue : 0;
    double squeeze = (c->aki_before - c->trim_before) + (c->aki_after - c->trim_after);
    if (trim) squeeze -= c->aki_before - c->trim_before;
    if (stretchy_space(c)) squeeze = fmax(0, c->advance - SM_SPACE_MIN_EM * c->em);
    m->all_nat += w + glue;
    m->all_min += w - squeeze + (glue > 0 ? fmin(glue, SM_AUTOSPACE_MIN_EM * c->em) : 0);
    if (!vanishes_at_end(c)) {
        m->last = m->end;
        m->nat = m->all_nat;
        m->min = m->all_min;
    }
}

/* The line's widths, with the room readings need at its ends. */
static void meter_widths(const meter *m, double *natural, double *smallest) {
    double room = 0;
    if (m->last > m->start)
        room = ruby_room_before(m->s, m->start) + ruby_room_after(m->s, m->last - 1);
    *natural = m->nat + room;
    *smallest = m->min + room;
}

/* Natural and smallest widths of clusters [start, end) set as one line. */
static void measure_line(const sm_shaped *s, const sm_style *style, size_t start, size_t end,
                         bool first_line, double *natural, double *smallest) {
    meter m = meter_start(s, style, start, first_line);
    while (m.end < end) meter_add(&m);
    meter_widths(&m, natural, smallest);
}

/* Only a bare 、。 hangs: one under ruby is a base like any other, and its reading may not
 * stand in the margin. */
static bool hangable(const sm_cluster *c) {
    return (c->cls == SM_JC_COMMA || c->cls == SM_JC_FULL_STOP) && c->ruby < 0;
}

/* Greedy, as JLREQ composes: the longest line that fits when pushed in; otherwise the
 * character that overflows is pushed out to the next line with what it may not leave. */
static line_span next_line(const sm_shaped *s, const sm_style *style, size_t start, double measure,
                           bool first_line) {
    line_span best = {start, 0, false, false, false};
    size_t n = s->count;
    if (measure <= 0) {
        /* No wrapping: the line runs to the next hard line break. */
        size_t end = start + 1;
        while (end < n && !s->clusters[end - 1].hard_break) end++;
        return (line_span){start, end, false, true, false};
    }
    meter m = meter_start(s, style, start, first_line);
    for (size_t end = start + 1; end <= n; end++) {
        meter before = m; /* [start, end - 1) */
        meter_add(&m);
        bool hard = s->clusters[end - 1].hard_break;
        if (!(end == n || hard || s->clusters[end].break_before)) continue;
        double nat, min;
        meter_widths(&m, &nat, &min);
        if (min > measure + SM_EPSILON) {
            /* Burasagari: 、。 that cannot start the next line may hang in the margin. Not
             * after a space: that space is not at the line's end, so it does not vanish
             * as measuring the line without the 、。 would assume. */
            if (style->hanging && end - 1 > start && hangable(&s->clusters[end - 1]) &&
                !s->clusters[end - 2].western_space) {
                double nat2, min2;
                meter_widths(&before, &nat2, &min2);
                if (min2 <= measure + SM_EPSILON)
                    best = (line_span){start, end, true, end == n, false};
            }
            break;
        }
        best = (line_span){start, end, false, hard || end == n, false};
        if (hard) break;
    }
    if (best.end > 0) return best;
    /* Nothing fits: a word or a run of inseparable characters wider than the measure.
     * It is set on its own line and reported; breaking it would change the words. */
    for (size_t end = start + 1; end <= n; end++)
        if (end == n || s->clusters[end - 1].hard_break || s->clusters[end].break_before)
            return (line_span){start, end, false, end == n || s->clusters[end - 1].hard_break,
                               true};
    return (line_span){start, n, false, true, true};
}

/* Counts the characters of a line that are not punctuation or space. */
static size_t letters(const sm_shaped *s, line_span line) {
    size_t count = 0;
    for (size_t k = line.start; k < line.end; k++) {
        const sm_cluster *c = &s->clusters[k];
        if (c->western_space || c->hard_break || c->aki_before > 0 || c->aki_after > 0 ||
            c->cls == SM_JC_CLOSING || c->cls == SM_JC_COMMA || c->cls == SM_JC_FULL_STOP)
            continue;
        count++;
    }
    return count;
}

typedef struct line_list {
    line_span *items;
    size_t count, capacity;
} line_list;

static void push_line(sm_layouter *l, line_list *lines, line_span line) {
    if (lines->count == lines->capacity) {
        size_t cap = lines->capacity ? lines->capacity * 2 : 8;
        lines->items =
            sm_arena_grow(l->arena, lines->items, lines->count, cap, sizeof *lines->items);
        lines->capacity = cap;
    }
    lines->items[lines->count++] = line;
}

/* text-wrap-style: pretty — a paragraph's last line never holds a single character: the
 * line before gives up its last break so two or more go down together. */
static void avoid_lone_last(const sm_shaped *s, const sm_style *style, line_list *lines,
                            double measure) {
    if (!style->pretty || lines->count < 2) return;
    line_span *last = &lines->items[lines->count - 1], *prev = last - 1;
    if (prev->forced || letters(s, *last) != 1) return;
    for (size_t b = prev->end - 1; b > prev->start + 1; b--) {
        if (!s->clusters[b].break_before) continue;
        double nat, min;
        measure_line(s, style, b, last->end, false, &nat, &min);
        if (min > measure + SM_EPSILON) return;
        prev->end = b;
        prev->hangs = false;
        last->start = b;
        return;
    }
}

/* ---- justification -------------------------------------------------------------- */

/* The final geometry of one cluster on its line. */
typedef struct placed {
    double glue;         /* space before (和欧間) */
    double trim_before;  /* punctuation space removed before */
    double trim_after;   /* … and after */
    double extra_after;  /* justification space after it */
    double space_adjust; /* a Western space's growth (+) or shrink (-) */
    double room_before;  /* room for a reading at the line's start (ruby_room_before) */
    double room_after;   /* … and at its end */
    bool hidden;         /* trailing space or hard break: no width */
} placed;

/* Takes `amount` from a pool of `count` members whose capacities are cap(i), each in
 * proportion to its capacity; returns what is still missing. */
typedef double (*capacity_fn)(const sm_shaped *, const placed *, size_t k, size_t start);

static double shrink_pool(const sm_shaped *s, placed *p, size_t start, size_t end, double amount,
                          capacity_fn cap,
                          void (*apply)(const sm_shaped *, placed *, size_t, double)) {
    if (amount <= SM_EPSILON) return amount;
    double total = 0;
    for (size_t k = start; k < end; k++) total += cap(s, &p[k - start], k, start);
    if (total <= SM_EPSILON) return amount;
    double share = fmin(1, amount / total);
    for (size_t k = start; k < end; k++) {
        double c = cap(s, &p[k - start], k, start);
        if (c > 0) apply(s, &p[k - start], k, c * share);
    }
    return amount - fmin(amount, total);
}

static double cap_space(const sm_shaped *s, const placed *p, size_t k, size_t start) {
    const sm_cluster *c = &s->clusters[k];
    return stretchy_space(c) && !p->hidden
               ? fmax(0, c->advance + p->space_adjust - SM_SPACE_MIN_EM * c->em)
               : 0;
}
static void take_space(const sm_shaped *s, placed *p, size_t k, double v) { p->space_adjust -= v; }

static double cap_glue(const sm_shaped *s, const placed *p, size_t k, size_t start) {
    const sm_cluster *c = &s->clusters[k];
    return k > start ? fmax(0, p->glue - SM_AUTOSPACE_MIN_EM * c->em) * (c->glue > 0) : 0;
}
static void take_glue(const sm_shaped *s, placed *p, size_t k, double v) { p->glue -= v; }

static double cap_middle_dot(const sm_shaped *s, const placed *p, size_t k, size_t start) {
    const sm_cluster *c = &s->clusters[k];
    if (c->cls != SM_JC_MIDDLE_DOT) return 0;
    return (c->aki_before - p->trim_before) + (c->aki_after - p->trim_after);
}
/* Half from each side; what one side lacks, the other gives. */
static void take_middle_dot(const sm_shaped *s, placed *p, size_t k, double v) {
    const sm_cluster *c = &s->clusters[k];
    double after_room = c->aki_after - p->trim_after, before_room = c->aki_before - p->trim_before;
    double from_after = fmin(after_room, fmax(v / 2, v - before_room));
    p->trim_after += from_after;
    p->trim_before += fmin(before_room, v - from_after);
}

static double cap_after(const sm_shaped *s, const placed *p, size_t k, size_t start) {
    const sm_cluster *c = &s->clusters[k];
    return c->cls == SM_JC_MIDDLE_DOT ? 0 : c->aki_after - p->trim_after;
}
static void take_after(const sm_shaped *s, placed *p, size_t k, double v) { p->trim_after += v; }

static double cap_before(const sm_shaped *s, const placed *p, size_t k, size_t start) {
    const sm_cluster *c = &s->clusters[k];
    return c->cls == SM_JC_MIDDLE_DOT ? 0 : c->aki_before - p->trim_before;
}
static void take_before(const sm_shaped *s, placed *p, size_t k, double v) { p->trim_before += v; }

static double line_width(const sm_shaped *s, const placed *p, size_t start, size_t end) {
    double w = 0;
    for (size_t k = start; k < end; k++) {
        const sm_cluster *c = &s->clusters[k];
        const placed *q = &p[k - start];
        if (q->hidden) continue;
        w += q->glue + c->advance - q->trim_before - q->trim_after + q->space_adjust +
             q->extra_after + q->room_before + q->room_after;
    }
    return w;
}

/* Sets one line: start trimming, push-in (JLREQ 3.8.2 order: spaces, 和欧間, middle dots,
 * closing punctuation, opening punctuation) or justification (Western spaces and 和欧間
 * up to ½ em, then every gap between characters equally). Returns the set width. */
static double set_line(const sm_shaped *s, const sm_style *style, line_span line, bool first_line,
                       bool last_line, double measure, placed *p, double *natural) {
    size_t start = line.start, end = line.end;
    size_t visible_end = end - (line.hangs ? 1 : 0);
    for (size_t k = start; k < end; k++) {
        const sm_cluster *c = &s->clusters[k];
        p[k - start] = (placed){
            k > start ? c->glue : 0, c->trim_before, c->trim_after, 0, 0, 0, 0, c->hard_break};
    }
    /* Trailing spaces vanish; an opening bracket at the line start is set flush. */
    for (size_t k = end; k > start && vanishes_at_end(&s->clusters[k - 1]); k--)
        p[k - 1 - start].hidden = true;
    if (trims_line_start(style, first_line)) p[0].trim_before = s->clusters[start].aki_before;
    p[0].room_before = ruby_room_before(s, start);
    for (size_t k = visible_end; k > start; k--) {
        if (p[k - 1 - start].hidden) continue;
        p[k - 1 - start].room_after = ruby_room_after(s, k - 1);
        break;
    }
    /* A hanging 、。 keeps its glyph outside the measure: it adds nothing to the width. */
    double hang = 0;
    if (line.hangs) {
        const sm_cluster *c = &s->clusters[end - 1];
        hang = c->advance - p[end - 1 - start].trim_before - p[end - 1 - start].trim_after;
    }
    double width = line_width(s, p, start, end) - hang;
    *natural = width;
    if (measure <= 0) return width;

    if (width > measure + SM_EPSILON) {
        double need = width - measure;
        /* The half-em after a line's last closing mark goes first, and wholly. */
        size_t last = visible_end;
        while (last > start && p[last - 1 - start].hidden) last--;
        if (last > start) {
            placed *q = &p[last - 1 - start];
            double space = s->clusters[last - 1].aki_after - q->trim_after;
            if (space > 0) {
                q->trim_after += space;
                need -= space;
            }
        }
        need = shrink_pool(s, p, start, visible_end, need, cap_space, take_space);
        need = shrink_pool(s, p, start, visible_end, need, cap_glue, take_glue);
        need = shrink_pool(s, p, start, visible_end, need, cap_middle_dot, take_middle_dot);
        need = shrink_pool(s, p, start, visible_end, need, cap_after, take_after);
        need = shrink_pool(s, p, start, visible_end, need, cap_before, take_before);
        /* Dropping a whole half-em may overshoot: the justification below takes it up. */
        width = line_width(s, p, start, end) - hang;
    }
    if (style->align != SM_ALIGN_JUSTIFY || line.forced || last_line || line.overflows ||
        width >= measure - SM_EPSILON)
        return width;

    double extra = measure - width;
    /* Western spaces and 和欧間 grow first, equally, up to half an em each. */
    for (int round = 0; round < 2 && extra > SM_EPSILON; round++) {
        size_t members = 0;
        double room = 0;
        for (size_t k = start; k < visible_end; k++) {
            const sm_cluster *c = &s->clusters[k];
            const placed *q = &p[k - start];
            if (q->hidden) continue;
            if (stretchy_space(c))
                members++, room += fmax(0, SM_SPACE_MAX_EM * c->em - c->advance - q->space_adjust);
            if (k > start && c->glue > 0)
                members++, room += fmax(0, SM_AUTOSPACE_MAX_EM * c->em - q->glue);
        }
        if (members == 0 || room <= SM_EPSILON) break;
        double each = extra / (double)members;
        for (size_t k = start; k < visible_end; k++) {
            const sm_cluster *c = &s->clusters[k];
            placed *q = &p[k - start];
            if (q->hidden) continue;
            if (stretchy_space(c)) {
                double add =
                    fmin(each, fmax(0, SM_SPACE_MAX_EM * c->em - c->advance - q->space_adjust));
                q->space_adjust += add, extra -= add;
            }
            if (k > start && c->glue > 0) {
                double add = fmin(each, fmax(0, SM_AUTOSPACE_MAX_EM * c->em - q->glue));
                q->glue += add, extra -= add;
            }
        }
    }
    /* Then every gap between characters takes an equal share (inter-character spacing,
     * JIS X 4051): not inside Western words, not between inseparable characters. */
    size_t gaps = 0;
    for (size_t k = start + 1; k < visible_end; k++)
        if (!s->clusters[k].joined && !p[k - start].hidden && !s->clusters[k].western_space &&
            !s->clusters[k - 1].western_space)
            gaps++;
    /* A line with almost no gaps (a long URL or word) would pile the space into one or
     * two holes: it is set ragged instead. */
    if (gaps > 0 && extra / (double)gaps > SM_MAX_GAP_EM * s->clusters[start].em)
        return line_width(s, p, start, end) - hang;
    if (gaps > 0 && extra > SM_EPSILON) {
        double each = extra / (double)gaps;
        for (size_t k = start + 1; k < visible_end; k++)
            if (!s->clusters[k].joined && !p[k - start].hidden && !s->clusters[k].western_space &&
                !s->clusters[k - 1].western_space)
                p[k - 1 - start].extra_after += each;
    }
    return line_width(s, p, start, end) - hang;
}

/* ---- glyph runs ------------------------------------------------------------------- */

typedef struct run_builder {
    sm_layouter *l;
    const sm_shaped *s;
    sm_paragraph *para;
    size_t capacity;
    double *pen, *origin; /* room for the longest line's clusters + 1 (see emit_line) */
} run_builder;

static sm_color span_color(const sm_shaped *s, const sm_cluster *c, sm_color fallback) {
    const sm_span *span = &s->rich->spans[c->span];
    return span->has_color ? span->color : fallback;
}

static bool same_color(sm_color a, sm_color b) {
    return a.r == b.r && a.g == b.g && a.b == b.b && a.a == b.a;
}

static void add_run(run_builder *b, sm_glyph_run run) {
    if (b->para->run_count == b->capacity) {
        size_t cap = b->capacity ? b->capacity * 2 : 16;
        b->para->runs = sm_arena_grow(b->l->arena, b->para->runs, b->para->run_count, cap,
                                      sizeof *b->para->runs);
        b->capacity = cap;
    }
    b->para->runs[b->para->run_count++] = run;
}

/* Copies clusters [first, last] of one item into a glyph item of their own, with widths and
 * offsets that carry the positions decided for the line. pen[k] is each cluster's slot
 * start, origin[k] where its glyphs' natural origin goes. */
static void emit_run(run_builder *b, size_t first, size_t last, const double *pen,
                     const double *origin, double end_pen, int line, double left, sm_color color) {
    const sm_shaped *s = b->s;
    const sm_cluster *c0 = &s->clusters[first];
    const PangoGlyphString *src = s->glyphs[c0->item];
    int glyphs = 0;
    for (size_t k = first; k <= last; k++) glyphs += s->clusters[k].glyph_count;
    PangoGlyphString *g = pango_glyph_string_new();
    pango_glyph_string_set_size(g, glyphs);
    sm_arena_defer(b->l->arena, (void (*)(void *))pango_glyph_string_free, g);
    PangoItem *item = pango_item_copy(s->items[c0->item]);
    sm_arena_defer(b->l->arena, (void (*)(void *))pango_item_free, item);
    size_t byte_start = c0->start, byte_end = s->clusters[last].end;
    item->offset = (int)byte_start;
    item->length = (int)(byte_end - byte_start);
    item->num_chars = (int)g_utf8_strlen(s->text + byte_start, (gssize)(byte_end - byte_start));

    int out = 0;
    for (size_t k = first; k <= last; k++) {
        const sm_cluster *c = &s->clusters[k];
        double next = k < last ? pen[k + 1 - first] : end_pen;
        double dx = origin[k - first] - pen[k - first];
        double used = 0;
        for (int i = 0; i < c->glyph_count; i++, out++) {
            g->glyphs[out] = src->glyphs[c->glyph_start + i];
            g->log_clusters[out] = (int)(c->start - byte_start);
            g->glyphs[out].geometry.x_offset += (int)lround(dx * PANGO_SCALE);
            used += g->glyphs[out].geometry.width;
        }
        /* The last glyph of the cluster carries the spacing to the next slot. */
        g->glyphs[out - 1].geometry.width +=
            (int)lround((next - pen[k - first]) * PANGO_SCALE - used);
    }

    add_run(b, (sm_glyph_run){.glyphs = {.item = item, .glyphs = g},
                              .text = s->text,
                              .x = left + pen[0],
                              .line = line,
                              .color = color});
}

/* Copies a separately shaped text (ruby, a dot) to x, dy above the line's baseline; each
 * of its clusters gets `spacing` on both sides (ruby spread over a longer base). */
static void emit_shaped(run_builder *b, const sm_shaped_text *t, double x, double dy, int line,
                        double spacing, sm_color color) {
    for (int i = 0; i < t->count; i++) {
        PangoGlyphString *g = pango_glyph_string_copy(t->glyphs[i]);
        sm_arena_defer(b->l->arena, (void (*)(void *))pango_glyph_string_free, g);
        PangoItem *item = pango_item_copy(t->items[i]);
        sm_arena_defer(b->l->arena, (void (*)(void *))pango_item_free, item);
        int space = (int)lround(spacing * PANGO_SCALE);
        for (int k = 0; k < g->num_glyphs; k++) {
            g->glyphs[k].geometry.x_offset += space;
            g->glyphs[k].geometry.width += 2 * space;
        }
        add_run(b, (sm_glyph_run){.glyphs = {.item = item, .glyphs = g},
                                  .text = t->text,
                                  .x = x,
                                  .dy = dy,
                                  .line = line,
                                  .color = color});
        x += pango_glyph_string_get_width(g) / (double)PANGO_SCALE;
    }
}

static bool is_punctuation(const sm_cluster *c) {
    switch (c->cls) {
    case SM_JC_OPENING:
    case SM_JC_CLOSING:
    case SM_JC_DIVIDING:
    case SM_JC_MIDDLE_DOT:
    case SM_JC_FULL_STOP:
    case SM_JC_COMMA:
    case SM_JC_HYPHEN:
    case SM_JC_SPACE:
    case SM_JC_IDEOGRAPHIC_SPACE: return true;
    default: return c->hard_break || c->western_space;
    }
}

/* Ruby and emphasis dots sit on a row above the base: their em box on the base's. */
static double decoration_dy(const sm_paragraph *para) {
    double ruby = para->size * SM_RUBY_SCALE;
    /* Vertical: the baseline is the column's centre line, and "above" is to its right. */
    if (para->vertical) return -(para->size + ruby) / 2;
    return -(SM_EM_BOX_ASCENT * para->size + (1 - SM_EM_BOX_ASCENT) * ruby);
}

/* Ruby over the groups of this line (spread 1:2:1 over a longer base, kept inside the
 * line at its ends) and a sesame dot centred over each emphasised character. */
static void emit_decorations(run_builder *b, line_span line, const placed *p, int index,
                             double left, const double *pen, const double *origin) {
    const sm_shaped *s = b->s;
    double dy = decoration_dy(b->para), line_end = pen[line.end - line.start];
    for (size_t r = 0; r < s->ruby_count; r++) {
        const sm_ruby *ruby = &s->rubies[r];
        if (ruby->first < line.start || ruby->last >= line.end) continue;
        size_t i0 = ruby->first - line.start, i1 = ruby->last - line.start;
        double x0 = pen[i0] + p[i0].glue + p[i0].room_before;
        double x1 = pen[i1 + 1] - p[i1].extra_after - p[i1].room_after;
        double width = ruby->reading.width, spacing = 0, x = x0 - ruby->overhang_before;
        int glyphs = 0;
        for (int i = 0; i < ruby->reading.count; i++) glyphs += ruby->reading.glyphs[i]->num_glyphs;
        if (width < x1 - x0 && glyphs > 0) {
            spacing = (x1 - x0 - width) / (2.0 * glyphs);
            x = x0;
            width = x1 - x0;
        }
        if (x < 0) x = 0;
        if (x + width > line_end && line_end > width) x = line_end - width;
        emit_shaped(b, &ruby->reading, left + x, dy, index, spacing,
                    span_color(s, &s->clusters[ruby->first], b->para->color));
    }
    for (size_t i = 0; i < line.end - line.start; i++) {
        const sm_cluster *c = &s->clusters[line.start + i];
        if (c->tcy < 0 || p[i].hidden) continue;
        const sm_shaped_text *digits = &s->tcys[c->tcy];
        /* Centred in the em it takes; narrowed when three digits are wider than an em. */
        double slot = origin[i] + c->advance / 2;
        double scale = digits->width > c->em ? c->em / digits->width : 1;
        size_t before = b->para->run_count;
        emit_shaped(b, digits, left + slot - digits->width / 2, 0, index, 0,
                    span_color(s, c, b->para->color));
        for (size_t r = before; r < b->para->run_count; r++) {
            b->para->runs[r].upright = true;
            b->para->runs[r].scale = scale;
            b->para->runs[r].x = left + slot; /* upright runs are placed by their centre */
        }
    }
    if (!s->has_emphasis) return;
    for (size_t i = 0; i < line.end - line.start; i++) {
        const sm_cluster *c = &s->clusters[line.start + i];
        /* A mark or variation selector that shaping left as a cluster of its own belongs to
         * the character before it, which has its dot already. */
        if (p[i].hidden || c->ruby >= 0 || is_punctuation(c) || g_unichar_iszerowidth(c->cp))
            continue;
        if (!s->rich->spans[c->span].emphasis) continue;
        double centre = origin[i] + (c->advance - c->pad_before - c->pad_after) / 2;
        emit_shaped(b, &s->dot, left + centre - s->dot.ink_centre, dy, index, 0,
                    span_color(s, c, b->para->color));
    }
}

/* Positions the clusters of a set line and cuts them into runs of one font and colour. */
static void emit_line(run_builder *b, line_span line, const placed *p, int index, double left) {
    const sm_shaped *s = b->s;
    size_t n = line.end - line.start;
    /* On the heap: a line may be a word of a hundred thousand letters. */
    double *pen = b->pen, *origin = b->origin;
    double x = 0;
    for (size_t i = 0; i < n; i++) {
        const sm_cluster *c = &s->clusters[line.start + i];
        const placed *q = &p[i];
        pen[i] = x;
        if (q->hidden) {
            origin[i] = x;
            continue;
        }
        x += q->glue + q->room_before;
        /* The glyph's natural origin: its advance begins with its own aki_before. */
        origin[i] = x - q->trim_before + c->pad_before;
        x += c->advance - q->trim_before - q->trim_after + q->space_adjust + q->extra_after +
             q->room_after;
    }
    pen[n] = x;
    size_t run_start = SIZE_MAX;
    for (size_t i = 0; i <= n; i++) {
        const sm_cluster *c = i < n ? &s->clusters[line.start + i] : NULL;
        bool visible = c && !p[i].hidden && !c->absorbed && c->tcy < 0;
        const sm_cluster *run = run_start != SIZE_MAX ? &s->clusters[line.start + run_start] : NULL;
        bool cut = run && (!visible || c->item != run->item ||
                           !same_color(span_color(s, c, b->para->color),
                                       span_color(s, run, b->para->color)));
        if (cut) {
            size_t first = line.start + run_start, last = line.start + i - 1;
            emit_run(b, first, last, pen + run_start, origin + run_start, pen[i], index, left,
                     span_color(s, &s->clusters[first], b->para->color));
            run_start = SIZE_MAX;
        }
        if (visible && run_start == SIZE_MAX) run_start = i;
    }
    emit_decorations(b, line, p, index, left, pen, origin);
}

sm_paragraph *sm_compose(sm_layouter *l, const sm_rich *text, const sm_style *style, double size,
                         double width) {
    /* Flow measures a paragraph and then places it at the same width: compose it once.
     * Styles are compared whole (they are plain values); texts by identity. */
    for (size_t i = 0; i < l->composed_count; i++) {
        const sm_composed *c = &l->composed[i];
        if (c->text == text && c->size == size && c->width == width &&
            memcmp(&c->style, style, sizeof *style) == 0)
            return c->paragraph;
    }
    sm_paragraph *para = sm_compose_once(l, text, style, size, width);
    if (l->composed_count == l->composed_capacity) {
        size_t cap = l->composed_capacity ? l->composed_capacity * 2 : 32;
        l->composed =
            sm_arena_grow(l->arena, l->composed, l->composed_count, cap, sizeof *l->composed);
        l->composed_capacity = cap;
    }
    sm_composed *entry = &l->composed[l->composed_count++];
    memset(entry, 0, sizeof *entry);
    entry->text = text;
    entry->style = *style;
    entry->size = size;
    entry->width = width;
    entry->paragraph = para;
    return para;
}

/* The measure of a line whose indent is `indent` in a paragraph `width` wide (<= 0: no
 * wrapping). An indent as wide as the paragraph leaves no room, which is not "no wrapping":
 * the line gets the least measure there is, so it holds one unbreakable unit and the
 * paragraph reports the overflow. */
static double line_measure(double width, double indent) {
    return width > 0 ? fmax(width - indent, SM_EPSILON) : 0;
}

/* Lines are indented in order: the hard line each starts in is found by walking on from where
 * the previous line started, so a paragraph of many lines is walked once, not once a line. */
typedef struct indenter {
    double text_indent;
    size_t walked;   /* clusters [0, walked) looked at */
    size_t open;     /* where the hard line around `walked` opened */
    double hang;     /* the width of its hanging prefix; -1: not measured yet */
    size_t hang_end; /* the cluster after the prefix */
} indenter;

/* The indent of a line starting at cluster `start` (called with `start` never decreasing):
 * text-indent on the paragraph's first line; on a line that continues a hard line opened by
 * a hanging prefix ("→ "), the prefix's width, so wrapped text aligns after it. */
static double line_indent(const sm_shaped *s, indenter *in, size_t start, bool first) {
    for (; in->walked < start; in->walked++) {
        if (!s->clusters[in->walked].hard_break) continue;
        in->open = in->walked + 1;
        in->hang = -1;
    }
    if (first) return in->text_indent;
    size_t open = in->open;
    if (open == start || !s->rich->spans[s->clusters[open].span].hang) return 0;
    if (in->hang < 0) {
        in->hang = 0;
        size_t k = open;
        for (; k < s->count && s->clusters[k].span == s->clusters[open].span; k++)
            in->hang += s->clusters[k].advance + (k > open ? s->clusters[k].glue : 0);
        in->hang_end = k;
    }
    if (start >= in->hang_end) return in->hang;
    /* A line that starts inside the prefix (a measure narrower than it): what came before. */
    double width = 0;
    for (size_t k = open; k < start; k++)
        width += s->clusters[k].advance + (k > open ? s->clusters[k].glue : 0);
    return width;
}

sm_paragraph *sm_compose_once(sm_layouter *l, const sm_rich *text, const sm_style *style,
                              double size, double width) {
    sm_paragraph *para = sm_arena_alloc(l->arena, sizeof *para);
    sm_shaped s;
    sm_compose_shape(l, text, style, size, width, &s);
    para->text = s.text;
    para->size = size;
    para->pitch = size * style->line_height;
    para->measure = width;
    para->color = style->color;
    para->vertical = style->vertical;
    if (s.count == 0) return para;

    /* Justified Japanese is set on whole characters (JIS X 4051's 字詰め): a measure of
     * N em lets lines of full-width characters fit without adjustment, and columns of
     * characters line up from line to line. The text block starts where it did. */
    if (width > 0 && style->align == SM_ALIGN_JUSTIFY && !style->vertical)
        width = floor(width / size + 1e-6) * size;
    para->measure = width;
    double indent = sm_length_to_pt(style->indent, width, size);
    line_list lines = {0};
    indenter breaking = {indent, 0, 0, -1, 0};
    for (size_t start = 0; start < s.count;) {
        bool first = lines.count == 0;
        double measure = line_measure(width, line_indent(&s, &breaking, start, first));
        line_span line = next_line(&s, style, start, measure, first);
        push_line(l, &lines, line);
        start = line.end;
    }
    avoid_lone_last(&s, style, &lines, width);

    para->line_count = lines.count;
    para->lines = sm_arena_array(l->arena, lines.count, sizeof *para->lines);
    /* Scratch for the longest line, on the heap: a line can be as long as the text. */
    size_t longest = 0;
    for (size_t i = 0; i < lines.count; i++)
        if (lines.items[i].end - lines.items[i].start > longest)
            longest = lines.items[i].end - lines.items[i].start;
    placed *p = sm_xmalloc((longest + 1) * sizeof *p);
    double *scratch = sm_xmalloc(2 * (longest + 1) * sizeof *scratch);
    run_builder builder = {l, &s, para, 0, scratch, scratch + longest + 1};
    /* Horizontal lines centre the em box in their pitch; vertical columns are centred on
     * their baseline, which runs down the middle of the column. */
    double ascent =
        para->vertical ? para->pitch / 2 : (para->pitch - size) / 2 + SM_EM_BOX_ASCENT * size;
    double grown = 0;
    indenter setting = {indent, 0, 0, -1, 0};
    for (size_t i = 0; i < lines.count; i++) {
        line_span line = lines.items[i];
        bool first = i == 0, last = i + 1 == lines.count;
        double line_in = line_indent(&s, &setting, line.start, first);
        double measure = line_measure(width, line_in);
        double natural;
        double set = set_line(&s, style, line, first, last, measure, p, &natural);
        double left = line_in;
        if (measure > 0 && style->align == SM_ALIGN_CENTER) left += (measure - set) / 2;
        if (measure > 0 && style->align == SM_ALIGN_RIGHT) left += measure - set;
        /* Line spacing grows only where ruby or dots need more room than the leading. */
        bool decorated = false;
        for (size_t k = line.start; k < line.end; k++)
            decorated |= s.clusters[k].ruby >= 0 || s.rich->spans[s.clusters[k].span].emphasis;
        if (decorated) {
            double room = i == 0 ? (para->pitch - size) / 2 : para->pitch - size;
            grown += fmax(0, size * SM_RUBY_SCALE - room);
        }
        sm_text_line *out = &para->lines[i];
        *out = (sm_text_line){i * para->pitch + ascent + grown,
                              left,
                              set,
                              natural,
                              s.clusters[line.start].start,
                              s.clusters[line.end - 1].end,
                              para->run_count,
                              0};
        emit_line(&builder, line, p, (int)i, left);
        out->run_count = para->run_count - out->first_run;
        if (left + set > para->width) para->width = left + set;
        if (line.overflows || (measure > 0 && set > measure + 0.01)) para->overflow = true;
    }
    free(p);
    free(scratch);
    para->height = (double)lines.count * para->pitch + grown;
    return para;
}
