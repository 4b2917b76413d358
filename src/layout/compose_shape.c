/* compose_shape.c: a paragraph into shaped clusters — font roles, features, natural
 * punctuation space, 和欧間, and where lines may break (kinsoku, words, URLs, phrases). */
#include "compose_internal.h"

#include "phrase.h"

#include <math.h>
#include <string.h>

/* A full-width punctuation glyph is one em wide; a proportional (palt) one is not and
 * carries no aki of its own. */
#define SM_FULL_WIDTH_TOLERANCE 0.08
/* 和欧間: a quarter em between Japanese and Latin letters or digits (JLREQ 3.2.3). */
#define SM_AUTOSPACE_EM 0.25

static bool is_western(sm_jclass c) { return c == SM_JC_WESTERN || c == SM_JC_DIGIT; }

/* The Latin font sets Western letters, digits and spaces; everything else — kana, kanji,
 * brackets, ①, ※, →, ○, ×, “ ”, ・ — takes the Japanese font (JLREQ: their shapes and
 * widths must match the Japanese text around them). */
static bool latin_role(uint32_t cp, sm_jclass c) {
    if (c == SM_JC_SPACE) return true;
    if (!is_western(c)) return false;
    return cp < 0x2000; /* general punctuation and symbols stay Japanese */
}

/* “ ” ‘ ’: brackets in Japanese text, from a face that sets them full width. */
static bool quote_mark(uint32_t cp) {
    return cp == 0x2018 || cp == 0x2019 || cp == 0x201C || cp == 0x201D;
}

/* The three faces a paragraph's characters take. */
enum { ROLE_JAPANESE, ROLE_LATIN, ROLE_QUOTE };

static PangoAttribute *ranged(PangoAttribute *a, size_t start, size_t end) {
    a->start_index = (guint)start;
    a->end_index = (guint)end;
    return a;
}

/* One run of a span and a font role: its family, weight, size and OpenType features. */
static void add_font_run(PangoAttrList *attrs, const sm_style *style, double size, bool bold,
                         int role, bool vertical, const char *japanese_features, size_t start,
                         size_t end) {
    bool latin = role == ROLE_LATIN;
    const char *family = latin && style->latin_family                ? style->latin_family
                         : role == ROLE_QUOTE && style->quote_family ? style->quote_family
                                                                     : style->family;
    PangoFontDescription *font = pango_font_description_new();
    pango_font_description_set_family(font, family);
    pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
    pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_attr_list_insert(attrs, ranged(pango_attr_font_desc_new(font), start, end));
    pango_font_description_free(font);
    /* Kerning narrows some kana pairs and breaks the character grid: off for Japanese,
     * the font's default (on) for Latin. */
    if (!latin)
        pango_attr_list_insert(attrs,
                               ranged(pango_attr_font_features_new(japanese_features), start, end));
    /* Vertical: Japanese upright with its vertical forms (vert/vrt2 come with top-to-bottom
     * shaping), Latin turned sideways. */
    if (vertical) {
        pango_attr_list_insert(
            attrs, ranged(pango_attr_gravity_new(latin ? PANGO_GRAVITY_SOUTH : PANGO_GRAVITY_EAST),
                          start, end));
        /* Strong: punctuation too stays upright and takes its vertical form, rather than
         * being turned like Latin (Pango's default for brackets and ー). */
        if (!latin)
            pango_attr_list_insert(
                attrs, ranged(pango_attr_gravity_hint_new(PANGO_GRAVITY_HINT_STRONG), start, end));
    }
}

static PangoAttrList *font_attributes(const sm_shaped *s, const sm_style *style, double size) {
    PangoAttrList *attrs = pango_attr_list_new();
    char *features =
        style->features ? g_strconcat("kern 0, ", style->features, NULL) : g_strdup("kern 0");
    size_t span = 0, run_start = 0, run_span = 0;
    int run_role = -1;
    for (size_t i = 0;;) {
        bool at_end = i == s->length;
        int role = 0;
        if (!at_end) {
            while (span + 1 < s->rich->count && i >= s->span_ends[span]) span++;
            uint32_t cp = g_utf8_get_char(s->text + i);
            role = latin_role(cp, sm_jclass_of(cp))     ? ROLE_LATIN
                   : quote_mark(cp) && !style->vertical ? ROLE_QUOTE
                                                        : ROLE_JAPANESE;
        }
        if (at_end || role != run_role || span != run_span) {
            if (run_role >= 0)
                add_font_run(attrs, style, size, style->bold || s->rich->spans[run_span].bold,
                             run_role, style->vertical, features, run_start, i);
            if (at_end) break;
            run_start = i;
            run_role = role;
            run_span = span;
        }
        i = (size_t)(g_utf8_next_char(s->text + i) - s->text);
    }
    g_free(features);
    return attrs;
}

static void add_cluster(sm_layouter *l, sm_shaped *s, size_t *capacity, sm_cluster c) {
    if (s->count == *capacity) {
        size_t cap = *capacity ? *capacity * 2 : 64;
        s->clusters = sm_arena_grow(l->arena, s->clusters, s->count, cap, sizeof *s->clusters);
        *capacity = cap;
    }
    s->clusters[s->count++] = c;
}

/* Glyphs sharing a log cluster are one unit: a character, or a ligature of several. */
static void collect_clusters(sm_layouter *l, sm_shaped *s, double size) {
    size_t capacity = 0, span = 0;
    for (int it = 0; it < s->item_count; it++) {
        const PangoItem *item = s->items[it];
        const PangoGlyphString *g = s->glyphs[it];
        for (int i = 0; i < g->num_glyphs;) {
            int j = i;
            double advance = 0;
            while (j < g->num_glyphs && g->log_clusters[j] == g->log_clusters[i]) {
                advance += g->glyphs[j].geometry.width / (double)PANGO_SCALE;
                j++;
            }
            size_t start = (size_t)item->offset + (size_t)g->log_clusters[i];
            size_t end = j < g->num_glyphs ? (size_t)item->offset + (size_t)g->log_clusters[j]
                                           : (size_t)(item->offset + item->length);
            while (span + 1 < s->rich->count && start >= s->span_ends[span]) span++;
            uint32_t cp = g_utf8_get_char(s->text + start);
            sm_cluster c = {.cp = cp,
                            .cls = sm_jclass_of(cp),
                            .start = start,
                            .end = end,
                            .item = it,
                            .glyph_start = i,
                            .glyph_count = j - i,
                            .span = (int)span,
                            .em = size,
                            .advance = advance,
                            .western_space = cp == ' ',
                            .hard_break = cp == '\n',
                            .ruby = -1,
                            .tcy = -1};
            if (c.hard_break) c.advance = 0;
            /* The half-em of full-width punctuation is space the rules may take away. */
            if (fabs(advance - size) <= SM_FULL_WIDTH_TOLERANCE * size) {
                double before, after;
                sm_jclass_aki(cp, &before, &after);
                c.aki_before = before * size;
                c.aki_after = after * size;
            }
            add_cluster(l, s, &capacity, c);
            i = j;
        }
    }
}

static bool autospace_side_japanese(sm_jclass c) {
    switch (c) {
    case SM_JC_HIRAGANA:
    case SM_JC_KATAKANA:
    case SM_JC_IDEOGRAPH:
    case SM_JC_SMALL_KANA:
    case SM_JC_PROLONGED:
    case SM_JC_ITERATION: return true;
    default: return false;
    }
}

/* 和欧間 between Japanese and Latin letters or digits; none next to punctuation. */
static void add_autospace(sm_shaped *s, const sm_style *style) {
    if (!style->autospace) return;
    for (size_t k = 1; k < s->count; k++) {
        sm_cluster *a = &s->clusters[k - 1], *b = &s->clusters[k];
        bool a_latin = is_western(a->cls) && g_unichar_isalnum(a->cp);
        bool b_latin = is_western(b->cls) && g_unichar_isalnum(b->cp);
        if ((autospace_side_japanese(a->cls) && b_latin) ||
            (a_latin && autospace_side_japanese(b->cls)))
            b->glue = SM_AUTOSPACE_EM * b->em;
    }
}

/* Neighbouring punctuation shares one half-em (JLREQ 3.1.4): 」「 、「 。」 （「 …. */
static void collapse_punctuation(sm_shaped *s) {
    for (size_t k = 1; k < s->count; k++) {
        sm_cluster *a = &s->clusters[k - 1], *b = &s->clusters[k];
        double a_after = a->aki_after - a->trim_after, b_before = b->aki_before - b->trim_before;
        if (a_after > 0 && b_before > 0) {
            /* closing + opening: one half-em between them */
            if (a_after >= b_before)
                b->trim_before = b->aki_before;
            else
                a->trim_after = a->aki_after;
        } else if (a_after > 0 && b->aki_after > 0 && b->aki_before == 0) {
            /* 。」 、」 」」: the first is set solid, the last keeps its space */
            a->trim_after = a->aki_after;
        } else if (a->aki_before > 0 && b_before > 0 && a->aki_after == 0) {
            /* （「 「『: the second opening bracket is set solid */
            b->trim_before = b->aki_before;
        }
    }
}

/* URLs break only after / . ? & = #, never at a hyphen or inside a host name's label. */
static void restrict_urls(sm_shaped *s, bool *allowed_at, bool *in_url) {
    const char *text = s->text;
    for (const char *p = text; (p = strstr(p, "://")) != NULL;) {
        const char *start = p;
        while (start > text && !g_ascii_isspace(start[-1]) && (unsigned char)start[-1] < 0x80)
            start--;
        const char *end = p;
        while (*end && !g_ascii_isspace(*end) && (unsigned char)*end < 0x80) end++;
        for (const char *q = start + 1; q < end; q++) {
            allowed_at[q - text] = strchr("/.?&=#", q[-1]) != NULL && q[-1] != q[0];
            in_url[q - text] = true;
        }
        p = end;
    }
}

/* The width of clusters [first, end) set on one line. */
static double run_width(const sm_shaped *s, size_t first, size_t end) {
    double wide = 0;
    for (size_t k = first; k < end; k++)
        wide += s->clusters[k].advance + (k > first ? s->clusters[k].glue : 0);
    return wide;
}

/* Opens the breaks inside clusters [first, end) that `at` marks (all of them when at is
 * NULL). */
static void open_breaks(const sm_shaped *s, bool *phrase, const bool *at, size_t first,
                        size_t end) {
    for (size_t j = first + 1; j < end; j++)
        if (!at || at[s->clusters[j].start]) phrase[s->clusters[j].start] = true;
}

/* A phrase wider than the measure cannot be kept whole: rather than stand past the box it
 * breaks between its words (機密書類|から), and a word wider than the measure between its
 * characters; the paragraph says so (a heading warns). */
static void widen_phrases(sm_shaped *s, bool *phrase, const bool *words, double width) {
    size_t first = 0;
    for (size_t k = 1; k <= s->count; k++) {
        if (k < s->count && !s->clusters[k].hard_break && !s->clusters[k - 1].hard_break &&
            !phrase[s->clusters[k].start])
            continue;
        if (run_width(s, first, k) > width + 0.001) {
            s->phrase_broken = true;
            /* Words first, from the phrase marks as they were. */
            size_t word = first;
            for (size_t j = first + 1; j <= k; j++) {
                if (j < k && !words[s->clusters[j].start]) continue;
                if (run_width(s, word, j) > width + 0.001) open_breaks(s, phrase, NULL, word, j);
                word = j;
            }
            open_breaks(s, phrase, words, first, k);
        }
        first = k;
    }
}

/* Kerning sits in the advance of a pair's first glyph; a line that ends between the two
 * must not keep it. Kerning is on for Latin runs only (font_features), and the lookup costs
 * about as much as shaping the glyph did, so only a Western glyph that can end a line is
 * looked at. */
static void find_line_end_kerning(sm_shaped *s, size_t k) {
    while (k > 0 && s->clusters[k].western_space) k--;
    sm_cluster *c = &s->clusters[k];
    if (c->glyph_count != 1 || (c->cls != SM_JC_WESTERN && c->cls != SM_JC_DIGIT)) return;
    PangoItem *item = s->items[c->item];
    const PangoGlyphInfo *g = &s->glyphs[c->item]->glyphs[c->glyph_start];
    PangoRectangle logical;
    pango_font_get_glyph_extents(item->analysis.font, g->glyph, NULL, &logical);
    c->kern_after = (g->geometry.width - logical.width) / (double)PANGO_SCALE;
}

static void find_breaks(sm_layouter *l, sm_shaped *s, const sm_style *style, double width) {
    size_t len = s->length;
    int chars = g_utf8_strlen(s->text, (gssize)len);
    PangoLogAttr *log = g_new0(PangoLogAttr, (gsize)chars + 1);
    pango_get_log_attrs(s->text, (int)len, -1, pango_language_from_string("ja"), log, chars + 1);
    /* UAX #14 by byte offset, then narrowed by JLREQ, URLs and phrases. */
    bool *uax14 = sm_arena_array(l->arena, len + 1, sizeof *uax14);
    bool *phrase = NULL, *words = NULL;
    {
        int ci = 0;
        for (const char *p = s->text; (size_t)(p - s->text) <= len && ci <= chars;
             p = g_utf8_next_char(p), ci++) {
            uax14[p - s->text] = log[ci].is_line_break;
            if ((size_t)(p - s->text) == len) break;
        }
    }
    g_free(log);
    bool *in_url = sm_arena_array(l->arena, len + 1, sizeof *in_url);
    restrict_urls(s, uax14, in_url);
    /* Phrases matter only where lines wrap: a title that fits, or one set line by line,
     * never loads the morphological analyser. */
    double natural = 0, widest = 0;
    for (size_t k = 0; k < s->count; k++) {
        natural =
            s->clusters[k].hard_break ? 0 : natural + s->clusters[k].advance + s->clusters[k].glue;
        if (natural > widest) widest = natural;
    }
    if (style->phrase && width > 0 && widest > width) {
        phrase = sm_arena_array(l->arena, len + 1, sizeof *phrase);
        words = sm_arena_array(l->arena, len + 1, sizeof *words);
        /* Once a document: without the dictionary, phrases come from a simpler rule. */
        if (!sm_phrase_words(s->text, len, phrase, words) && !l->phrase_warned) {
            sm_warning(l->diags, s->rich->pos,
                       "phrases are found by a simple rule here: MeCab with IPADIC "
                       "(" SM_MECAB_DICDIR ") could not be loaded: %s",
                       sm_phrase_error());
            l->phrase_warned = true;
        }
    }
    if (phrase) widen_phrases(s, phrase, words, width);
    sm_kinsoku mode = style->line_break == SM_LINE_BREAK_STRICT   ? SM_KINSOKU_STRICT
                      : style->line_break == SM_LINE_BREAK_NORMAL ? SM_KINSOKU_NORMAL
                                                                  : SM_KINSOKU_LOOSE;
    for (size_t k = 1; k < s->count; k++) {
        sm_cluster *a = &s->clusters[k - 1], *b = &s->clusters[k];
        if (a->hard_break) {
            b->break_before = true;
            continue;
        }
        bool inseparable = sm_inseparable(a->cp, b->cp, mode);
        b->joined = b->joined || inseparable || (is_western(a->cls) && is_western(b->cls));
        bool western_pair = is_western(a->cls) || is_western(b->cls) || a->cls == SM_JC_SPACE ||
                            b->cls == SM_JC_SPACE;
        bool ok;
        if (western_pair)
            /* Words, numbers and spaces follow UAX #14; Japanese rules still bind the
             * Japanese side (no 。 at a line start after a Latin word). */
            ok = uax14[b->start] && !sm_kinsoku_no_line_start(b->cp, mode) &&
                 !sm_kinsoku_no_line_end(a->cp, mode);
        else
            ok = !sm_kinsoku_no_line_start(b->cp, mode) && !sm_kinsoku_no_line_end(a->cp, mode);
        if (inseparable || b->hard_break) ok = false;
        /* Inside a URL only its own rule counts ("school-security." may end a line). */
        if (in_url[b->start]) ok = uax14[b->start];
        if (ok && phrase && !western_pair && !phrase[b->start]) ok = false;
        /* A group ruby's base is one unit, a URL in it too; a jukugo word breaks only where
         * its readings allow (prepare_ruby). */
        if (a->ruby >= 0 && b->ruby >= 0 && b->joined) ok = false;
        b->break_before = ok;
        if (ok && width > 0) find_line_end_kerning(s, k - 1);
    }
}

void sm_compose_shape_text(sm_layouter *l, const char *text, const sm_style *style, double size,
                           bool bold, bool vertical, sm_shaped_text *out) {
    memset(out, 0, sizeof *out);
    out->text = text;
    size_t len = strlen(text);
    PangoAttrList *attrs = pango_attr_list_new();
    add_font_run(attrs, style, size, bold, ROLE_JAPANESE, vertical, "kern 0", 0, len);
    GList *items = pango_itemize(vertical ? l->fonts->vertical : l->fonts->context, text, 0,
                                 (int)len, attrs, NULL);
    pango_attr_list_unref(attrs);
    out->count = (int)g_list_length(items);
    out->items = sm_arena_array(l->arena, (size_t)out->count, sizeof *out->items);
    out->glyphs = sm_arena_array(l->arena, (size_t)out->count, sizeof *out->glyphs);
    int i = 0;
    for (GList *it = items; it; it = it->next, i++) {
        PangoItem *item = it->data;
        PangoGlyphString *glyphs = pango_glyph_string_new();
        pango_shape_item(item, text, (int)len, NULL, glyphs, PANGO_SHAPE_NONE);
        sm_arena_defer(l->arena, (void (*)(void *))pango_item_free, item);
        sm_arena_defer(l->arena, (void (*)(void *))pango_glyph_string_free, glyphs);
        out->items[i] = item;
        out->glyphs[i] = glyphs;
        if (i == 0) {
            PangoRectangle ink;
            pango_glyph_string_extents(glyphs, item->analysis.font, &ink, NULL);
            out->ink_centre = (ink.x + ink.width / 2.0) / PANGO_SCALE;
        }
        out->width += pango_glyph_string_get_width(glyphs) / (double)PANGO_SCALE;
    }
    g_list_free(items);
}

static bool is_kana(const sm_cluster *c) {
    return c->cls == SM_JC_HIRAGANA || c->cls == SM_JC_KATAKANA || c->cls == SM_JC_SMALL_KANA ||
           c->cls == SM_JC_PROLONGED;
}

/* The width of clusters [first, last] without punctuation space: spacing rules may take all
 * of it away later (」「, line starts, push-in), and readings must still fit. */
static double base_width_of(const sm_shaped *s, size_t first, size_t last) {
    double base = 0;
    for (size_t i = first; i <= last; i++)
        base += s->clusters[i].advance - s->clusters[i].aki_before - s->clusters[i].aki_after;
    return base;
}

static double readings_width(const sm_shaped *s, size_t r0, size_t r1) {
    double width = 0;
    for (size_t r = r0; r <= r1; r++) width += s->rubies[r].reading.width;
    return width;
}

/* A jukugo word may break between two of its characters only where each side's readings fit
 * over that side's characters: nothing then reaches across the line break. */
static void join_jukugo(sm_shaped *s, size_t w0, size_t w1) {
    for (size_t r = w0 + 1; r <= w1; r++) {
        const sm_ruby *before = &s->rubies[r - 1], *after = &s->rubies[r];
        bool fits =
            readings_width(s, w0, r - 1) <=
                base_width_of(s, s->rubies[w0].first, before->last) + 1e-6 &&
            readings_width(s, r, w1) <= base_width_of(s, after->first, s->rubies[w1].last) + 1e-6;
        if (!fits) s->clusters[after->first].joined = true;
    }
}

/* A word whose readings are wider than its base: they may overhang neighbouring kana by up
 * to one ruby character (JLREQ 3.3.8), never kanji or another ruby; the rest is room made
 * around the base, a quarter at each end and half between its characters (the 1:2:1
 * spacing of JLREQ 3.3.6), or at the sides that may not be overhung. The word is one unit. */
static void spread_word(sm_shaped *s, size_t w0, size_t w1, double need, double ruby_size) {
    const sm_rich *rich = s->rich;
    size_t first = s->rubies[w0].first, last = s->rubies[w1].last;
    for (size_t i = first + 1; i <= last; i++) s->clusters[i].joined = true;
    /* A neighbour with its own ruby or emphasis dots keeps its row to itself. */
    bool kana_before = first > 0 && is_kana(&s->clusters[first - 1]) &&
                       s->clusters[first - 1].ruby < 0 &&
                       !rich->spans[s->clusters[first - 1].span].emphasis;
    bool kana_after = last + 1 < s->count && is_kana(&s->clusters[last + 1]) &&
                      rich->spans[s->clusters[last + 1].span].ruby == NULL &&
                      !rich->spans[s->clusters[last + 1].span].emphasis;
    double each = fmin(need / 2, ruby_size);
    double before = kana_before ? each : 0, after = kana_after ? each : 0;
    sm_ruby *w = &s->rubies[w0];
    w->spread = true;
    w->need = need;
    w->may_overhang_before = kana_before ? ruby_size : 0;
    w->may_overhang_after = kana_after ? ruby_size : 0;
    w->overhang_before = before;
    w->overhang_after = after;
    size_t chars = last - first + 1;
    if (before == 0 && after == 0) {
        /* Nothing to overhang: the base spreads 1:2:1 under its readings. */
        double unit = need / (2.0 * (double)chars);
        for (size_t i = first; i <= last; i++) {
            s->clusters[i].pad_before = s->clusters[i].pad_after = unit;
            s->clusters[i].advance += 2 * unit;
        }
    } else {
        /* Centred over its base: a side that may not be overhung makes the room. */
        s->clusters[first].pad_before = need / 2 - before;
        s->clusters[last].pad_after = need / 2 - after;
        s->clusters[first].advance += need / 2 - before;
        s->clusters[last].advance += need / 2 - after;
    }
}

/* Shapes each reading and lays the words out (see sm_ruby). */
static void prepare_ruby(sm_layouter *l, sm_shaped *s, const sm_style *style, double size) {
    const sm_rich *rich = s->rich;
    size_t groups = 0;
    for (size_t i = 0; i < rich->count; i++) groups += rich->spans[i].ruby != NULL;
    if (groups == 0) return;
    s->rubies = sm_arena_array(l->arena, groups, sizeof *s->rubies);
    double ruby_size = size * SM_RUBY_SCALE;
    for (size_t k = 0; k < s->count;) {
        const sm_span *span = &rich->spans[s->clusters[k].span];
        if (!span->ruby) {
            k++;
            continue;
        }
        size_t first = k, last = k;
        while (last + 1 < s->count && s->clusters[last + 1].span == s->clusters[k].span) last++;
        size_t r = s->ruby_count++;
        sm_ruby *ruby = &s->rubies[r];
        *ruby = (sm_ruby){.first = first, .last = last, .word_first = r, .word_last = r};
        /* The next character of a compound word joins the word of the ruby before it. */
        if (span->jukugo && r > 0 && s->rubies[r - 1].last + 1 == first)
            ruby->word_first = s->rubies[r - 1].word_first;
        sm_compose_shape_text(l, span->ruby, style, ruby_size, style->bold || span->bold,
                              style->vertical, &ruby->reading);
        for (size_t i = first; i <= last; i++) {
            s->clusters[i].ruby = (int)r;
            if (i > first) s->clusters[i].joined = true; /* one group: no break, no gaps */
        }
        k = last + 1;
    }
    for (size_t w0 = 0; w0 < s->ruby_count;) {
        size_t w1 = w0;
        while (w1 + 1 < s->ruby_count && s->rubies[w1 + 1].word_first == w0) w1++;
        for (size_t r = w0; r <= w1; r++) s->rubies[r].word_last = w1;
        double need =
            readings_width(s, w0, w1) - base_width_of(s, s->rubies[w0].first, s->rubies[w1].last);
        if (need > 1e-6)
            spread_word(s, w0, w1, need, ruby_size);
        else if (w1 > w0)
            join_jukugo(s, w0, w1);
        w0 = w1 + 1;
    }
}

/* Any ASCII letter, digit or sign beside the digits: they are part of a Western run (3.14,
 * 1,000, A4, a URL's d=1&e=2) that turns sideways as a whole; no part of it is set upright. */
static bool continues_number(const sm_cluster *c) { return c->cp > 0x20 && c->cp < 0x7f; }

/* Tate-chu-yoko (text-combine-upright): a number of one to three digits in vertical text
 * is set upright in one em like a kanji — two or three side by side (JLREQ 3.4.1), one
 * alone as a full-width figure; longer numbers and words turn sideways with the Latin. */
static void prepare_tate_chu_yoko(sm_layouter *l, sm_shaped *s, const sm_style *style,
                                  double size) {
    for (size_t k = 0; k < s->count;) {
        size_t end = k;
        while (end < s->count && s->clusters[end].cp < 0x80 &&
               g_ascii_isdigit((int)s->clusters[end].cp))
            end++;
        size_t digits = end - k;
        bool alone = (k == 0 || !continues_number(&s->clusters[k - 1])) &&
                     (end == s->count || !continues_number(&s->clusters[end]));
        if (digits < 1 || digits > 3 || !alone) {
            k = digits ? end : k + 1;
            continue;
        }
        s->tcys = sm_arena_grow(l->arena, s->tcys, s->tcy_count, s->tcy_count + 1, sizeof *s->tcys);
        const sm_span *span = &s->rich->spans[s->clusters[k].span];
        char *text = sm_arena_strndup(l->arena, s->text + s->clusters[k].start,
                                      s->clusters[end - 1].end - s->clusters[k].start);
        sm_compose_shape_text(l, text, style, size, style->bold || span->bold, false,
                              &s->tcys[s->tcy_count]);
        sm_cluster *first = &s->clusters[k];
        first->tcy = (int)s->tcy_count++;
        first->cls = SM_JC_IDEOGRAPH; /* set like a kanji: no 和欧間 around it */
        first->advance = size;
        for (size_t i = k + 1; i < end; i++) {
            s->clusters[i].absorbed = true;
            s->clusters[i].cls = SM_JC_IDEOGRAPH;
            s->clusters[i].advance = 0;
        }
        k = end;
    }
}

/* The text harfbuzz sees: an author's line break as a space. No font has a glyph for '\n',
 * and Pango measures a missing glyph by loading a whole fallback face to draw a hex box
 * with (a 20 MB CJK collection, 5-25 ms the first time) for a cluster that is hidden
 * anyway. Same length, so every offset still points into the paragraph's own text. */
static const char *text_to_shape(sm_layouter *l, const char *text, size_t length) {
    if (!memchr(text, '\n', length)) return text;
    char *copy = sm_arena_strndup(l->arena, text, length);
    for (char *p = copy; (p = memchr(p, '\n', length - (size_t)(p - copy))); p++) *p = ' ';
    return copy;
}

void sm_compose_shape(sm_layouter *l, const sm_rich *rich, const sm_style *style, double size,
                      double width, sm_shaped *out) {
    memset(out, 0, sizeof *out);
    out->rich = rich;
    GString *all = g_string_new(NULL);
    out->span_ends = sm_arena_array(l->arena, rich->count + 1, sizeof *out->span_ends);
    for (size_t i = 0; i < rich->count; i++) {
        g_string_append(all, rich->spans[i].text);
        out->span_ends[i] = all->len;
    }
    out->length = all->len;
    out->text = sm_arena_strndup(l->arena, all->str, all->len);
    g_string_free(all, TRUE);
    if (out->length == 0 || rich->count == 0) return;

    PangoAttrList *attrs = font_attributes(out, style, size);
    out->vertical = style->vertical;
    PangoContext *context = style->vertical ? l->fonts->vertical : l->fonts->context;
    GList *items = pango_itemize(context, out->text, 0, (int)out->length, attrs, NULL);
    pango_attr_list_unref(attrs);
    const char *shaped_text = text_to_shape(l, out->text, out->length);
    out->item_count = (int)g_list_length(items);
    out->items = sm_arena_array(l->arena, (size_t)out->item_count, sizeof *out->items);
    out->glyphs = sm_arena_array(l->arena, (size_t)out->item_count, sizeof *out->glyphs);
    int i = 0;
    for (GList *it = items; it; it = it->next, i++) {
        PangoItem *item = it->data;
        PangoGlyphString *glyphs = pango_glyph_string_new();
        pango_shape_item(item, shaped_text, (int)out->length, NULL, glyphs, PANGO_SHAPE_NONE);
        sm_arena_defer(l->arena, (void (*)(void *))pango_item_free, item);
        sm_arena_defer(l->arena, (void (*)(void *))pango_glyph_string_free, glyphs);
        out->items[i] = item;
        out->glyphs[i] = glyphs;
    }
    g_list_free(items);

    collect_clusters(l, out, size);
    prepare_ruby(l, out, style, size);
    if (style->vertical) prepare_tate_chu_yoko(l, out, style, size);
    for (size_t k = 0; k < rich->count; k++)
        if (rich->spans[k].emphasis) out->has_emphasis = true;
    if (out->has_emphasis)
        sm_compose_shape_text(l, "\xef\xb9\x85", style, size * SM_RUBY_SCALE, false,
                              style->vertical, &out->dot);
    add_autospace(out, style);
    collapse_punctuation(out);
    find_breaks(l, out, style, width);
}
