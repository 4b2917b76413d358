/* fuzz_render.c: whole renders of generated definitions — the input is decoded into a page or
 * a flowing document of nested elements (text, heading, list, table, box, row, grid, qr, rule,
 * space, lines, image, page-break, flow, chart, glossary, section; split boxes)
 * with generated texts and styles, then load → resolve → layout → PDF (sometimes PNG): no
 * crash, no leak, no sanitizer report, and every failure is an error diagnostic. */
#include "fuzz_util.h"

#include "surimono.h"

#include <glib.h>
#include <unistd.h>

static sm_fonts *fonts;
static FILE *devnull;
static char *work_dir; /* where the PDFs go, removed at exit */
static char *pdf_path, *png_path;

static void remove_work_dir(void) {
    unlink(pdf_path);
    unlink(png_path);
    rmdir(work_dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    const char *conf = getenv("SURIMONO_FONTS_CONF");
    sm_diags *diags = sm_diags_new();
    fonts = sm_fonts_new(conf && *conf ? conf : SM_SOURCE_DIR "/fonts/fonts.conf", diags);
    devnull = fopen("/dev/null", "w");
    if (!fonts || !devnull) {
        fprintf(stderr, "fuzz_render: %s\n",
                sm_diags_count(diags) ? sm_diags_at(diags, 0)->message : "cannot open /dev/null");
        exit(1);
    }
    sm_diags_free(diags);
    work_dir = g_dir_make_tmp("fuzz_render-XXXXXX", NULL);
    if (!work_dir) abort();
    pdf_path = g_build_filename(work_dir, "out.pdf", NULL);
    png_path = g_build_filename(work_dir, "out.png", NULL);
    atexit(remove_work_dir);
    /* Dates come from here, never the clock: runs stay reproducible. */
    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    return 0;
}

/* ---- the definition from the input ------------------------------------------------------ */

/* Text pieces: Japanese prose, punctuation, Latin, numbers and every kind of inline markup
 * (some of it broken on purpose), plus the variables the definition defines. */
/* clang-format off */
static const char *const pieces[] = {
    "情報漏えい", "を防ぐ", "ために", "、", "。", "「", "」", "（", "）", "ー", "ッ", "ゃ", "…",
    "――", "・", "！", "？", "セキュリティ", "書類", "学校", "先生方", "児童・生徒", "ICT", "PDF",
    " ", "\n", "10,270", "3.14", "2024", "12", "3", "https://www.example.jp/a/b?c=1", "**",
    "**太字**", "《《必ず》》", "《《", "》》", "{漢字|かんじ}", "{漢字|かん|じ}",
    "{明日|あした}", "{|x}", "{a|}", "[赤]{.warn}", "[色]{#c00}", "[x]{.nosuch}", "[", "]",
    "{school}", "{学校名}", "{nosuch}", "\\*", "\\{", "\\", "①", "※", "→ ", "○", "×", "％", "〜",
    "\xe3\x80\x80", "\t", "\"", "'", "#", ": ", "- ", "{", "}", "&", "*", "|", "e\xcc\x81",
    "\xe2\x80\x8b", "한", "\xf0\x9f\x98\x80", "\xef\xbf\xbd",
};
/* clang-format on */

static const char *const colors[] = {"accent",    "warn", "ink",         "muted",  "#c00",
                                     "#00000080", "red",  "transparent", "nosuch", "#12345"};
static const char *const lengths[] = {"0",   "1mm",  "5mm",  "30mm", "100mm",  "9pt",  "0.5pt",
                                      "50%", "100%", "150%", "2em",  "1000mm", "-5mm", "12"};
static const char *const sizes[] = {"1pt",  "6pt",   "9pt",   "10.5pt", "14pt", "26pt",
                                    "60pt", "400pt", "0.5pt", "2em",    "1mm"};
static const char *const images[] = {"assets/poster/printer.svg",
                                     "assets/poster/shredder.svg",
                                     "assets/scenes/staffroom.svg",
                                     "tests/fixtures/scene.png",
                                     "tests/fixtures/photo.jpg",
                                     "nosuch.png",
                                     "../outside.png"};

typedef struct gen {
    fz_input in;
    GString *out;
    int elements; /* made so far: bounds the work per input */
} gen;

static const char *pick(gen *g, const char *const *list, size_t n) {
    return list[fz_pick(&g->in, (unsigned)n)];
}
#define PICK(g, list) pick((g), (list), sizeof(list) / sizeof *(list))

/* A YAML double-quoted string: escapes make any character reach the loader, and what YAML
 * may not hold raw is written as \u. */
static void put_quoted(GString *out, const char *s) {
    g_string_append_c(out, '"');
    for (const char *p = s; *p;) {
        gunichar c = g_utf8_get_char(p);
        if (c == '"' || c == '\\') {
            g_string_append_c(out, '\\');
            g_string_append_c(out, (char)c);
        } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0xfeff ||
                   (c >= 0xfffe && c <= 0xffff)) {
            g_string_append_printf(out, "\\u%04X", c);
        } else {
            g_string_append_len(out, p, g_utf8_next_char(p) - p);
        }
        p = g_utf8_next_char(p);
    }
    g_string_append_c(out, '"');
}

/* A text: pieces picked by content bytes, now and then the input's own bytes. */
static void put_text(gen *g) {
    GString *text = g_string_new(NULL);
    unsigned n = 1 + fz_pick(&g->in, 12);
    uint8_t byte;
    for (unsigned i = 0; i < n && fz_next(&g->in, &byte); i++) {
        if (byte < 240) {
            g_string_append(text, pieces[byte % (sizeof pieces / sizeof *pieces)]);
            continue;
        }
        /* Raw input: up to 16 bytes made valid UTF-8. */
        size_t take = byte - 239u;
        if (take > g->in.size) take = g->in.size;
        char *raw = fz_utf8_copy(g->in.data, take);
        g_string_append(text, raw);
        free(raw);
        g->in.data += take;
        g->in.size -= take;
    }
    if (text->len == 0) g_string_append(text, "文");
    put_quoted(g->out, text->str);
    g_string_free(text, TRUE);
}

static void indent(GString *out, int depth) {
    for (int i = 0; i < depth; i++) g_string_append(out, "  ");
}

/* Style and placement keys every element takes, a few at a time. */
static void put_style(gen *g, int depth) {
    unsigned count = fz_pick(&g->in, 4);
    for (unsigned i = 0; i < count; i++) {
        indent(g->out, depth);
        switch (fz_pick(&g->in, 22)) {
        case 0: g_string_append_printf(g->out, "size: %s\n", PICK(g, sizes)); break;
        case 1: {
            static const char *const v[] = {"left", "center", "right", "justify"};
            g_string_append_printf(g->out, "align: %s\n", PICK(g, v));
            break;
        }
        case 2: {
            static const char *const v[] = {"strict", "normal", "loose"};
            g_string_append_printf(g->out, "line-break: %s\n", PICK(g, v));
            break;
        }
        case 3:
            g_string_append_printf(g->out, "writing-mode: %s\n",
                                   fz_bool(&g->in) ? "vertical-rl" : "horizontal-tb");
            break;
        case 4: g_string_append_printf(g->out, "text-indent: %s\n", PICK(g, sizes)); break;
        case 5: g_string_append_printf(g->out, "width: %s\n", PICK(g, lengths)); break;
        case 6: g_string_append_printf(g->out, "height: %s\n", PICK(g, lengths)); break;
        case 7: g_string_append_printf(g->out, "weight: %u\n", fz_pick(&g->in, 5)); break;
        case 8:
            g_string_append_printf(g->out, "place: [%s, %s]\n", PICK(g, lengths), PICK(g, lengths));
            break;
        case 9: {
            static const char *const v[] = {"top", "middle", "bottom"};
            g_string_append_printf(g->out, "valign: %s\n", PICK(g, v));
            break;
        }
        case 10:
            g_string_append_printf(g->out, "bold: %s\n", fz_bool(&g->in) ? "true" : "false");
            break;
        case 11: g_string_append_printf(g->out, "color: \"%s\"\n", PICK(g, colors)); break;
        case 12: {
            static const char *const v[] = {
                "gothic", "mincho", "heading", "latin", "Noto Serif CJK JP", "Nosuch"};
            g_string_append_printf(g->out, "font: %s\n", PICK(g, v));
            break;
        }
        case 13: {
            static const char *const v[] = {"0.8", "1", "1.7", "4", "0.1"};
            g_string_append_printf(g->out, "line-height: %s\n", PICK(g, v));
            break;
        }
        case 14:
            g_string_append_printf(g->out, "hanging-punctuation: %s\n",
                                   fz_bool(&g->in) ? "allow-end" : "none");
            break;
        case 15:
            g_string_append_printf(g->out, "text-autospace: %s\n",
                                   fz_bool(&g->in) ? "normal" : "no-autospace");
            break;
        case 16:
            g_string_append_printf(g->out, "word-break: %s\n",
                                   fz_bool(&g->in) ? "auto-phrase" : "normal");
            break;
        case 17:
            g_string_append_printf(g->out, "text-wrap-style: %s\n",
                                   fz_bool(&g->in) ? "pretty" : "auto");
            break;
        case 18: {
            static const char *const v[] = {"trim-start", "space-first", "space-all"};
            g_string_append_printf(g->out, "text-spacing-trim: %s\n", PICK(g, v));
            break;
        }
        case 19: {
            static const char *const v[] = {"title", "subtitle", "body",
                                            "label", "footer",   "nosuch"};
            g_string_append_printf(g->out, "style: %s\n", PICK(g, v));
            break;
        }
        case 20: {
            static const char *const v[] = {"palt", "vert", "liga 0"};
            g_string_append_printf(g->out, "font-feature-settings: \"%s\"\n", PICK(g, v));
            break;
        }
        default:
            g_string_append_printf(g->out, "latin-font: %s\n",
                                   fz_bool(&g->in) ? "latin" : "Noto Sans CJK JP");
            break;
        }
    }
}

static void put_element(gen *g, int depth);

/* One to four texts as a YAML list at `depth`. */
static void put_text_items(gen *g, int depth) {
    for (unsigned n = 1 + fz_pick(&g->in, 4); n > 0; n--) {
        indent(g->out, depth);
        g_string_append(g->out, "- ");
        put_text(g);
        g_string_append_c(g->out, '\n');
    }
}

static void put_children(gen *g, int depth) {
    unsigned n = 1 + fz_pick(&g->in, 4);
    for (unsigned i = 0; i < n; i++) put_element(g, depth);
}

/* One element as a list item at `depth` (its keys one level deeper). */
static void put_element(gen *g, int depth) {
    GString *o = g->out;
    unsigned type = fz_pick(&g->in, 16);
    /* Deep or many: only leaves. */
    if ((depth > 6 || ++g->elements > 40) && type >= 3 && type <= 6) type = 0;
    indent(o, depth);
    g_string_append(o, "- ");
    switch (type) {
    case 0:
        g_string_append(o, "text: ");
        put_text(g);
        g_string_append_c(o, '\n');
        break;
    case 1:
        g_string_append(o, "heading: ");
        put_text(g);
        g_string_append_c(o, '\n');
        if (fz_bool(&g->in)) {
            indent(o, depth + 1);
            g_string_append_printf(o, "fit: %s\n", fz_bool(&g->in) ? "wrap" : "shrink");
            indent(o, depth + 1);
            g_string_append_printf(o, "max-lines: %u\n", 1 + fz_pick(&g->in, 4));
            indent(o, depth + 1);
            g_string_append_printf(o, "min-size: %s\n", PICK(g, sizes));
        }
        break;
    case 2: {
        static const char *const numbering[] = {"decimal", "circled", "bullet", "none"};
        g_string_append(o, "list:\n");
        put_text_items(g, depth + 2);
        indent(o, depth + 1);
        g_string_append_printf(o, "numbering: %s\n", PICK(g, numbering));
        indent(o, depth + 1);
        g_string_append_printf(o, "start: %u\n", fz_pick(&g->in, 10000));
        break;
    }
    case 3:
    case 4:
    case 5:
    case 6: {
        static const char *const containers[] = {"box", "stack", "row", "grid"};
        /* A stack may be a section: its own columns (an error unless in a body). */
        bool section = type == 4 && fz_bool(&g->in);
        g_string_append_printf(o, "%s:\n", section ? "section" : containers[type - 3]);
        put_children(g, depth + 2);
        indent(o, depth + 1);
        g_string_append_printf(o, "gap: %s\n", PICK(g, lengths));
        if (type == 3) {
            indent(o, depth + 1);
            g_string_append_printf(o, "fill: \"%s\"\n", PICK(g, colors));
            indent(o, depth + 1);
            g_string_append_printf(o, "border: \"%s\"\n", PICK(g, colors));
            indent(o, depth + 1);
            g_string_append_printf(o, "padding: %s\n", PICK(g, lengths));
            indent(o, depth + 1);
            g_string_append_printf(o, "radius: %s\n", PICK(g, lengths));
            static const char *const pointers[] = {"none", "left", "right", "top", "bottom"};
            indent(o, depth + 1);
            g_string_append_printf(o, "pointer: %s\n", PICK(g, pointers));
            indent(o, depth + 1);
            g_string_append_printf(o, "pointer-at: %s\n", PICK(g, lengths));
            indent(o, depth + 1);
            g_string_append_printf(o, "split: %s\n", fz_bool(&g->in) ? "allow" : "avoid");
        }
        if (section) {
            indent(o, depth + 1);
            g_string_append_printf(o, "columns: %u\n", 1 + fz_pick(&g->in, 3));
            indent(o, depth + 1);
            g_string_append_printf(o, "column-rule: %s\n", fz_bool(&g->in) ? "true" : "false");
        }
        if (type == 6) {
            indent(o, depth + 1);
            g_string_append_printf(o, "columns: %u\n", 1 + fz_pick(&g->in, 12));
        }
        break;
    }
    case 7: {
        g_string_append(o, "table:\n");
        unsigned rows = 1 + fz_pick(&g->in, 5), cols = 1 + fz_pick(&g->in, 5);
        for (unsigned r = 0; r < rows; r++) {
            indent(o, depth + 2);
            g_string_append(o, "- [");
            /* Rows may be short: missing cells are empty. */
            unsigned n = fz_pick(&g->in, 4) == 0 ? fz_pick(&g->in, cols + 1) : cols;
            for (unsigned c = 0; c < n; c++) {
                if (c) g_string_append(o, ", ");
                put_text(g);
            }
            g_string_append(o, "]\n");
        }
        indent(o, depth + 1);
        g_string_append_printf(o, "header: %s\n", fz_bool(&g->in) ? "true" : "false");
        if (fz_bool(&g->in)) {
            indent(o, depth + 1);
            g_string_append(o, "columns: [");
            for (unsigned c = 0, n = fz_pick(&g->in, cols + 2); c < n; c++)
                g_string_append_printf(o, "%s%s", c ? ", " : "", PICK(g, lengths));
            g_string_append(o, "]\n");
        }
        break;
    }
    case 8: {
        static const char *const levels[] = {"L", "M", "Q", "H"};
        g_string_append(o, "qr: ");
        put_text(g);
        g_string_append_c(o, '\n');
        indent(o, depth + 1);
        g_string_append_printf(o, "level: %s\n", PICK(g, levels));
        indent(o, depth + 1);
        g_string_append(o, "alt: QR\n");
        break;
    }
    case 9: g_string_append_printf(o, "rule: %s\n", PICK(g, lengths)); break;
    case 10: g_string_append_printf(o, "space: %s\n", PICK(g, lengths)); break;
    case 13:
        g_string_append_printf(o, "page-break: %s\n", fz_bool(&g->in) ? "page" : "column");
        break;
    case 14:
        if (fz_bool(&g->in)) { /* a chart instead: any type, any numbers */
            static const char *const types[] = {"bar", "pie", "donut", "line"};
            static const char *const values[] = {"0", "1", "7", "245", "-3", "1000000", "0.5"};
            g_string_append_printf(o, "chart: %s\n", PICK(g, types));
            indent(o, depth + 1);
            g_string_append_printf(o, "direction: %s\n",
                                   fz_bool(&g->in) ? "vertical" : "horizontal");
            indent(o, depth + 1);
            g_string_append_printf(o, "stacked: %s\n", fz_bool(&g->in) ? "true" : "false");
            indent(o, depth + 1);
            g_string_append(o, "unit: 人\n");
            unsigned categories = fz_pick(&g->in, 5);
            indent(o, depth + 1);
            g_string_append(o, "categories:\n");
            put_text_items(g, depth + 2);
            indent(o, depth + 1);
            g_string_append(o, "series:\n");
            for (unsigned n = 1 + fz_pick(&g->in, 3); n > 0; n--) {
                indent(o, depth + 2);
                g_string_append(o, "- name: ");
                put_text(g);
                g_string_append_c(o, '\n');
                indent(o, depth + 3);
                g_string_append(o, "values: [");
                for (unsigned v = 0; v < categories; v++)
                    g_string_append_printf(o, "%s%s", v ? ", " : "", PICK(g, values));
                g_string_append(o, "]\n");
            }
            break;
        }
        g_string_append(o, "flow:\n");
        put_text_items(g, depth + 2);
        indent(o, depth + 1);
        g_string_append_printf(o, "direction: %s\n", fz_bool(&g->in) ? "vertical" : "horizontal");
        if (fz_bool(&g->in)) {
            indent(o, depth + 1);
            g_string_append(o, "branches:\n");
            for (unsigned b = 1 + fz_pick(&g->in, 3); b > 0; b--) {
                indent(o, depth + 2);
                g_string_append(o, "- [");
                for (unsigned n = 1 + fz_pick(&g->in, 3); n > 0; n--) {
                    g_string_append(o, "\"");
                    put_text(g);
                    g_string_append(o, n > 1 ? "\", " : "\"");
                }
                g_string_append(o, "]\n");
            }
        }
        break;
    case 15: {
        static const char *const readings[] = {"あくせす", "ガメン",     "じょうほう", "ぱすわーど",
                                               "ろぐ",     "わんたいむ", "めーる",     "USB"};
        g_string_append(o, "glossary:\n");
        for (unsigned n = 1 + fz_pick(&g->in, 5); n > 0; n--) {
            indent(o, depth + 2);
            g_string_append(o, "- term: ");
            put_text(g);
            g_string_append_c(o, '\n');
            indent(o, depth + 3);
            g_string_append_printf(o, "reading: %s\n", PICK(g, readings));
            indent(o, depth + 3);
            g_string_append(o, "text: ");
            put_text(g);
            g_string_append_c(o, '\n');
        }
        break;
    }
    case 11:
        g_string_append_printf(o, "lines: %u\n", 1 + fz_pick(&g->in, 30));
        indent(o, depth + 1);
        g_string_append_printf(o, "columns: %u\n", 1 + fz_pick(&g->in, 4));
        indent(o, depth + 1);
        g_string_append_printf(o, "spacing: %s\n", PICK(g, lengths));
        break;
    default:
        g_string_append_printf(o, "image: %s\n", PICK(g, images));
        indent(o, depth + 1);
        g_string_append(o, "alt: ");
        put_text(g);
        g_string_append_c(o, '\n');
        if (fz_bool(&g->in)) {
            indent(o, depth + 1);
            g_string_append_printf(o, "markers:\n");
            for (unsigned n = 1 + fz_pick(&g->in, 3); n > 0; n--) {
                indent(o, depth + 2);
                g_string_append_printf(o, "- at: [%s, %s]\n", PICK(g, lengths), PICK(g, lengths));
            }
        }
        break;
    }
    put_style(g, depth + 1);
}

static char *generate(const uint8_t *data, size_t size, size_t *length) {
    static const char *const papers[] = {"A4", "A3", "A5", "B4", "B5", "custom"};
    static const char *const profiles[] = {"office", "shop", "shop-tombo"};
    static const char *const margins[] = {"15mm", "5mm", "0", "40mm", "30%"};
    gen g = {{data, size}, g_string_new(NULL), 0};
    GString *o = g.out;
    g_string_append(o, "title: ");
    put_text(&g);
    const char *paper = PICK(&g, papers);
    g_string_append_printf(o, "\npaper: %s\n", paper);
    if (strcmp(paper, "custom") == 0) {
        static const char *const sides[] = {"100mm", "20mm", "1000mm", "300pt", "10000mm"};
        g_string_append_printf(o, "paper-size: [%s, %s]\n", PICK(&g, sides), PICK(&g, sides));
    }
    g_string_append_printf(o, "orientation: %s\n", fz_bool(&g.in) ? "landscape" : "portrait");
    g_string_append_printf(o, "margin: %s\n", PICK(&g, margins));
    g_string_append_printf(o, "profile: %s\n", PICK(&g, profiles));
    g_string_append_printf(o, "color-mode: %s\n", fz_bool(&g.in) ? "gray" : "color");
    if (fz_bool(&g.in)) g_string_append(o, "theme: isen\n");
    g_string_append(o, "vars:\n  school: 北小学校\n  学校名: ");
    put_text(&g);
    g_string_append(o, "\nmeta:\n  author: fuzz\n  date: 2024-06-01\n");
    if (fz_bool(&g.in)) {
        g_string_append(o, "footer: ");
        put_text(&g);
        g_string_append_c(o, '\n');
    }
    g_string_append(o, "body:\n");
    for (unsigned n = 1 + fz_pick(&g.in, 6); n > 0; n--) put_element(&g, 1);
    /* The kind last (YAML keys have no order): older corpus inputs, which run out before
     * here, stay pages. A document flows the same body over pages and columns. */
    if (fz_bool(&g.in)) {
        static const char *const numbers[] = {"dash", "of", "none"};
        g_string_append_printf(o, "kind: document\ncolumns: %u\npage-numbers: %s\n",
                               1 + fz_pick(&g.in, 3), PICK(&g, numbers));
        g_string_append_printf(o, "column-rule: %s\ncover: %s\n", fz_bool(&g.in) ? "true" : "false",
                               fz_bool(&g.in) ? "true" : "false");
    } else {
        g_string_append(o, "kind: page\n");
    }
    *length = o->len;
    return g_string_free(o, FALSE);
}

/* ---- the render ------------------------------------------------------------------------ */

static void check_stage(const sm_doc *doc, bool ok, const char *stage, const char *yaml) {
    bool failed = sm_doc_failed(doc);
    bool any_error = false;
    for (size_t i = 0; i < sm_doc_diag_count(doc); i++) {
        const sm_diag *d = sm_doc_diag_at(doc, i);
        FZ_CHECK(d->file && d->message && d->message[0], "diagnostic %zu has no file or text", i);
        FZ_CHECK(d->line >= 0 && d->col >= 0, "%s:%d:%d: %s", d->file, d->line, d->col, d->message);
        any_error |= d->severity == SM_SEVERITY_ERROR;
    }
    FZ_CHECK(ok == !failed, "%s returned %d, failed is %d; definition:\n%s", stage, ok, failed,
             yaml);
    FZ_CHECK(!failed || any_error, "%s failed without an error; definition:\n%s", stage, yaml);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fz_input options = {data, size};
    bool png = fz_pick(&options, 8) == 0;
    double dpi = 5 + fz_pick(&options, 30);
    size_t length;
    char *yaml = generate(options.data, options.size, &length);
    if (getenv("FUZZ_RENDER_PRINT")) fprintf(stderr, "%s\n", yaml);

    sm_doc *doc = sm_doc_new();
    bool ok = sm_doc_load_buffer(doc, "fuzz.yaml", SM_SOURCE_DIR, yaml, length);
    check_stage(doc, ok, "load", yaml);
    if (ok) check_stage(doc, ok = sm_doc_resolve(doc), "resolve", yaml);
    if (ok) sm_doc_write_html(doc, devnull);
    if (ok) check_stage(doc, ok = sm_doc_layout(doc, fonts), "layout", yaml);
    if (ok) {
        FZ_CHECK(sm_doc_page_count(doc) >= 1, "no page laid out");
        sm_doc_dump_boxes(doc, devnull);
        sm_doc_dump_glyphs(doc, devnull);
        const char *out = png ? png_path : pdf_path;
        if (png)
            ok = sm_doc_render_png(doc, out, 1, dpi);
        else
            ok = sm_doc_render_pdf(doc, out);
        check_stage(doc, ok, png ? "render PNG" : "render PDF", yaml);
        /* A render either writes its file or leaves none (atomic output). */
        FZ_CHECK(ok == (access(out, F_OK) == 0), "render returned %d, file exists %d", ok,
                 access(out, F_OK) == 0);
        unlink(out);
    }
    sm_doc_free(doc);
    g_free(yaml);
    return 0;
}
