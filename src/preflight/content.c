/* content.c: a minimal content stream interpreter — the graphics state, text positions and
 * colours, images drawn and Form XObjects entered — enough for the preflight's checks, with
 * every stream decoded under the limits of base/limits.h. */
#include "preflight.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Operands kept per operator. Arrays and dictionaries are kept as one open/close pair (no
 * check reads TJ's strings or a BDC's properties), so only an inline image's dictionary and
 * sc/scn (at most 32 components) need many. */
enum { MAX_OPERANDS = 1024 };

/* Resource lookups remembered per content stream, by name: a page sets the same font or draws
 * the same image thousands of times, and each lookup through qpdf makes handles. */
enum { CACHE_SIZE = 16 };

static const double MIB = 1024.0 * 1024.0;

typedef struct colour {
    char family; /* as sm_pf_colour_space_family: g r c s o */
    bool all;    /* Separation /All: the registration colour of trim marks */
    double c[4];
} colour;

/* The parts of the graphics state the checks read; q and Q save and restore all of it. */
typedef struct gstate {
    double ctm[6];
    colour fill, stroke;
    double font_size, leading, hscale, rise;
    int render_mode;
    bool vertical; /* the current font writes top to bottom */
} gstate;

/* What a name of the resources stands for: a font ('f', vertical or not), a colour space ('c',
 * its family), an image ('i', described) or a form ('x', its handle, released with the cache). */
typedef struct cached {
    char kind;
    char name[SM_PDF_TOKEN_TEXT];
    bool vertical;
    char family;
    bool all;
    sm_pf_image image;
    qpdf_oh form;
} cached;

typedef struct cache {
    cached entries[CACHE_SIZE];
    int count, next; /* when full, entries are replaced in turn */
} cache;

typedef struct interp {
    sm_arena *arena;
    qpdf_data q;
    sm_pf_page *page;
    sm_pf_safe_area safe;
    size_t *file_content; /* decoded bytes the file's pages have used */
    bool stopped;         /* past a limit: the rest of the page is not interpreted */
    cache *cache;         /* of the stream being run */
    gstate gs;
    gstate saved[SM_PF_MAX_SAVE_DEPTH];
    int depth, lost_saves; /* lost_saves: q past the limit, so their Q pop nothing */
    double tm[6], tlm[6];
    sm_pdf_token *operands;
    size_t count, capacity;
    int nesting;                     /* inside an operand array or dictionary */
    bool inline_dict;                /* between BI and ID every token is kept */
    int forms[SM_PF_MAX_FORM_DEPTH]; /* the object numbers of the forms being run */
    int form_depth;
} interp;

/* ---- matrices: [a b c d e f] as PDF writes them; points are row vectors ------------------ */

static void identity(double m[6]) {
    m[0] = m[3] = 1;
    m[1] = m[2] = m[4] = m[5] = 0;
}

/* out = a × b (apply a first, then b). out may alias either. */
static void multiply(const double a[6], const double b[6], double out[6]) {
    double r[6] = {a[0] * b[0] + a[1] * b[2],        a[0] * b[1] + a[1] * b[3],
                   a[2] * b[0] + a[3] * b[2],        a[2] * b[1] + a[3] * b[3],
                   a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]};
    memcpy(out, r, sizeof r);
}

static void apply(const double m[6], double x, double y, double *ox, double *oy) {
    *ox = x * m[0] + y * m[2] + m[4];
    *oy = x * m[1] + y * m[3] + m[5];
}

/* ---- operands ------------------------------------------------------------------------------ */

static void push(interp *it, const sm_pdf_token *t) {
    if (it->count == MAX_OPERANDS) {
        it->page->syntax_problems++;
        return;
    }
    if (it->count == it->capacity) {
        it->capacity = it->capacity ? it->capacity * 2 : 32;
        it->operands = sm_xrealloc(it->operands, it->capacity * sizeof *it->operands);
    }
    it->operands[it->count++] = *t;
}

/* The last n operands as numbers; false (and nothing read) when they are not all numbers. */
static bool numbers(interp *it, size_t n, double *out) {
    if (it->count < n) return false;
    for (size_t i = 0; i < n; i++) {
        const sm_pdf_token *t = &it->operands[it->count - n + i];
        if (t->type != SM_PDF_TOK_NUMBER) return false;
        out[i] = t->number;
    }
    return true;
}

static const char *last_name(const interp *it) {
    if (it->count == 0 || it->operands[it->count - 1].type != SM_PDF_TOK_NAME) return NULL;
    return it->operands[it->count - 1].text;
}

/* The resource `name` of category (/Font, /XObject, /ColorSpace) in resources, or 0; the
 * caller releases it. */
static qpdf_oh resource(interp *it, qpdf_oh resources, const char *category, const char *name) {
    char key[SM_PDF_TOKEN_TEXT + 1];
    snprintf(key, sizeof key, "/%s", name);
    qpdf_oh dict = sm_pf_key(it->q, resources, category);
    qpdf_oh value = sm_pf_key(it->q, dict, key);
    sm_pf_release(it->q, dict);
    return value;
}

/* The cached entry of kind for name, or a new one to fill (kind 0) when there is none. */
static cached *lookup(interp *it, char kind, const char *name) {
    cache *c = it->cache;
    for (int i = 0; i < c->count; i++)
        if (c->entries[i].kind == kind && strcmp(c->entries[i].name, name) == 0)
            return &c->entries[i];
    cached *e;
    if (c->count < CACHE_SIZE) {
        e = &c->entries[c->count++];
    } else {
        e = &c->entries[c->next];
        c->next = (c->next + 1) % CACHE_SIZE;
        sm_pf_release(it->q, e->form);
    }
    memset(e, 0, sizeof *e);
    snprintf(e->name, sizeof e->name, "%s", name);
    return e;
}

static void cache_clear(interp *it, cache *c) {
    for (int i = 0; i < c->count; i++) sm_pf_release(it->q, c->entries[i].form);
}

/* ---- colour ---------------------------------------------------------------------------------- */

/* The initial colour of a space: black, or full tint for a separation. */
static colour colour_of_space(char family, bool all) {
    colour c = {.family = family, .all = all};
    if (family == 'c') c.c[3] = 1;
    if (family == 's') c.c[0] = 1;
    return c;
}

static void set_space(interp *it, qpdf_oh resources, colour *target) {
    const char *name = last_name(it);
    if (!name) return;
    cached *e = lookup(it, 'c', name);
    if (!e->kind) {
        char key[SM_PDF_TOKEN_TEXT + 1];
        snprintf(key, sizeof key, "/%s", name);
        qpdf_oh space = qpdf_oh_new_name(it->q, key);
        e->kind = 'c';
        e->family = sm_pf_colour_space_family(it->q, space, resources, &e->all);
        qpdf_oh_release(it->q, space);
    }
    *target = colour_of_space(e->family, e->all);
}

/* sc/scn/SC/SCN: components in the current space (a pattern name leaves them alone). */
static void set_components(interp *it, colour *target) {
    if (target->family == 's') {
        it->page->ops.separation++;
        it->page->ops.registration += target->all;
    } else {
        it->page->ops.other++;
    }
    size_t n = 0;
    while (n < it->count && n < 4 && it->operands[it->count - 1 - n].type == SM_PDF_TOK_NUMBER) n++;
    double v[4] = {0};
    if (n == 0 || !numbers(it, n, v)) return;
    memcpy(target->c, v, sizeof v);
}

static void set_device(interp *it, colour *target, char family, size_t n) {
    double v[4] = {0};
    if (!numbers(it, n, v)) {
        it->page->syntax_problems++;
        return;
    }
    *target = (colour){.family = family};
    memcpy(target->c, v, sizeof v);
}

/* Near-black: every component ≤ 0.2 in RGB; in CMYK, what would print as near-black. */
static bool rgb_black(const colour *c) {
    return c->family == 'r' && c->c[0] <= 0.2 && c->c[1] <= 0.2 && c->c[2] <= 0.2;
}

static bool rich_black(const colour *c) {
    if (c->family != 'c') return false;
    double k = 1 - c->c[3];
    bool dark = (1 - c->c[0]) * k <= 0.2 && (1 - c->c[1]) * k <= 0.2 && (1 - c->c[2]) * k <= 0.2;
    return dark && (c->c[0] > 0 || c->c[1] > 0 || c->c[2] > 0);
}

/* ---- text ------------------------------------------------------------------------------------ */

static void text_move(interp *it, double tx, double ty) {
    double t[6] = {1, 0, 0, 1, tx, ty};
    multiply(t, it->tlm, it->tlm);
    memcpy(it->tm, it->tlm, sizeof it->tm);
}

/* One text-showing operator: its start point and 1 em box against the safe area, and the
 * colours it paints with. Glyph advances are not followed: the check is per show. */
static void show_text(interp *it) {
    const gstate *gs = &it->gs;
    int mode = gs->render_mode;
    if (mode == 3 || mode == 7) return; /* invisible: an OCR layer, a clip */
    sm_pf_text_stats *st = &it->page->text;
    bool fills = mode == 0 || mode == 2 || mode == 4 || mode == 6;
    bool strokes = mode == 1 || mode == 2 || mode == 5 || mode == 6;
    /* Text in the registration colour is a mark outside the trim (a page label of the trim
     * marks): neither content nor ink to judge. */
    if ((fills && gs->fill.all) || (strokes && gs->stroke.all)) {
        st->marks++;
        return;
    }
    st->shows++;
    double size[6] = {gs->font_size * gs->hscale, 0, 0, gs->font_size, 0, gs->rise};
    double trm[6];
    multiply(size, it->tm, trm);
    multiply(trm, gs->ctm, trm);
    double x, y;
    apply(trm, 0, 0, &x, &y);

    /* The em box: up and right of the origin for horizontal fonts; centred below it for
     * vertical ones, whose origin is the top centre of the glyph. */
    double ex0 = gs->vertical ? -0.5 : 0, ey0 = gs->vertical ? -1 : 0;
    double bx0 = INFINITY, by0 = INFINITY, bx1 = -INFINITY, by1 = -INFINITY;
    for (int corner = 0; corner < 4; corner++) {
        double px, py;
        apply(trm, ex0 + (corner & 1), ey0 + (corner >> 1), &px, &py);
        bx0 = fmin(bx0, px);
        by0 = fmin(by0, py);
        bx1 = fmax(bx1, px);
        by1 = fmax(by1, py);
    }
    const sm_pf_box *r = &it->safe.reference;
    if (r->present && isfinite(bx0) && isfinite(by0) && isfinite(bx1) && isfinite(by1)) {
        double inset = fmin(fmin(bx0 - r->x0, r->x1 - bx1), fmin(by0 - r->y0, r->y1 - by1));
        /* A hundredth of a point absorbs rounding in the writer's numbers. */
        if (inset < it->safe.inset - 0.01 && st->unsafe++ == 0) {
            st->unsafe_x = x;
            st->unsafe_y = y;
            st->unsafe_inset = inset;
        }
    }
    bool black = (fills && rgb_black(&gs->fill)) || (strokes && rgb_black(&gs->stroke));
    if (black && st->rgb_black++ == 0) {
        st->rgb_black_x = x;
        st->rgb_black_y = y;
    }
    st->rich_black += (fills && rich_black(&gs->fill)) || (strokes && rich_black(&gs->stroke));
}

static void set_font(interp *it, qpdf_oh resources) {
    double size;
    if (!numbers(it, 1, &size) || it->count < 2 ||
        it->operands[it->count - 2].type != SM_PDF_TOK_NAME) {
        it->page->syntax_problems++;
        return;
    }
    it->gs.font_size = size;
    const char *name = it->operands[it->count - 2].text;
    cached *e = lookup(it, 'f', name);
    if (!e->kind) {
        qpdf_oh font = resource(it, resources, "/Font", name);
        e->kind = 'f';
        e->vertical = font && sm_pf_font_vertical(it->q, font);
        sm_pf_release(it->q, font);
    }
    it->gs.vertical = e->vertical;
}

/* ---- images and forms --------------------------------------------------------------------------
 */

/* Records a drawing of an image: the unit square under the CTM is where it lands. */
static void place_image(interp *it, sm_pf_image image) {
    const double *m = it->gs.ctm;
    image.placed_w = hypot(m[0], m[1]);
    image.placed_h = hypot(m[2], m[3]);
    /* Below a thousandth of a point the drawing is degenerate: no resolution to speak of. */
    if (image.placed_w > 0.001 && image.placed_h > 0.001 && image.width > 0 && image.height > 0)
        image.ppi = fmin(image.width / (image.placed_w / 72), image.height / (image.placed_h / 72));
    sm_pf_page *page = it->page;
    if (page->image_count == SM_PF_MAX_IMAGES) {
        /* Not listed but still judged: the lowest resolution among them is kept. */
        if (image.ppi > 0 && (page->omitted_min_ppi == 0 || image.ppi < page->omitted_min_ppi))
            page->omitted_min_ppi = image.ppi;
        page->images_omitted++;
        return;
    }
    if (page->image_count == page->image_capacity) {
        size_t grown = page->image_capacity ? page->image_capacity * 2 : 8;
        page->images =
            sm_arena_grow(it->arena, page->images, page->image_count, grown, sizeof *page->images);
        page->image_capacity = grown;
    }
    page->images[page->image_count++] = image;
}

static void run(interp *it, const unsigned char *data, size_t size, qpdf_oh resources);

/* Stops the page at a limit; why is the finding's text. */
static void over_limit(interp *it, const char *why) {
    if (!it->page->over_limit) it->page->over_limit = why;
    it->stopped = true;
}

/* Decodes one content stream of the page (what: "the page's content stream", "form Fm1") under
 * the tightest of the stream's, the page's and the file's limits, and counts it against the
 * page and the file. NULL when it cannot be decoded or is past a limit (the page then stops). */
static unsigned char *decode(interp *it, qpdf_oh stream, const char *what, size_t *size) {
    if (it->page->streams++ == SM_PF_MAX_PAGE_STREAMS) {
        over_limit(it, sm_arena_printf(it->arena,
                                       "more than %d content streams and form drawings on the "
                                       "page, the limit per page",
                                       SM_PF_MAX_PAGE_STREAMS));
        return NULL;
    }
    size_t page_room = SM_PF_MAX_PAGE_CONTENT - it->page->content_size;
    size_t file_room = SM_PF_MAX_FILE_CONTENT - *it->file_content;
    size_t limit = SM_PF_MAX_STREAM;
    if (page_room < limit) limit = page_room;
    if (file_room < limit) limit = file_room;
    unsigned char *data = NULL;
    sm_pf_decode_status status = sm_pf_stream_decode(it->q, stream, limit, &data, size);
    if (status == SM_PF_DECODE_OK) {
        it->page->content_size += *size;
        *it->file_content += *size;
        return data;
    }
    if (status == SM_PF_DECODE_LIMIT && limit == file_room && file_room < SM_PF_MAX_STREAM) {
        over_limit(it, sm_arena_printf(it->arena,
                                       "the content of the file's pages together decodes to more "
                                       "than the limit of %.0f MiB per file",
                                       SM_PF_MAX_FILE_CONTENT / MIB));
        *it->file_content = SM_PF_MAX_FILE_CONTENT; /* the pages after this one are skipped */
    } else if (status == SM_PF_DECODE_LIMIT && limit == page_room && page_room < SM_PF_MAX_STREAM)
        over_limit(it, sm_arena_printf(it->arena,
                                       "the page's content, its forms counted each time they are "
                                       "drawn, decodes to more than the limit of %.0f MiB per page",
                                       SM_PF_MAX_PAGE_CONTENT / MIB));
    else if (status == SM_PF_DECODE_LIMIT)
        over_limit(it, sm_arena_printf(it->arena,
                                       "%s decodes to more than the limit of %.0f MiB per stream "
                                       "(a compression bomb, or content far denser than any page)",
                                       what, SM_PF_MAX_STREAM / MIB));
    else if (status == SM_PF_DECODE_UNBOUNDED)
        over_limit(it, sm_arena_printf(it->arena,
                                       "%s uses filters (LZW or run-length) whose output could "
                                       "pass the limit of %.0f MiB per stream",
                                       what, SM_PF_MAX_STREAM / MIB));
    return NULL;
}

static void run_form(interp *it, qpdf_oh form, const char *name, qpdf_oh resources) {
    int id = sm_pf_object_id(it->q, form);
    bool cyclic = false;
    for (int i = 0; i < it->form_depth; i++) cyclic = cyclic || (id && it->forms[i] == id);
    if (cyclic || it->form_depth == SM_PF_MAX_FORM_DEPTH) {
        it->page->forms_skipped++;
        return;
    }
    size_t size;
    unsigned char *data = decode(it, form, sm_arena_printf(it->arena, "form %s", name), &size);
    if (!data) {
        if (!it->stopped) it->page->forms_skipped++;
        return;
    }
    double matrix[6];
    identity(matrix);
    qpdf_oh m = sm_pf_key(it->q, form, "/Matrix");
    if (m && qpdf_oh_is_array(it->q, m) && qpdf_oh_get_array_n_items(it->q, m) == 6) {
        for (int i = 0; i < 6; i++) {
            qpdf_oh item = qpdf_oh_get_array_item(it->q, m, i);
            if (!sm_pf_number(it->q, item, &matrix[i])) identity(matrix);
            qpdf_oh_release(it->q, item);
        }
    }
    sm_pf_release(it->q, m);
    /* A form without resources uses its caller's (allowed in old PDFs). */
    qpdf_oh own = sm_pf_key(it->q, form, "/Resources");

    /* A form runs in a copy of the state and leaves none of it behind. */
    gstate gs = it->gs;
    int depth = it->depth, lost = it->lost_saves;
    double tm[6], tlm[6];
    memcpy(tm, it->tm, sizeof tm);
    memcpy(tlm, it->tlm, sizeof tlm);
    multiply(matrix, it->gs.ctm, it->gs.ctm);
    it->forms[it->form_depth++] = id;
    run(it, data, size, own ? own : resources);
    it->form_depth--;
    it->gs = gs;
    it->depth = depth;
    it->lost_saves = lost;
    memcpy(it->tm, tm, sizeof tm);
    memcpy(it->tlm, tlm, sizeof tlm);
    sm_pf_release(it->q, own);
    free(data);
}

static void draw_xobject(interp *it, qpdf_oh resources) {
    const char *name = last_name(it);
    if (!name) {
        it->page->syntax_problems++; /* Do of nothing */
        return;
    }
    cached *e = lookup(it, 'x', name);
    if (!e->kind) {
        qpdf_oh x = resource(it, resources, "/XObject", name);
        qpdf_oh subtype = x && qpdf_oh_is_stream(it->q, x) ? sm_pf_key(it->q, x, "/Subtype") : 0;
        e->kind = 'x';
        if (sm_pf_is(it->q, subtype, "/Form")) {
            e->form = x;
            x = 0;
        } else if (sm_pf_is(it->q, subtype, "/Image")) {
            e->family = 'i';
            e->image.resource = sm_arena_strdup(it->arena, name);
            sm_pf_inspect_image(it->arena, it->q, x, &e->image);
        } else if (!subtype) {
            e->family = '?';
        }
        sm_pf_release(it->q, subtype);
        sm_pf_release(it->q, x);
    }
    /* The form's handle belongs to the cache, which a form's own run does not touch. */
    if (e->form)
        run_form(it, e->form, name, resources);
    else if (e->family == 'i')
        place_image(it, e->image);
    else if (e->family == '?')
        it->page->syntax_problems++; /* Do of nothing */
}

/* Inline image keys and names have abbreviations (PDF 32000 tables 92 and 93). */
static const char *expand(const char *s) {
    static const char *const pairs[][2] = {{"W", "Width"},
                                           {"H", "Height"},
                                           {"BPC", "BitsPerComponent"},
                                           {"CS", "ColorSpace"},
                                           {"F", "Filter"},
                                           {"IM", "ImageMask"},
                                           {"G", "DeviceGray"},
                                           {"RGB", "DeviceRGB"},
                                           {"CMYK", "DeviceCMYK"},
                                           {"I", "Indexed"},
                                           {"AHx", "ASCIIHexDecode"},
                                           {"A85", "ASCII85Decode"},
                                           {"LZW", "LZWDecode"},
                                           {"Fl", "FlateDecode"},
                                           {"RL", "RunLengthDecode"},
                                           {"CCF", "CCITTFaxDecode"},
                                           {"DCT", "DCTDecode"}};
    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++)
        if (strcmp(s, pairs[i][0]) == 0) return pairs[i][1];
    return s;
}

static int components_of(const char *space) {
    if (strcmp(space, "DeviceGray") == 0 || strcmp(space, "Indexed") == 0) return 1;
    if (strcmp(space, "DeviceRGB") == 0) return 3;
    if (strcmp(space, "DeviceCMYK") == 0) return 4;
    return 0; /* a named resource space: unknown here */
}

/* At ID: reads the inline image's dictionary from the operands, skips its data, records it. */
static void inline_image(interp *it, sm_pdf_lexer *lex, qpdf_oh resources) {
    sm_pf_image image = {.resource = "inline", .color_space = "unknown", .filter = "none"};
    bool stencil = false;
    for (size_t i = 0; i + 1 < it->count; i++) {
        const sm_pdf_token *key = &it->operands[i];
        if (key->type != SM_PDF_TOK_NAME) continue;
        const char *k = expand(key->text);
        const sm_pdf_token *v = &it->operands[i + 1];
        if (strcmp(k, "Width") == 0 && v->type == SM_PDF_TOK_NUMBER) image.width = (long)v->number;
        if (strcmp(k, "Height") == 0 && v->type == SM_PDF_TOK_NUMBER)
            image.height = (long)v->number;
        if (strcmp(k, "BitsPerComponent") == 0 && v->type == SM_PDF_TOK_NUMBER)
            image.bits = (int)v->number;
        if (strcmp(k, "ImageMask") == 0 && v->type == SM_PDF_TOK_KEYWORD)
            stencil = strcmp(v->text, "true") == 0;
        if (strcmp(k, "ColorSpace") == 0 && v->type == SM_PDF_TOK_NAME) {
            const char *space = expand(v->text);
            if (!components_of(space) && strcmp(space, "Indexed") != 0) {
                char key_name[SM_PDF_TOKEN_TEXT + 1];
                snprintf(key_name, sizeof key_name, "/%s", space);
                qpdf_oh named = qpdf_oh_new_name(it->q, key_name);
                space = sm_pf_colour_space_name(it->arena, it->q, named, resources);
                qpdf_oh_release(it->q, named);
            }
            image.color_space = sm_arena_strdup(it->arena, space);
        }
        if (strcmp(k, "ColorSpace") == 0 && v->type == SM_PDF_TOK_ARRAY_OPEN && i + 2 < it->count &&
            it->operands[i + 2].type == SM_PDF_TOK_NAME)
            image.color_space = sm_arena_strdup(it->arena, expand(it->operands[i + 2].text));
        if (strcmp(k, "Filter") == 0 && v->type == SM_PDF_TOK_NAME)
            image.filter = sm_arena_strdup(it->arena, expand(v->text));
        if (strcmp(k, "Filter") == 0 && v->type == SM_PDF_TOK_ARRAY_OPEN) {
            const char *chain = "";
            for (size_t j = i + 2; j < it->count && it->operands[j].type == SM_PDF_TOK_NAME; j++)
                chain = sm_arena_printf(it->arena, "%s%s%s", chain, *chain ? "+" : "",
                                        expand(it->operands[j].text));
            if (*chain) image.filter = chain;
        }
    }
    if (stencil) {
        image.stencil = true;
        image.color_space = "stencil";
        image.bits = 1;
    }
    /* Unfiltered data has a computable length, which lets binary "EI" bytes pass. */
    long expected = -1;
    int comps = stencil ? 1 : components_of(image.color_space);
    if (strcmp(image.filter, "none") == 0 && comps && image.bits > 0 && image.width > 0 &&
        image.height > 0 && image.width < 1000000 && image.height < 1000000)
        expected = image.height * ((image.width * comps * image.bits + 7) / 8);
    sm_pdf_lex_skip_inline_image(lex, expected);
    place_image(it, image);
}

/* ---- the operators -----------------------------------------------------------------------------
 */

/* The operators the checks need; every other one (paths, clipping, marked content…) does
 * nothing. Looked up by a table rather than a chain of string comparisons: a page has
 * millions of operators, most of them paths. */
typedef enum opcode {
    OP_OTHER,
    OP_q,
    OP_Q,
    OP_cm,
    OP_BT,
    OP_Tf,
    OP_TL,
    OP_Tz,
    OP_Ts,
    OP_Tr,
    OP_Td,
    OP_TD,
    OP_Tm,
    OP_Tstar,
    OP_Tj,
    OP_TJ,
    OP_quote,
    OP_dquote,
    OP_rg,
    OP_RG,
    OP_k,
    OP_K,
    OP_g,
    OP_G,
    OP_cs,
    OP_CS,
    OP_sc,
    OP_SC,
    OP_Do,
    OP_BI,
    OP_ID,
} opcode;

static const struct {
    char name[4];
    opcode code;
} operators[] = {
    {"q", OP_q},     {"Q", OP_Q},       {"cm", OP_cm},    {"BT", OP_BT},  {"Tf", OP_Tf},
    {"TL", OP_TL},   {"Tz", OP_Tz},     {"Ts", OP_Ts},    {"Tr", OP_Tr},  {"Td", OP_Td},
    {"TD", OP_TD},   {"Tm", OP_Tm},     {"T*", OP_Tstar}, {"Tj", OP_Tj},  {"TJ", OP_TJ},
    {"'", OP_quote}, {"\"", OP_dquote}, {"rg", OP_rg},    {"RG", OP_RG},  {"k", OP_k},
    {"K", OP_K},     {"g", OP_g},       {"G", OP_G},      {"cs", OP_cs},  {"CS", OP_CS},
    {"sc", OP_sc},   {"scn", OP_sc},    {"SC", OP_SC},    {"SCN", OP_SC}, {"Do", OP_Do},
    {"BI", OP_BI},   {"ID", OP_ID},
};

static opcode opcode_of(const char *op) {
    /* Every operator the checks need has at most three characters. */
    if (op[1] && op[2] && op[3]) return OP_OTHER;
    for (size_t i = 0; i < sizeof operators / sizeof *operators; i++)
        if (operators[i].name[0] == op[0] && strcmp(operators[i].name, op) == 0)
            return operators[i].code;
    return OP_OTHER;
}

static void execute(interp *it, opcode op, sm_pdf_lexer *lex, qpdf_oh resources) {
    gstate *gs = &it->gs;
    sm_pf_colour_ops *ops = &it->page->ops;
    double v[6];
    switch (op) {
    case OP_OTHER: break;
    case OP_q:
        if (it->depth == SM_PF_MAX_SAVE_DEPTH)
            it->lost_saves++;
        else
            it->saved[it->depth++] = *gs;
        break;
    case OP_Q:
        if (it->lost_saves)
            it->lost_saves--;
        else if (it->depth)
            *gs = it->saved[--it->depth];
        break;
    case OP_cm:
        if (numbers(it, 6, v)) multiply(v, gs->ctm, gs->ctm);
        break;
    case OP_BT:
        identity(it->tm);
        identity(it->tlm);
        break;
    case OP_Tf: set_font(it, resources); break;
    case OP_TL:
        if (numbers(it, 1, v)) gs->leading = v[0];
        break;
    case OP_Tz:
        if (numbers(it, 1, v)) gs->hscale = v[0] / 100;
        break;
    case OP_Ts:
        if (numbers(it, 1, v)) gs->rise = v[0];
        break;
    case OP_Tr:
        if (numbers(it, 1, v)) gs->render_mode = (int)v[0];
        break;
    case OP_Td:
        if (numbers(it, 2, v)) text_move(it, v[0], v[1]);
        break;
    case OP_TD:
        if (numbers(it, 2, v)) {
            gs->leading = -v[1];
            text_move(it, v[0], v[1]);
        }
        break;
    case OP_Tm:
        if (numbers(it, 6, v)) {
            memcpy(it->tm, v, sizeof it->tm);
            memcpy(it->tlm, v, sizeof it->tlm);
        }
        break;
    case OP_Tstar: text_move(it, 0, -gs->leading); break;
    case OP_Tj:
    case OP_TJ: show_text(it); break;
    case OP_quote:
    case OP_dquote:
        text_move(it, 0, -gs->leading); /* " also sets spacing, which moves no origin */
        show_text(it);
        break;
    case OP_rg:
        ops->rg++;
        set_device(it, &gs->fill, 'r', 3);
        break;
    case OP_RG:
        ops->RG++;
        set_device(it, &gs->stroke, 'r', 3);
        break;
    case OP_k:
        ops->k++;
        set_device(it, &gs->fill, 'c', 4);
        break;
    case OP_K:
        ops->K++;
        set_device(it, &gs->stroke, 'c', 4);
        break;
    case OP_g:
        ops->g++;
        set_device(it, &gs->fill, 'g', 1);
        break;
    case OP_G:
        ops->G++;
        set_device(it, &gs->stroke, 'g', 1);
        break;
    case OP_cs: set_space(it, resources, &gs->fill); break;
    case OP_CS: set_space(it, resources, &gs->stroke); break;
    case OP_sc: set_components(it, &gs->fill); break;
    case OP_SC: set_components(it, &gs->stroke); break;
    case OP_Do: draw_xobject(it, resources); break;
    case OP_BI: it->inline_dict = true; break;
    case OP_ID:
        it->inline_dict = false;
        inline_image(it, lex, resources);
        break;
    }
}

static bool is_operand_keyword(const char *s) {
    /* Operators are short; these three are the only keywords that are operands. */
    return (s[0] == 't' && strcmp(s, "true") == 0) || (s[0] == 'f' && strcmp(s, "false") == 0) ||
           (s[0] == 'n' && strcmp(s, "null") == 0);
}

static void run(interp *it, const unsigned char *data, size_t size, qpdf_oh resources) {
    sm_pdf_lexer lex;
    sm_pdf_lex_init(&lex, data, size);
    cache own = {0}, *outer = it->cache;
    it->cache = &own;
    it->count = 0;
    it->nesting = 0;
    it->inline_dict = false;
    while (!it->stopped) {
        sm_pdf_token t = sm_pdf_lex_next(&lex);
        if (t.type == SM_PDF_TOK_END) break;
        if (t.type == SM_PDF_TOK_KEYWORD && !is_operand_keyword(t.text)) {
            if (it->nesting) {
                it->page->syntax_problems++; /* an operator inside [ ] or << >> */
                it->nesting = 0;
            }
            opcode op = opcode_of(t.text);
            /* ID ends the dictionary it needs; any other operator ends an unfinished one. */
            if (it->inline_dict && op != OP_ID) it->inline_dict = false;
            execute(it, op, &lex, resources);
            /* A form run by Do reset the operands for its own stream. */
            it->count = 0;
            continue;
        }
        if (it->inline_dict) {
            push(it, &t);
            continue;
        }
        bool opens = t.type == SM_PDF_TOK_ARRAY_OPEN || t.type == SM_PDF_TOK_DICT_OPEN;
        bool closes = t.type == SM_PDF_TOK_ARRAY_CLOSE || t.type == SM_PDF_TOK_DICT_CLOSE;
        if (closes && it->nesting == 0) {
            it->page->syntax_problems++;
            continue;
        }
        if (opens) it->nesting++;
        if (closes) it->nesting--;
        /* Inside an array only its brackets are kept: no check reads the elements. */
        if (it->nesting == 0 || (opens && it->nesting == 1)) push(it, &t);
    }
    it->page->syntax_problems += lex.problems;
    cache_clear(it, &own);
    it->cache = outer;
}

/* The page's content: one stream, or an array of streams read as one (PDF 32000 7.8.2). NULL
 * when it cannot be decoded or is past a limit. */
static unsigned char *page_content(interp *it, qpdf_oh page_oh, size_t *size) {
    *size = 0;
    qpdf_oh contents = sm_pf_key(it->q, page_oh, "/Contents");
    if (!contents) return sm_xmalloc(1); /* an empty page */
    if (!qpdf_oh_is_array(it->q, contents)) {
        unsigned char *data = decode(it, contents, "the page's content stream", size);
        sm_pf_release(it->q, contents);
        return data;
    }
    unsigned char *all = NULL;
    size_t capacity = 0;
    int n = qpdf_oh_get_array_n_items(it->q, contents);
    bool ok = true;
    for (int i = 0; i < n && ok; i++) {
        qpdf_oh part = qpdf_oh_get_array_item(it->q, contents, i);
        size_t part_size;
        unsigned char *data =
            decode(it, part, sm_arena_printf(it->arena, "the page's content stream %d", i + 1),
                   &part_size);
        qpdf_oh_release(it->q, part);
        ok = data != NULL;
        if (ok) {
            /* A token may not span two streams: they are joined by white space. */
            if (*size + part_size + 1 > capacity) {
                capacity = 2 * (*size + part_size + 1);
                all = sm_xrealloc(all, capacity);
            }
            memcpy(all + *size, data, part_size);
            all[*size + part_size] = '\n';
            *size += part_size + 1;
        }
        free(data);
    }
    sm_pf_release(it->q, contents);
    if (!ok) {
        free(all);
        return NULL;
    }
    return all ? all : sm_xmalloc(1);
}

void sm_pf_content_run(sm_arena *arena, qpdf_data q, qpdf_oh page_oh, sm_pf_safe_area safe,
                       sm_pf_page *page, size_t *file_content) {
    interp *it = sm_xmalloc(sizeof *it);
    memset(it, 0, sizeof *it);
    it->arena = arena;
    it->q = q;
    it->page = page;
    it->safe = safe;
    it->file_content = file_content;
    identity(it->gs.ctm);
    it->gs.fill = it->gs.stroke = colour_of_space('g', false);
    it->gs.hscale = 1;
    identity(it->tm);
    identity(it->tlm);
    size_t size = 0;
    unsigned char *data = page_content(it, page_oh, &size);
    if (data) {
        qpdf_oh resources = sm_pf_inherited(q, page_oh, "/Resources");
        run(it, data, size, resources);
        sm_pf_release(q, resources);
    } else if (!it->stopped) {
        page->content_unreadable = true;
    }
    free(data);
    free(it->operands);
    free(it);
}
