/* fuzz_compose.c: the Japanese line composer on generated paragraphs (kana, kanji, punctuation,
 * Latin, digits, spaces, line breaks, ruby, emphasis) in every style option at any width,
 * checking what it promises: lines inside the measure, kinsoku at every break, every character
 * drawn once.
 *
 * The promises, as checked here (JLREQ, README "Japanese composition"):
 *  - Measure: every glyph's advance box (and every ruby or tate-chu-yoko box) lies within
 *    [0, measure] of its line. Exceptions: a 、。 hanging at a line end under
 *    hanging-punctuation: allow-end; and a line that holds no break opportunity (one word,
 *    number or group-ruby base wider than the measure), which the paragraph reports as
 *    overflow.
 *  - Breaks: a line ends at a hard line break or at a break opportunity of the composer,
 *    and never where JLREQ forbids one in the chosen line-break mode: no line starts with a
 *    character sm_kinsoku_no_line_start names, none ends with one sm_kinsoku_no_line_end
 *    names, no break between sm_inseparable characters or inside a group ruby's base. Inside
 *    a URL only its own rule counts (breaks after / . ? & = #).
 *  - Characters: each byte of the paragraph is drawn by exactly one glyph run, except line
 *    breaks and the Western spaces that end a line (both take no room; a space under ruby
 *    stays), and in vertical text the digits of a tate-chu-yoko number, drawn together by
 *    one upright run; a number is set upright only standing alone (not in 3.14, A4 or a URL).
 *  - Decorations: at most one emphasis dot per emphasised character (none over a mark or
 *    variation selector of its own), its centre over the line.
 *  - Lines: they partition the text in order, and every number is finite. */
#include "fuzz_util.h"

#include "base/jclass.h"
#include "layout/compose_internal.h"
#include "model/doc.h"

#include <math.h>

/* Rounding slack of positions. Glyph widths are whole Pango units (1/1024 pt), each rounded
 * on its own, so the k-th glyph of a run may be k half-units off: FZ_DRIFT per glyph. (Rounding
 * each slot's end from the run's start instead would hold every glyph within half a unit.) */
#define FZ_SLACK 0.05
#define FZ_DRIFT (0.5 / PANGO_SCALE)

static sm_fonts *fonts;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    const char *conf = getenv("SURIMONO_FONTS_CONF");
    sm_diags *diags = sm_diags_new();
    fonts = sm_fonts_new(conf && *conf ? conf : SM_SOURCE_DIR "/fonts/fonts.conf", diags);
    if (!fonts) {
        fprintf(stderr, "fuzz_compose: %s\n",
                sm_diags_count(diags) ? sm_diags_at(diags, 0)->message : "no fonts");
        exit(1);
    }
    sm_diags_free(diags);
    return 0;
}

/* ---- the paragraph from the input ------------------------------------------------------- */

/* Pieces of text a content byte picks: what Japanese material is made of, with the
 * characters each rule is about. */
/* clang-format off */
static const char *const pieces[] = {
    "あ", "い", "う", "か", "の", "を", "は", "し", "て", "ん", "ア", "イ", "カ", "セ", "キ",
    "ュ", "リ", "テ", "ィ", "情", "報", "漏", "学", "校", "書", "類", "機", "密", "防", "ぐ",
    "ゃ", "っ", "ょ", "ァ", "ッ", "ー", "〜", "ゝ", "々", "「", "」", "『", "』", "（", "）",
    "【", "】", "〈", "〉", "、", "。", "・", "：", "；", "！", "？", "…", "……", "――", "‥", "゠",
    "＝", "a", "b", "Z", "word", "ICT", "PDF", "e\xcc\x81", "1", "23", "456", "7890", "10,270",
    "3.14", "2024年", " ", "  ", ".", ",", "(", ")", "-", "/", "!", "?", "'", "\"", "%", "$",
    "\xe3\x80\x80", "\xc2\xa0", "\t", "\n", "\n\n", "https://example.jp/a-b/c.html?d=1&e=2#f",
    "①", "※", "→", "○", "×", "％", "￥", "℃", "㌔", "５０", "ＡＢ", "\xe2\x80\x8b",
    "\xe2\x80\x8d", "葛\xf3\xa0\x84\x80", "한", "\xf0\x9f\x98\x80", "Ω", "\r", "防ぐために",
    "情報漏えい", "セキュリティ", "してください",
};
/* clang-format on */
#define PIECES (sizeof pieces / sizeof *pieces)

static const char *const readings[] = {
    "かんじ", "あ", "じょうほうろうえい", "abc", "ルビ", "が", "き", "ひみつのよみかたです",
};
static const char *const families[] = {
    "BIZ UDGothic",  "BIZ UDPGothic",    "BIZ UDMincho",
    "BIZ UDPMincho", "Noto Sans CJK JP", "Noto Serif CJK JP",
};
static const char *const features[] = {NULL, "palt", "vert", "liga 0", "hwid", "kern", "pwid"};
static const double sizes[] = {1, 4, 7.5, 9, 10, 10.5, 12, 26, 72, 400};

/* Content bytes past the pieces switch to a new span or repeat the last piece. */
enum {
    TOKEN_PLAIN = PIECES,
    TOKEN_BOLD,
    TOKEN_COLOR,
    TOKEN_EMPHASIS,
    TOKEN_RUBY,
    TOKEN_MONO_RUBY,
    TOKEN_HANG,
    TOKEN_REPEAT,
    TOKENS
};

/* A paragraph's text stops growing at FZ_SHORT bytes (a long paragraph), or at FZ_LONG for
 * one input length in 32: long enough for work that grows with the square of a line's length to
 * time out and for a line kept on the stack to overflow it, short enough for linear work (shaping,
 * MeCab) to stay well inside the timeout under ASan. Most runs stay fast. */
#define FZ_SHORT (8 * 1024)
#define FZ_LONG  (128 * 1024)

typedef struct builder {
    sm_arena *arena;
    size_t length; /* bytes in finished spans */
    sm_span *spans;
    size_t count, capacity;
    GString *text; /* the current span's text */
    sm_span look;  /* the current span's attributes */
} builder;

static void end_span(builder *b) {
    if (b->text->len == 0) return;
    if (b->count == b->capacity) {
        b->capacity = b->capacity ? 2 * b->capacity : 8;
        b->spans = sm_arena_grow(b->arena, b->spans, b->count, b->capacity, sizeof *b->spans);
    }
    sm_span span = b->look;
    span.text = sm_arena_strndup(b->arena, b->text->str, b->text->len);
    b->spans[b->count++] = span;
    b->length += b->text->len;
    g_string_truncate(b->text, 0);
}

/* A group ruby base, or a mono ruby character, is the next piece on its own span. */
static void ruby_span(builder *b, fz_input *in, const char *base) {
    end_span(b);
    sm_span saved = b->look;
    b->look.ruby = readings[fz_pick(in, sizeof readings / sizeof *readings)];
    g_string_append(b->text, base);
    end_span(b);
    b->look = saved;
}

static sm_rich build_text(sm_arena *arena, fz_input *in, size_t limit) {
    builder b = {arena, 0, NULL, 0, 0, g_string_new(NULL), {0}};
    const char *last = pieces[0];
    uint8_t byte;
    while (b.length + b.text->len < limit && fz_next(in, &byte)) {
        unsigned t = byte % TOKENS;
        if (t < PIECES) {
            last = pieces[t];
            g_string_append(b.text, last);
            continue;
        }
        switch (t) {
        case TOKEN_PLAIN:
            end_span(&b);
            b.look = (sm_span){0};
            break;
        case TOKEN_BOLD:
            end_span(&b);
            b.look.bold = !b.look.bold;
            break;
        case TOKEN_COLOR:
            end_span(&b);
            b.look.has_color = true;
            b.look.color = (sm_color){fz_byte(in) / 255.0, 0.2, 0.4, 1};
            break;
        case TOKEN_EMPHASIS:
            end_span(&b);
            b.look.emphasis = !b.look.emphasis;
            break;
        case TOKEN_RUBY: {
            /* Group ruby over the next one to three pieces: one unbreakable base. */
            GString *base = g_string_new(NULL);
            for (unsigned n = 1 + fz_pick(in, 3); n > 0 && fz_next(in, &byte); n--)
                if (!strchr(pieces[byte % PIECES], '\n')) /* markup ends ruby at a break */
                    g_string_append(base, pieces[byte % PIECES]);
            if (base->len) ruby_span(&b, in, base->str);
            g_string_free(base, TRUE);
            break;
        }
        case TOKEN_MONO_RUBY:
            /* Mono (jukugo) ruby: one span per character, each with its reading. */
            for (unsigned n = 2 + fz_pick(in, 3); n > 0 && fz_next(in, &byte); n--)
                ruby_span(&b, in, pieces[19 + byte % 13]); /* kanji and kana only */
            break;
        case TOKEN_HANG: {
            /* A prefix that opens its line, as check sheets write "→ risk". */
            end_span(&b);
            sm_span saved = b.look;
            b.look = (sm_span){.hang = true, .has_color = true, .color = {0.4, 0.4, 0.4, 1}};
            g_string_append(b.text, fz_bool(in) ? "→ " : "※");
            end_span(&b);
            b.look = saved;
            break;
        }
        case TOKEN_REPEAT:
            /* Long paragraphs from short inputs: lines of thousands of characters. */
            for (unsigned n = 2 + fz_pick(in, 127); n > 0 && b.length + b.text->len < limit; n--)
                g_string_append(b.text, last);
            break;
        }
    }
    end_span(&b);
    g_string_free(b.text, TRUE);
    GString *plain = g_string_new(NULL);
    for (size_t i = 0; i < b.count; i++) g_string_append(plain, b.spans[i].text);
    sm_rich rich = {
        b.spans, b.count, sm_arena_strndup(arena, plain->str, plain->len), {"fuzz", 1, 1}, NULL};
    g_string_free(plain, TRUE);
    return rich;
}

static sm_style build_style(fz_input *in, double *size, double *width) {
    sm_style s = {0};
    s.family = families[fz_pick(in, sizeof families / sizeof *families)];
    unsigned latin = fz_pick(in, 3);
    s.latin_family = latin == 0 ? NULL : latin == 1 ? "BIZ UDPGothic" : "Noto Sans CJK JP";
    s.features = features[fz_pick(in, sizeof features / sizeof *features)];
    s.bold = fz_bool(in);
    s.color = (sm_color){0, 0, 0, 1};
    s.line_height = fz_real(in, 0.8, 4);
    s.align = (sm_align)fz_pick(in, 4);
    s.line_break = (sm_line_break)fz_pick(in, 3);
    s.spacing_trim = (sm_spacing_trim)fz_pick(in, 3);
    s.hanging = fz_bool(in);
    s.autospace = fz_bool(in);
    s.phrase = fz_pick(in, 4) == 0; /* MeCab is slower: a quarter of the runs */
    s.pretty = fz_bool(in);
    s.vertical = fz_pick(in, 4) == 0;

    *size = fz_bool(in) ? sizes[fz_pick(in, sizeof sizes / sizeof *sizes)] : fz_real(in, 1, 400);
    s.size = *size;
    switch (fz_pick(in, 8)) {
    case 0: s.indent = (sm_length){0, SM_UNIT_PT}; break;
    case 1: s.indent = (sm_length){1, SM_UNIT_EM}; break;
    case 2: s.indent = (sm_length){fz_real(in, 0, 3), SM_UNIT_EM}; break;
    case 3: s.indent = (sm_length){fz_real(in, 0, 200), SM_UNIT_PT}; break;
    default: s.indent = (sm_length){0, SM_UNIT_PT}; break;
    }
    switch (fz_pick(in, 6)) {
    case 0: *width = 0; break;                              /* no wrapping */
    case 1: *width = fz_real(in, 0.01, 2 * *size); break;   /* tiny: a character or two */
    case 2: *width = (1 + fz_pick(in, 40)) * *size; break;  /* whole ems */
    case 3: *width = fz_real(in, 0, 600); break;            /* anything on a page */
    case 4: *width = fz_real(in, *size, 30 * *size); break; /* a column */
    default: *width = (1 + fz_pick(in, 40)) * *size + fz_real(in, -2, 2); break;
    }
    return s;
}

/* FUZZ_COMPOSE_PRINT=1 shows what an input composes to, for reading a finding. */
static void print_paragraph(const sm_paragraph *p, const sm_style *st, double size, double width) {
    fprintf(stderr,
            "style: family %s, latin %s, features %s, bold %d, line-height %.3f, align %d, "
            "line-break %d, trim %d, hanging %d, autospace %d, phrase %d, pretty %d, "
            "vertical %d, indent %.3f%s\nsize %.3f, width %.3f, measure %.3f, overflow %d\n",
            st->family, st->latin_family ? st->latin_family : "-",
            st->features ? st->features : "-", st->bold, st->line_height, st->align, st->line_break,
            st->spacing_trim, st->hanging, st->autospace, st->phrase, st->pretty, st->vertical,
            st->indent.value, st->indent.unit == SM_UNIT_EM ? "em" : "pt", size, width, p->measure,
            p->overflow);
    for (size_t i = 0; i < p->line_count; i++) {
        const sm_text_line *l = &p->lines[i];
        fprintf(stderr, "line %zu: left %.3f width %.3f natural %.3f \"%.*s\"\n", i, l->left,
                l->width, l->natural, (int)(l->end - l->start), p->text + l->start);
    }
    for (size_t r = 0; r < p->run_count; r++) {
        const sm_glyph_run *run = &p->runs[r];
        const PangoItem *item = run->glyphs.item;
        fprintf(stderr, "run %zu: line %d x %.3f dy %.3f width %.3f%s \"%.*s\"\n", r, run->line,
                run->x, run->dy,
                pango_glyph_string_get_width(run->glyphs.glyphs) / (double)PANGO_SCALE,
                run->upright ? " upright" : "", item->length, run->text + item->offset);
    }
}

/* ---- the checks --------------------------------------------------------------------------- */

typedef struct context {
    const sm_paragraph *para;
    const sm_shaped *shaped; /* the same text shaped on its own: clusters and break flags */
    const sm_style *style;
    size_t len;
    int *drawn;       /* per byte: how many main-text runs draw it */
    size_t tcy_bytes; /* bytes drawn by upright tate-chu-yoko runs */
    /* Per line, found once (a line may hold a hundred thousand glyphs): whether it holds a
     * break opportunity (-1: not yet known), and its last cluster that takes room. */
    signed char *breakable;
    size_t *visible_end;
} context;

static bool is_finite(double v) { return isfinite(v); }

/* The cluster that starts at byte `at`, or SIZE_MAX. */
static size_t cluster_at(const sm_shaped *s, size_t at) {
    size_t lo = 0, hi = s->count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (s->clusters[mid].start < at)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < s->count && s->clusters[lo].start == at ? lo : SIZE_MAX;
}

/* The clusters [first, last) of a line. */
static void line_clusters(const context *c, size_t line, size_t *first, size_t *last) {
    const sm_text_line *l = &c->para->lines[line];
    *first = cluster_at(c->shaped, l->start);
    *last = l->end == c->len ? c->shaped->count : cluster_at(c->shaped, l->end);
    FZ_CHECK(*first != SIZE_MAX && *last != SIZE_MAX, "line %zu [%zu, %zu) is not on clusters",
             line, l->start, l->end);
}

/* No break opportunity inside the line: the only reason it may pass the measure. */
static bool unbreakable(const context *c, size_t line) {
    if (c->breakable[line] < 0) {
        size_t first, last;
        line_clusters(c, line, &first, &last);
        c->breakable[line] = 0;
        for (size_t k = first + 1; k < last; k++)
            if (c->shaped->clusters[k].break_before && !c->shaped->clusters[k - 1].hard_break)
                c->breakable[line] = 1;
    }
    return c->breakable[line] == 0;
}

/* Line breaks and Western spaces at a line's end take no room, except a space under ruby. */
static bool vanishes(const sm_shaped *s, const sm_cluster *cl) {
    return cl->hard_break || (cl->western_space && !s->rich->spans[cl->span].ruby);
}

/* The line's last cluster that takes room. */
static size_t last_visible(const context *c, size_t line) {
    if (c->visible_end[line] == SIZE_MAX) {
        size_t first, last;
        line_clusters(c, line, &first, &last);
        while (last > first && vanishes(c->shaped, &c->shaped->clusters[last - 1])) last--;
        c->visible_end[line] = last > first ? last : 0;
    }
    return c->visible_end[line] ? c->visible_end[line] - 1 : SIZE_MAX;
}

static void check_box(const context *c, int line, double x0, double x1, size_t cluster, int nth,
                      const char *what) {
    FZ_CHECK(is_finite(x0) && is_finite(x1), "%s on line %d at %f..%f", what, line, x0, x1);
    FZ_CHECK(x1 >= x0 - FZ_SLACK, "%s on line %d has a negative advance (%f..%f)", what, line, x0,
             x1);
    double measure = c->para->measure;
    if (measure <= 0) return;
    double slack = FZ_SLACK + nth * FZ_DRIFT;
    if (x0 >= -slack && x1 <= measure + slack) return;
    if (c->style->hanging && cluster != SIZE_MAX && cluster == last_visible(c, (size_t)line)) {
        sm_jclass cls = c->shaped->clusters[cluster].cls;
        if (cls == SM_JC_COMMA || cls == SM_JC_FULL_STOP) return;
    }
    FZ_CHECK(c->para->overflow && unbreakable(c, (size_t)line),
             "%s on line %d spans %.3f..%.3f, outside the measure %.3f (overflow %d, bytes "
             "%zu..%zu \"%.*s\")",
             what, line, x0, x1, measure, c->para->overflow, c->para->lines[line].start,
             c->para->lines[line].end, (int)(c->para->lines[line].end - c->para->lines[line].start),
             c->para->text + c->para->lines[line].start);
}

static void check_runs(context *c) {
    const sm_paragraph *p = c->para;
    for (size_t r = 0; r < p->run_count; r++) {
        const sm_glyph_run *run = &p->runs[r];
        const PangoItem *item = run->glyphs.item;
        const PangoGlyphString *g = run->glyphs.glyphs;
        FZ_CHECK(run->line >= 0 && (size_t)run->line < p->line_count, "run %zu on line %d", r,
                 run->line);
        FZ_CHECK(is_finite(run->x) && is_finite(run->dy), "run %zu at %f, %f", r, run->x, run->dy);
        FZ_CHECK(item && g && item->offset >= 0 && item->length >= 0, "run %zu has no glyphs", r);
        if (run->upright) {
            /* Tate-chu-yoko: drawn centred on x, narrowed to one em. */
            double width =
                pango_glyph_string_get_width((PangoGlyphString *)g) / (double)PANGO_SCALE;
            FZ_CHECK(is_finite(run->scale) && run->scale > 0 && run->scale <= 1, "upright scale %f",
                     run->scale);
            c->tcy_bytes += (size_t)item->length;
            check_box(c, run->line, run->x - width * run->scale / 2,
                      run->x + width * run->scale / 2, SIZE_MAX, g->num_glyphs, "tate-chu-yoko");
            continue;
        }
        bool main = run->text == p->text;
        if (!main && strcmp(run->text, "\xef\xb9\x85") == 0) {
            /* An emphasis dot: a mark centred over its character (even a narrow Latin one),
             * whose em-wide advance means nothing: its centre must be over the line. */
            PangoRectangle ink;
            pango_glyph_string_extents((PangoGlyphString *)g, item->analysis.font, &ink, NULL);
            double centre = run->x + (ink.x + ink.width / 2.0) / (double)PANGO_SCALE;
            check_box(c, run->line, centre, centre, SIZE_MAX, 1, "emphasis dot");
            continue;
        }
        if (main) {
            const sm_text_line *line = &p->lines[run->line];
            size_t start = (size_t)item->offset, end = start + (size_t)item->length;
            FZ_CHECK(start >= line->start && end <= line->end,
                     "run %zu draws bytes %zu..%zu outside its line %d (%zu..%zu)", r, start, end,
                     run->line, line->start, line->end);
            for (size_t i = start; i < end; i++) c->drawn[i]++;
        }
        double pen = run->x;
        for (int i = 0; i < g->num_glyphs;) {
            int j = i;
            double x0 = pen;
            while (j < g->num_glyphs && g->log_clusters[j] == g->log_clusters[i])
                pen += g->glyphs[j++].geometry.width / (double)PANGO_SCALE;
            size_t cluster =
                main ? cluster_at(c->shaped, (size_t)item->offset + (size_t)g->log_clusters[i])
                     : SIZE_MAX;
            if (main) FZ_CHECK(cluster != SIZE_MAX, "run %zu glyph %d is not at a cluster", r, i);
            check_box(c, run->line, x0, pen, cluster, j, main ? "glyph" : "ruby");
            i = j;
        }
    }
}

/* Each character drawn once, except what takes no room; lines partition the text. */
static void check_characters(const context *c) {
    const sm_paragraph *p = c->para;
    const sm_shaped *s = c->shaped;
    FZ_CHECK(p->line_count >= 1, "no line for %zu bytes", c->len);
    FZ_CHECK(p->lines[0].start == 0 && p->lines[p->line_count - 1].end == c->len,
             "lines cover %zu..%zu of %zu bytes", p->lines[0].start,
             p->lines[p->line_count - 1].end, c->len);
    for (size_t i = 0; i + 1 < p->line_count; i++)
        FZ_CHECK(p->lines[i].end == p->lines[i + 1].start && p->lines[i].start < p->lines[i].end,
                 "line %zu is %zu..%zu, the next starts at %zu", i, p->lines[i].start,
                 p->lines[i].end, p->lines[i + 1].start);
    size_t undrawn_digits = 0;
    for (size_t line = 0; line < p->line_count; line++) {
        size_t first, last;
        line_clusters(c, line, &first, &last);
        /* Spaces vanish only at the very end of the line. */
        size_t trailing = last;
        while (trailing > first && vanishes(s, &s->clusters[trailing - 1])) trailing--;
        for (size_t k = first; k < last; k++) {
            const sm_cluster *cl = &s->clusters[k];
            int n = c->drawn[cl->start];
            for (size_t b = cl->start; b < cl->end; b++)
                FZ_CHECK(c->drawn[b] == n, "cluster %zu is drawn in part", k);
            bool hidden = vanishes(s, cl) && k >= trailing;
            bool digit = p->vertical && cl->cp < 0x80 && cl->cp >= '0' && cl->cp <= '9';
            if (n == 0 && digit) {
                undrawn_digits += cl->end - cl->start;
                continue;
            }
            FZ_CHECK(n == (hidden ? 0 : 1), "'%.*s' (U+%04X, byte %zu, line %zu) is drawn %d times",
                     (int)(cl->end - cl->start), p->text + cl->start, cl->cp, cl->start, line, n);
        }
    }
    FZ_CHECK(undrawn_digits == c->tcy_bytes, "%zu digits left out, %zu set upright", undrawn_digits,
             c->tcy_bytes);
}

/* A URL's extent as the composer finds it: ASCII without spaces around "://". */
static bool in_url(const char *text, size_t len, size_t at) {
    size_t start = at, end = at;
    while (start > 0 && (unsigned char)text[start - 1] < 0x80 && !g_ascii_isspace(text[start - 1]))
        start--;
    while (end < len && (unsigned char)text[end] < 0x80 && !g_ascii_isspace(text[end])) end++;
    for (size_t i = start; i + 3 <= end; i++)
        if (memcmp(text + i, "://", 3) == 0) return at > start;
    return false;
}

static void check_breaks(const context *c) {
    const sm_paragraph *p = c->para;
    const sm_shaped *s = c->shaped;
    sm_kinsoku mode = c->style->line_break == SM_LINE_BREAK_STRICT   ? SM_KINSOKU_STRICT
                      : c->style->line_break == SM_LINE_BREAK_NORMAL ? SM_KINSOKU_NORMAL
                                                                     : SM_KINSOKU_LOOSE;
    for (size_t line = 1; line < p->line_count; line++) {
        size_t k = cluster_at(s, p->lines[line].start);
        FZ_CHECK(k != SIZE_MAX && k > 0, "line %zu starts inside a cluster", line);
        const sm_cluster *a = &s->clusters[k - 1], *b = &s->clusters[k];
        if (a->hard_break) continue;
        FZ_CHECK(b->break_before, "line %zu starts where the composer allows no break", line);
        char pair[64];
        snprintf(pair, sizeof pair, "%.*s|%.*s", (int)(a->end - a->start), p->text + a->start,
                 (int)(b->end - b->start), p->text + b->start);
        FZ_CHECK(!(a->span == b->span && s->rich->spans[a->span].ruby),
                 "line %zu breaks a group ruby base: %s", line, pair);
        if (in_url(p->text, c->len, b->start)) continue;
        FZ_CHECK(!sm_kinsoku_no_line_start(b->cp, mode),
                 "line %zu starts with U+%04X, which may not start a line in mode %d: %s", line,
                 b->cp, mode, pair);
        FZ_CHECK(!sm_kinsoku_no_line_end(a->cp, mode),
                 "line %zu ends with U+%04X, which may not end a line in mode %d: %s", line - 1,
                 a->cp, mode, pair);
        FZ_CHECK(!sm_inseparable(a->cp, b->cp, mode),
                 "lines %zu and %zu split inseparable U+%04X U+%04X in mode %d: %s", line - 1, line,
                 a->cp, b->cp, mode, pair);
    }
}

/* One emphasis dot per emphasised character: none for a mark or variation selector that
 * shaping left as a cluster of its own (it belongs to the character before it). */
static void check_dots(const context *c) {
    const sm_paragraph *p = c->para;
    const sm_shaped *s = c->shaped;
    for (size_t line = 0; line < p->line_count; line++) {
        size_t dots = 0, characters = 0, first, last;
        line_clusters(c, line, &first, &last);
        for (size_t k = first; k < last; k++) {
            const sm_cluster *cl = &s->clusters[k];
            if (s->rich->spans[cl->span].emphasis && !g_unichar_iszerowidth(cl->cp)) characters++;
        }
        const sm_text_line *l = &p->lines[line];
        for (size_t r = l->first_run; r < l->first_run + l->run_count; r++)
            if (strcmp(p->runs[r].text, "\xef\xb9\x85") == 0) dots++;
        FZ_CHECK(dots <= characters, "line %zu has %zu emphasis dots for %zu characters", line,
                 dots, characters);
    }
}

/* Tate-chu-yoko sets a number of its own upright: never digits inside a Western run (3.14,
 * A4, a URL's d=1), which turns sideways whole. */
static void check_upright(const context *c) {
    const sm_shaped *s = c->shaped;
    if (!c->para->vertical) return;
    for (size_t k = 0; k < s->count; k++) {
        if (s->clusters[k].tcy < 0) continue;
        size_t end = k + 1;
        while (end < s->count && s->clusters[end].absorbed) end++;
        FZ_CHECK(end - k <= 3, "%zu digits upright at byte %zu", end - k, s->clusters[k].start);
        uint32_t before = k > 0 ? s->clusters[k - 1].cp : ' ';
        uint32_t after = end < s->count ? s->clusters[end].cp : ' ';
        FZ_CHECK(!(before > 0x20 && before < 0x7f) && !(after > 0x20 && after < 0x7f),
                 "digits at byte %zu set upright beside U+%04X and U+%04X", s->clusters[k].start,
                 before, after);
    }
}

static void check_numbers(const sm_paragraph *p) {
    FZ_CHECK(is_finite(p->width) && is_finite(p->height) && p->height >= 0 && p->width >= -FZ_SLACK,
             "paragraph %f x %f", p->width, p->height);
    double previous = -INFINITY;
    for (size_t i = 0; i < p->line_count; i++) {
        const sm_text_line *l = &p->lines[i];
        FZ_CHECK(is_finite(l->baseline) && is_finite(l->left) && is_finite(l->width) &&
                     is_finite(l->natural),
                 "line %zu: baseline %f left %f width %f natural %f", i, l->baseline, l->left,
                 l->width, l->natural);
        FZ_CHECK(l->baseline > previous, "line %zu's baseline %f is above the previous %f", i,
                 l->baseline, previous);
        FZ_CHECK(l->first_run + l->run_count <= p->run_count, "line %zu's runs", i);
        previous = l->baseline;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fz_input in = {data, size};
    double font_size, width;
    sm_style style = build_style(&in, &font_size, &width);
    sm_doc *doc = sm_doc_new();
    sm_layouter l = {.doc = doc, .fonts = fonts, .arena = doc->arena, .diags = &doc->diags};
    /* The input's length picks the long texts: no byte spent, no other choice moved. */
    size_t limit = size % 32 == 0 ? FZ_LONG : FZ_SHORT;
    sm_rich rich = build_text(doc->arena, &in, limit);

    sm_paragraph *para = sm_compose_once(&l, &rich, &style, font_size, width);
    FZ_CHECK(para && para->text, "no paragraph");
    if (getenv("FUZZ_COMPOSE_PRINT")) print_paragraph(para, &style, font_size, width);
    size_t len = strlen(para->text);
    FZ_CHECK(len == strlen(rich.plain) && memcmp(para->text, rich.plain, len) == 0,
             "the paragraph's text is not the spans'");
    check_numbers(para);
    if (len > 0 && para->line_count > 0) {
        sm_shaped shaped;
        sm_compose_shape(&l, &rich, &style, font_size, width, &shaped);
        context c = {para,
                     &shaped,
                     &style,
                     len,
                     calloc(len + 1, sizeof(int)),
                     0,
                     malloc(para->line_count),
                     malloc(para->line_count * sizeof(size_t))};
        if (!c.drawn || !c.breakable || !c.visible_end) abort();
        memset(c.breakable, -1, para->line_count);
        for (size_t i = 0; i < para->line_count; i++) c.visible_end[i] = SIZE_MAX;
        check_runs(&c);
        check_characters(&c);
        check_breaks(&c);
        check_dots(&c);
        check_upright(&c);
        free(c.drawn);
        free(c.breakable);
        free(c.visible_end);
    }
    sm_doc_free(doc);
    return 0;
}
