/* compose.c: lines from shaped clusters — greedy breaking with push-in before push-out,
 * hanging punctuation, no lone last character, then JIS justification into glyph runs. */
#include "compose_internal.h"

#include <math.h>
#include <stdint.h>
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
    double measure; /* the width it is set in (<= 0: no wrapping) */
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

/* The first ruby of the word cluster k's reading belongs to, or NULL. */
static const sm_ruby *ruby_word(const sm_shaped *s, size_t k) {
    int r = s->clusters[k].ruby;
    return r >= 0 ? &s->rubies[s->rubies[r].word_first] : NULL;
}

/* The last cluster of a ruby word (its first is w->first). */
static size_t word_last_cluster(const sm_shaped *s, const sm_ruby *w) {
    return s->rubies[w->word_last].last;
}

/* Readings wider than their word reach over the kana beside it (compose_shape.c). When that
 * kana is on another line, the readings would stick out past the line's end: the line makes
 * the room itself. These are the rooms a word needs when its first cluster k starts a line,
 * and when its last cluster k ends one. */
static double ruby_room_before(const sm_shaped *s, size_t k) {
    const sm_ruby *w = ruby_word(s, k);
    return w && w->spread && w->first == k ? w->overhang_before : 0;
}

static double ruby_room_after(const sm_shaped *s, size_t k) {
    const sm_ruby *w = ruby_word(s, k);
    return w && w->spread && word_last_cluster(s, w) == k ? w->overhang_after : 0;
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

/* The space before the first cluster of a line: all of its aki when the style trims line
 * starts, none otherwise — what neighbours took from it (」「 sharing a half-em) does not
 * count once a line break falls between them. */
static double start_trim(const sm_style *style, const sm_cluster *c, bool first_line) {
    return trims_line_start(style, first_line) ? c->aki_before : 0;
}

static void meter_add(meter *m) {
    size_t k = m->end++;
    const sm_cluster *c = &m->s->clusters[k];
    double w = base_width(c);
    double squeeze = (c->aki_before - c->trim_before) + (c->aki_after - c->trim_after);
    if (k == m->start) {
        /* A line's opening bracket is set as the style says, flush or with its half-em,
         * and push-in does not change it. */
        w += c->trim_before - start_trim(m->style, c, m->first_line);
        squeeze = c->aki_after - c->trim_after;
    }
    double glue = k > m->start ? c->glue : 0;
    if (stretchy_space(c)) squeeze = fmax(0, c->advance - SM_SPACE_MIN_EM * c->em);
    m->all_nat += w + glue;
    m->all_min += w - squeeze + (glue > 0 ? fmin(glue, SM_AUTOSPACE_MIN_EM * c->em) : 0);
    if (!vanishes_at_end(c)) {
        m->last = m->end;
        m->nat = m->all_nat;
        m->min = m->all_min;
    }
}

/* The line's widths, with the room readings need at its ends and without the kerning of its
 * last glyph with one on the next line. */
static void meter_widths(const meter *m, double *natural, double *smallest) {
    double room = 0;
    if (m->last > m->start)
        room = ruby_room_before(m->s, m->start) + ruby_room_after(m->s, m->last - 1) -
               m->s->clusters[m->last - 1].kern_after;
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
    line_span best = {start, 0, false, false, false, measure};
    size_t n = s->count;
    if (measure <= 0) {
        /* No wrapping: the line runs to the next hard line break. */
        size_t end = start + 1;
        while (end < n && !s->clusters[end - 1].hard_break) end++;
        return (line_span){start, end, false, true, false, measure};
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
                    best = (line_span){start, end, true, end == n, false, measure};
            }
            break;
        }
        best = (line_span){start, end, false, hard || end == n, false, measure};
        if (hard) break;
    }
    if (best.end > 0) return best;
    /* Nothing fits: a word or a run of inseparable characters wider than the measure.
     * It is set on its own line and reported; breaking it would change the words. */
    for (size_t end = start + 1; end <= n; end++)
        if (end == n || s->clusters[end - 1].hard_break || s->clusters[end].break_before)
            return (line_span){start, end,    false, end == n || s->clusters[end - 1].hard_break,
                               true,  measure};
    return (line_span){start, n, false, true, true, measure};
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
    double unkern;       /* the last glyph's kerning with the next line's first, taken off */
    double unpad_before; /* a spread ruby word's room moved off a line's start … */
    double unpad_after;  /* … or end, to the word's other side (align_ruby_words) */
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
    /* The line's first opening bracket is as the style sets it (start_trim). */
    return c->cls == SM_JC_MIDDLE_DOT || k == start ? 0 : c->aki_before - p->trim_before;
}
static void take_before(const sm_shaped *s, placed *p, size_t k, double v) { p->trim_before += v; }

static double line_width(const sm_shaped *s, const placed *p, size_t start, size_t end) {
    double w = 0;
    for (size_t k = start; k < end; k++) {
        const sm_cluster *c = &s->clusters[k];
        const placed *q = &p[k - start];
        if (q->hidden) continue;
        w += q->glue + c->advance - q->trim_before - q->trim_after + q->space_adjust +
             q->extra_after + q->room_before + q->room_after - q->unkern - q->unpad_before -
             q->unpad_after;
    }
    return w;
}

/* Whether the gap before cluster k (on a line from start) takes a share of justification
 * (JIS X 4051 inter-character spacing): not inside Western words or between inseparable
 * characters, not at spaces, and never inside a bracket — after an opening one or before a
 * closing one, a comma or a full stop — so 「 stays on its character and 」、。 on theirs. */
static bool justification_gap(const sm_shaped *s, const placed *p, size_t k, size_t start) {
    const sm_cluster *a = &s->clusters[k - 1], *b = &s->clusters[k];
    if (b->joined || p[k - start].hidden || b->western_space || a->western_space) return false;
    if (a->cls == SM_JC_OPENING) return false;
    return b->cls != SM_JC_CLOSING && b->cls != SM_JC_COMMA && b->cls != SM_JC_FULL_STOP;
}

/* A word whose readings are wider than it gets room around its characters (compose_shape.c)
 * as if it stood in the middle of a line. At a line's edge it is set again (JLREQ 3.3.6):
 * its first character flush with the line's start and its readings starting there too (a
 * heading with ruby keeps its alignment), the readings reaching as far over the kana after it
 * as they may, and the room still missing spread 0:2:1 — none at the edge, two parts between
 * characters, one at the other end. At a line's end the same, mirrored (1:2:0). The word
 * never gets wider, so the line still fits. */
static void set_word_at_edge(const sm_shaped *s, placed *p, size_t start, const sm_ruby *w,
                             size_t last, bool at_start, bool alone) {
    size_t first = w->first;
    for (size_t k = first; k <= last; k++) {
        p[k - start].unpad_before = s->clusters[k].pad_before;
        p[k - start].unpad_after = s->clusters[k].pad_after;
    }
    p[first - start].room_before = 0;
    p[last - start].room_after = 0;
    double reach = alone ? 0 : at_start ? w->may_overhang_after : w->may_overhang_before;
    double room = fmax(0, w->need - reach);
    double unit = room / (2.0 * (double)(last - first) + 1);
    for (size_t k = first; k < last; k++) p[k - start].room_after += 2 * unit;
    if (at_start)
        p[last - start].room_after += unit;
    else
        p[first - start].room_before += unit;
}

static void align_ruby_words(const sm_shaped *s, placed *p, size_t start, size_t end) {
    size_t last = end;
    while (last > start && p[last - 1 - start].hidden) last--;
    if (last == start) return;
    const sm_ruby *head = ruby_word(s, start), *tail = ruby_word(s, last - 1);
    bool head_set =
        head && head->spread && head->first == start && word_last_cluster(s, head) < last;
    if (head_set)
        set_word_at_edge(s, p, start, head, word_last_cluster(s, head), true,
                         word_last_cluster(s, head) == last - 1);
    if (tail && tail->spread && !(head_set && tail == head) &&
        word_last_cluster(s, tail) == last - 1 && tail->first >= start)
        set_word_at_edge(s, p, start, tail, last - 1, false, false);
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
        p[k - start] = (placed){.glue = k > start ? c->glue : 0,
                                .trim_before = c->trim_before,
                                .trim_after = c->trim_after,
                                .hidden = c->hard_break};
    }
    /* Trailing spaces vanish; an opening bracket at the line start is set flush. */
    for (size_t k = end; k > start && vanishes_at_end(&s->clusters[k - 1]); k--)
        p[k - 1 - start].hidden = true;
    p[0].trim_before = start_trim(style, &s->clusters[start], first_line);
    p[0].room_before = ruby_room_before(s, start);
    for (size_t k = visible_end; k > start; k--) {
        if (p[k - 1 - start].hidden) continue;
        p[k - 1 - start].room_after = ruby_room_after(s, k - 1);
        p[k - 1 - start].unkern = s->clusters[k - 1].kern_after;
        break;
    }
    align_ruby_words(s, p, start, visible_end);
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
    for (size_t k = start + 1; k < visible_end; k++) gaps += justification_gap(s, p, k, start);
    /* A line with almost no gaps (a long URL or word) would pile the space into one or
     * two holes: it is set ragged instead. */
    if (gaps > 0 && extra / (double)gaps > SM_MAX_GAP_EM * s->clusters[start].em)
        return line_width(s, p, start, end) - hang;
    if (gaps > 0 && extra > SM_EPSILON) {
        double each = extra / (double)gaps;
        for (size_t k = start + 1; k < visible_end; k++)
            if (justification_gap(s, p, k, start)) p[k - 1 - start].extra_after += each;
    }
    return line_width(s, p, start, end) - hang;
}

/* ---- the paragraph's last line ---------------------------------------------------- */

/* Inter-character space wider than this (in em) reads as a loose line (JLREQ 3.8.3 keeps
 * justification within a quarter em where it can). */
#define SM_LOOSE_EM 0.25

/* How loose a line is once justified: the widest space justification puts between two of
 * its characters, in em. A line that cannot be justified (set ragged) is looser than any. */
static double looseness(const sm_shaped *s, const sm_style *style, line_span line, bool first,
                        placed *p) {
    double natural;
    double set = set_line(s, style, line, first, false, line.measure, p, &natural);
    if (line.measure <= 0 || style->align != SM_ALIGN_JUSTIFY) return 0;
    if (set < line.measure - 0.01) return INFINITY;
    double widest = 0;
    for (size_t k = line.start; k < line.end; k++)
        widest = fmax(widest, p[k - line.start].extra_after / s->clusters[k].em);
    return widest;
}

/* Re-breaking the last `count` lines of a paragraph, lines[first …]: every way of breaking
 * them into as many lines, none looser than `limit`, the last with two letters or more. */
typedef struct rebreak {
    const sm_shaped *s;
    const sm_style *style;
    const line_span *lines;
    size_t first, count;
    double limit;
    placed *p;
    line_span *trial, *best;
    double best_worst; /* the loosest line of the best found so far */
    bool found;
} rebreak;

static void rebreak_from(rebreak *r, size_t i, size_t start, double worst) {
    const sm_shaped *s = r->s;
    size_t n = s->count;
    double measure = r->lines[r->first + i].measure;
    bool first = r->first + i == 0;
    if (i + 1 == r->count) {
        line_span line = {start, n, false, true, false, measure};
        double nat, min;
        measure_line(s, r->style, start, n, first, &nat, &min);
        if (letters(s, line) < 2 || min > measure + SM_EPSILON || worst >= r->best_worst) return;
        r->trial[i] = line;
        memcpy(r->best, r->trial, r->count * sizeof *r->best);
        r->best_worst = worst;
        r->found = true;
        return;
    }
    /* The breaks that fit, tried from the longest line down: the first solution found keeps
     * the lines as full as they can be, and only a less loose one replaces it. */
    size_t *ends = sm_xmalloc((n - start) * sizeof *ends), count = 0;
    meter m = meter_start(s, r->style, start, first);
    for (size_t end = start + 1; end < n; end++) {
        meter_add(&m);
        if (s->clusters[end - 1].hard_break) break;
        if (!s->clusters[end].break_before) continue;
        double nat, min;
        meter_widths(&m, &nat, &min);
        if (min > measure + SM_EPSILON) break;
        ends[count++] = end;
    }
    while (count > 0) {
        size_t end = ends[--count];
        line_span line = {start, end, false, false, false, measure};
        double loose = looseness(s, r->style, line, first, r->p);
        if (loose > r->limit || fmax(worst, loose) >= r->best_worst) continue;
        r->trial[i] = line;
        rebreak_from(r, i + 1, end, fmax(worst, loose));
    }
    free(ends);
}

/* text-wrap-style: pretty — a paragraph's last line never holds a single character (「す。」
 * alone). The last two lines, else three, are broken again, as many as before, so that two or
 * more characters go down together without opening spaces wider than a quarter em (or than
 * the lines had) in the lines above. Where no such breaks exist the lone character stays:
 * a loose line is the worse fault. */
static void avoid_lone_last(const sm_shaped *s, const sm_style *style, line_list *lines) {
    if (!style->pretty || lines->count < 2) return;
    line_span *last = &lines->items[lines->count - 1];
    if (letters(s, *last) != 1) return;
    placed *p = sm_xmalloc((s->count + 1) * sizeof *p);
    line_span trial[3], best[3];
    for (size_t count = 2; count <= 3 && count <= lines->count; count++) {
        size_t first = lines->count - count;
        if (lines->items[first].forced || (count == 3 && lines->items[first + 1].forced)) break;
        rebreak r = {s, style, lines->items, first, count, SM_LOOSE_EM, p, trial, best, 0, false};
        for (size_t i = first; i + 1 < lines->count; i++)
            r.limit = fmax(r.limit, looseness(s, style, lines->items[i], i == 0, p));
        if (r.limit == INFINITY) break;
        r.best_worst = r.limit + SM_EPSILON;
        rebreak_from(&r, 0, lines->items[first].start, 0);
        if (r.found) {
            memcpy(&lines->items[first], best, count * sizeof *best);
            break;
        }
    }
    free(p);
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

    /* Positions are Pango units from the run's start. Each slot's end is rounded from there,
     * not each width on its own: a long line's rounding errors never add up. */
    /* Pango units from the run's start: 64 bits, since an unwrapped line of a long text
     * can run past the 2^31 units (about 2 million points) an int holds. */
    int out = 0;
    int64_t pen_units = 0;
    for (size_t k = first; k <= last; k++) {
        const sm_cluster *c = &s->clusters[k];
        double next = k < last ? pen[k + 1 - first] : end_pen;
        int64_t slot_start = llround((pen[k - first] - pen[0]) * PANGO_SCALE);
        int64_t origin_units = llround((origin[k - first] - pen[0]) * PANGO_SCALE);
        int64_t end_units = llround((next - pen[0]) * PANGO_SCALE);
        /* pen_units is slot_start here (the slot before ended there): the cluster's glyphs
         * move by what separates its origin from its slot. */
        for (int i = 0; i < c->glyph_count; i++, out++) {
            g->glyphs[out] = src->glyphs[c->glyph_start + i];
            g->log_clusters[out] = (int)(c->start - byte_start);
            g->glyphs[out].geometry.x_offset += (int)(origin_units - slot_start);
            pen_units += g->glyphs[out].geometry.width;
        }
        /* The last glyph of the cluster carries the spacing to the next slot. */
        g->glyphs[out - 1].geometry.width += (int)(end_units - pen_units);
        pen_units = end_units;
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

/* Where the glyphs of cluster i of a line end (they start at origin[i]); its ruby room is
 * left out. */
static double glyph_end(const sm_cluster *c, const double *origin, size_t i) {
    return origin[i] + c->advance - c->pad_before - c->pad_after;
}

/* A word whose readings are wider than it: the readings one after the other, centred over
 * its characters, kept inside the line. */
static void emit_spread_word(run_builder *b, const sm_ruby *w, line_span line, double left,
                             const double *origin, double line_end, double dy, int index) {
    const sm_shaped *s = b->s;
    size_t last = word_last_cluster(s, w);
    double width = 0;
    for (size_t r = w->word_first; r <= w->word_last; r++) width += s->rubies[r].reading.width;
    double centre =
        (origin[w->first - line.start] + glyph_end(&s->clusters[last], origin, last - line.start)) /
        2;
    double x = centre - width / 2;
    if (x + width > line_end) x = line_end - width;
    if (x < 0) x = 0;
    for (size_t r = w->word_first; r <= w->word_last; r++) {
        const sm_ruby *ruby = &s->rubies[r];
        emit_shaped(b, &ruby->reading, left + x, dy, index, 0,
                    span_color(s, &s->clusters[ruby->first], b->para->color));
        x += ruby->reading.width;
    }
}

/* A group ruby no wider than its base: spread over it, a quarter of a space at each end and
 * half between its characters (JLREQ 3.3.6 1:2:1). */
static void emit_group(run_builder *b, const sm_ruby *ruby, line_span line, const placed *p,
                       double left, const double *pen, double dy, int index) {
    size_t i0 = ruby->first - line.start, i1 = ruby->last - line.start;
    double x0 = pen[i0] + p[i0].glue + p[i0].room_before;
    double x1 = pen[i1 + 1] - p[i1].extra_after - p[i1].room_after;
    double width = ruby->reading.width, spacing = 0, x = x0;
    int glyphs = 0;
    for (int i = 0; i < ruby->reading.count; i++) glyphs += ruby->reading.glyphs[i]->num_glyphs;
    if (width < x1 - x0 && glyphs > 0) spacing = (x1 - x0 - width) / (2.0 * glyphs);
    emit_shaped(b, &ruby->reading, left + x, dy, index, spacing,
                span_color(b->s, &b->s->clusters[ruby->first], b->para->color));
}

/* The part of a jukugo word on this line, rubies [r0, r1], no wider than its characters: each
 * reading centred over its character, moved aside as little as needed where a longer one
 * reaches over its neighbour's character (JLREQ Appendix F), all within the part's
 * characters. */
static void emit_jukugo(run_builder *b, size_t r0, size_t r1, line_span line, double left,
                        const double *origin, double dy, int index) {
    const sm_shaped *s = b->s;
    size_t n = r1 - r0 + 1;
    double *x = sm_xmalloc(n * sizeof *x);
    double lo = origin[s->rubies[r0].first - line.start];
    size_t last = s->rubies[r1].last - line.start;
    double hi = glyph_end(&s->clusters[s->rubies[r1].last], origin, last);
    for (size_t j = 0; j < n; j++) {
        const sm_ruby *ruby = &s->rubies[r0 + j];
        size_t a = ruby->first - line.start, z = ruby->last - line.start;
        double centre = (origin[a] + glyph_end(&s->clusters[ruby->last], origin, z)) / 2;
        x[j] = centre - ruby->reading.width / 2;
        double floor = j ? x[j - 1] + s->rubies[r0 + j - 1].reading.width : lo;
        if (x[j] < floor) x[j] = floor;
    }
    for (size_t j = n; j-- > 0;) {
        double ceiling = j + 1 < n ? x[j + 1] : hi;
        double w = s->rubies[r0 + j].reading.width;
        if (x[j] + w > ceiling) x[j] = ceiling - w;
    }
    for (size_t j = 0; j < n; j++) {
        const sm_ruby *ruby = &s->rubies[r0 + j];
        emit_shaped(b, &ruby->reading, left + x[j], dy, index, 0,
                    span_color(s, &s->clusters[ruby->first], b->para->color));
    }
    free(x);
}

/* Ruby over the words of this line (see sm_ruby), tate-chu-yoko digits, and a sesame dot
 * centred over each emphasised character. */
static void emit_decorations(run_builder *b, line_span line, const placed *p, int index,
                             double left, const double *pen, const double *origin) {
    const sm_shaped *s = b->s;
    double dy = decoration_dy(b->para), line_end = pen[line.end - line.start];
    for (size_t r = 0; r < s->ruby_count && s->rubies[r].first < line.end;) {
        if (s->rubies[r].first < line.start) {
            r++;
            continue;
        }
        /* The rubies of this word whose characters are on this line. */
        const sm_ruby *w = &s->rubies[s->rubies[r].word_first];
        size_t r0 = r, r1 = r;
        while (r1 < w->word_last && s->rubies[r1 + 1].last < line.end) r1++;
        r = r1 + 1;
        if (s->rubies[r1].last >= line.end) continue;
        bool whole = r0 == w->word_first && r1 == w->word_last;
        if (w->spread && whole)
            emit_spread_word(b, w, line, left, origin, line_end, dy, index);
        else if (w->word_first == w->word_last)
            emit_group(b, w, line, p, left, pen, dy, index);
        else
            emit_jukugo(b, r0, r1, line, left, origin, dy, index);
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
        origin[i] = x - q->trim_before + c->pad_before - q->unpad_before;
        x += c->advance - q->trim_before - q->trim_after + q->space_adjust + q->extra_after +
             q->room_after - q->unkern - q->unpad_before - q->unpad_after;
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
    para->phrase_broken = s.phrase_broken;
    if (s.count == 0) return para;

    /* text-grid: on sets justified Japanese on whole characters (JIS X 4051's 字詰め): a
     * measure of N em lets lines of full-width characters fit without adjustment, and
     * columns of characters line up from line to line; the block starts where the box does
     * and ends up to an em short of its edge. Otherwise a justified line ends exactly at the
     * box's edge, as the headings and rules beside it do. */
    if (width > 0 && style->text_grid && style->align == SM_ALIGN_JUSTIFY && !style->vertical)
        width = floor(width / size + 1e-6) * size;
    para->measure = width;
    double indent = sm_length_to_pt(style->indent, width, size);
    /* An ideographic space the author wrote at the start is the indent (JLREQ 3.1.6 段落の
     * 字下げ): text-indent would indent the paragraph twice. */
    if (s.clusters[0].cp == 0x3000) indent = 0;
    line_list lines = {0};
    indenter breaking = {indent, 0, 0, -1, 0};
    for (size_t start = 0; start < s.count;) {
        bool first = lines.count == 0;
        double measure = line_measure(width, line_indent(&s, &breaking, start, first));
        line_span line = next_line(&s, style, start, measure, first);
        push_line(l, &lines, line);
        start = line.end;
    }
    avoid_lone_last(&s, style, &lines);

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
    /* Horizontal lines centre the em box in their pitch. Vertical columns are centred on
     * their baseline, which runs down the middle of the column; the first column stands flush
     * with the edge of the text block (JLREQ sets the line gap between columns only). */
    double lead = para->vertical ? 0 : (para->pitch - size) / 2;
    double ascent = para->vertical ? size / 2 : lead + SM_EM_BOX_ASCENT * size;
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
            double room = i == 0 ? lead : para->pitch - size;
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
    /* Vertical: no gap after the last column either. */
    para->height =
        (double)lines.count * para->pitch + grown - (para->vertical ? para->pitch - size : 0);
    return para;
}
