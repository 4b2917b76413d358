/* inspect.c: reads the objects the checks need — page boxes, fonts, image dictionaries,
 * colour spaces and the document's catalog, info and trailer. */
#include "preflight.h"

#include <ctype.h>
#include <string.h>

void sm_pf_inspect_boxes(qpdf_data q, qpdf_oh page, sm_pf_page *out) {
    /* MediaBox and CropBox inherit through the page tree; TrimBox and BleedBox do not. */
    out->media = sm_pf_box_read(q, sm_pf_inherited(q, page, "/MediaBox"));
    out->crop = sm_pf_box_read(q, sm_pf_inherited(q, page, "/CropBox"));
    out->trim = sm_pf_box_read(q, sm_pf_key(q, page, "/TrimBox"));
    out->bleed = sm_pf_box_read(q, sm_pf_key(q, page, "/BleedBox"));
}

/* ---- fonts ------------------------------------------------------------------------------- */

static bool has_font_file(qpdf_data q, qpdf_oh descriptor) {
    return sm_pf_key(q, descriptor, "/FontFile") || sm_pf_key(q, descriptor, "/FontFile2") ||
           sm_pf_key(q, descriptor, "/FontFile3");
}

/* A subset's name starts with six capital letters and a plus: "ZYODDU+BIZUDPGothic". */
static bool is_subset_name(const char *name) {
    for (int i = 0; i < 6; i++)
        if (!isupper((unsigned char)name[i])) return false;
    return name[6] == '+';
}

static void describe_font(sm_arena *arena, qpdf_data q, const char *resource, qpdf_oh font,
                          sm_pf_font *out) {
    const char *subtype = sm_pf_name(arena, q, sm_pf_key(q, font, "/Subtype"));
    const char *base = sm_pf_name(arena, q, sm_pf_key(q, font, "/BaseFont"));
    out->resource = resource[0] == '/' ? resource + 1 : resource;
    out->subtype = subtype ? subtype : "";
    out->base_font = base ? base : "";
    out->subset = is_subset_name(out->base_font);
    if (subtype && strcmp(subtype, "Type3") == 0) {
        out->embedded = true; /* its glyphs are content streams inside the PDF */
        return;
    }
    qpdf_oh descriptor = sm_pf_key(q, font, "/FontDescriptor");
    if (subtype && strcmp(subtype, "Type0") == 0) {
        /* A composite font's program belongs to its one descendant CIDFont. */
        qpdf_oh descendants = sm_pf_key(q, font, "/DescendantFonts");
        descriptor = 0;
        if (descendants && qpdf_oh_is_array(q, descendants) &&
            qpdf_oh_get_array_n_items(q, descendants) > 0)
            descriptor = sm_pf_key(q, qpdf_oh_get_array_item(q, descendants, 0), "/FontDescriptor");
    }
    out->embedded = descriptor && has_font_file(q, descriptor);
}

bool sm_pf_font_vertical(qpdf_data q, qpdf_oh font) {
    sm_pf_scratch s = {.q = q};
    bool vertical = false;
    qpdf_oh encoding = sm_pf_hold(&s, sm_pf_key(q, font, "/Encoding"));
    if (!sm_pf_is(q, sm_pf_hold(&s, sm_pf_key(q, font, "/Subtype")), "/Type0") || !encoding) {
        vertical = false;
    } else if (qpdf_oh_is_name(q, encoding)) {
        const char *name = qpdf_oh_get_name(q, encoding);
        size_t n = strlen(name);
        vertical = n >= 2 && strcmp(name + n - 2, "-V") == 0; /* Identity-V, UniJIS-UCS2-V… */
    } else {
        double wmode = 0;
        vertical =
            sm_pf_number(q, sm_pf_hold(&s, sm_pf_key(q, encoding, "/WMode")), &wmode) && wmode == 1;
    }
    sm_pf_drop(&s);
    return vertical;
}

static bool font_listed(const sm_pf_page *page, int id, const int *ids) {
    for (size_t i = 0; id && i < page->font_count; i++)
        if (ids[i] == id) return true;
    return false;
}

/* The walk over resources: fonts once each by object number (a direct font dictionary has
 * none and is listed as found), forms once each, depth-limited against cycles. */
typedef struct font_walk {
    sm_arena *arena;
    qpdf_data q;
    sm_pf_page *page;
    int *font_ids; /* parallel to page->fonts */
    int *form_ids;
    size_t form_count, form_capacity;
} font_walk;

static void walk_fonts(font_walk *w, qpdf_oh resources, int depth) {
    qpdf_data q = w->q;
    sm_pf_page *page = w->page;
    qpdf_oh fonts = sm_pf_key(q, resources, "/Font");
    const char **keys;
    size_t count = sm_pf_keys(w->arena, q, fonts, &keys);
    for (size_t i = 0; i < count; i++) {
        qpdf_oh font = sm_pf_key(q, fonts, keys[i]);
        if (!font || !qpdf_oh_is_dictionary(q, font)) continue;
        int id = sm_pf_object_id(q, font);
        if (font_listed(page, id, w->font_ids)) continue;
        if (page->font_count == page->font_capacity) {
            size_t grown = page->font_capacity ? page->font_capacity * 2 : 8;
            page->fonts =
                sm_arena_grow(w->arena, page->fonts, page->font_count, grown, sizeof *page->fonts);
            w->font_ids =
                sm_arena_grow(w->arena, w->font_ids, page->font_count, grown, sizeof *w->font_ids);
            page->font_capacity = grown;
        }
        w->font_ids[page->font_count] = id;
        describe_font(w->arena, q, keys[i], font, &page->fonts[page->font_count++]);
    }
    if (depth >= SM_PF_MAX_FORM_DEPTH) return;
    qpdf_oh xobjects = sm_pf_key(q, resources, "/XObject");
    count = sm_pf_keys(w->arena, q, xobjects, &keys);
    for (size_t i = 0; i < count; i++) {
        qpdf_oh x = sm_pf_key(q, xobjects, keys[i]);
        if (!x || !qpdf_oh_is_stream(q, x) || !sm_pf_is(q, sm_pf_key(q, x, "/Subtype"), "/Form"))
            continue;
        int id = sm_pf_object_id(q, x);
        bool seen = false;
        for (size_t j = 0; id && j < w->form_count; j++) seen = seen || w->form_ids[j] == id;
        if (seen) continue;
        if (w->form_count == w->form_capacity) {
            size_t grown = w->form_capacity ? w->form_capacity * 2 : 8;
            w->form_ids =
                sm_arena_grow(w->arena, w->form_ids, w->form_count, grown, sizeof *w->form_ids);
            w->form_capacity = grown;
        }
        w->form_ids[w->form_count++] = id;
        qpdf_oh form_resources = sm_pf_key(q, x, "/Resources");
        if (form_resources) walk_fonts(w, form_resources, depth + 1);
    }
}

void sm_pf_inspect_fonts(sm_arena *arena, qpdf_data q, qpdf_oh resources, sm_pf_page *page) {
    font_walk w = {.arena = arena, .q = q, .page = page};
    walk_fonts(&w, resources, 0);
}

/* ---- images and colour spaces ----------------------------------------------------------- */

static bool is_device_space(const char *name) {
    static const char *const known[] = {"/DeviceGray", "/DeviceRGB", "/DeviceCMYK", "/Pattern",
                                        "/CalGray",    "/CalRGB",    "/Lab",        "/Indexed",
                                        "/Separation", "/DeviceN",   "/ICCBased"};
    for (size_t i = 0; i < sizeof known / sizeof *known; i++)
        if (strcmp(name, known[i]) == 0) return true;
    return false;
}

/* A named colour space that is no family name is a key of the resources' /ColorSpace. */
static qpdf_oh resolve_space(sm_pf_scratch *s, qpdf_oh space, qpdf_oh resources) {
    qpdf_data q = s->q;
    if (!space || !qpdf_oh_is_name(q, space) || is_device_space(qpdf_oh_get_name(q, space)))
        return space;
    qpdf_oh spaces = sm_pf_hold(s, sm_pf_key(q, resources, "/ColorSpace"));
    return sm_pf_hold(s, sm_pf_key(q, spaces, qpdf_oh_get_name(q, space)));
}

/* The family name: a name itself, or the first element of an array. */
static qpdf_oh space_family(sm_pf_scratch *s, qpdf_oh space) {
    if (space && qpdf_oh_is_array(s->q, space) && qpdf_oh_get_array_n_items(s->q, space) > 0)
        return sm_pf_hold(s, qpdf_oh_get_array_item(s->q, space, 0));
    return space;
}

const char *sm_pf_colour_space_name(sm_arena *arena, qpdf_data q, qpdf_oh space,
                                    qpdf_oh resources) {
    sm_pf_scratch s = {.q = q};
    const char *name = sm_pf_name(arena, q, space_family(&s, resolve_space(&s, space, resources)));
    sm_pf_drop(&s);
    return name ? name : "unknown";
}

static char family_of(sm_pf_scratch *s, qpdf_oh space, qpdf_oh resources, bool *all) {
    qpdf_data q = s->q;
    space = resolve_space(s, space, resources);
    qpdf_oh family = space_family(s, space);
    if (sm_pf_is(q, family, "/DeviceGray") || sm_pf_is(q, family, "/CalGray")) return 'g';
    if (sm_pf_is(q, family, "/DeviceRGB") || sm_pf_is(q, family, "/CalRGB")) return 'r';
    if (sm_pf_is(q, family, "/DeviceCMYK")) return 'c';
    if (sm_pf_is(q, family, "/Separation")) {
        *all = qpdf_oh_get_array_n_items(q, space) > 1 &&
               sm_pf_is(q, sm_pf_hold(s, qpdf_oh_get_array_item(q, space, 1)), "/All");
        return 's';
    }
    if (sm_pf_is(q, family, "/ICCBased") && qpdf_oh_get_array_n_items(q, space) > 1) {
        /* An ICC profile counts as the device space of its number of components. */
        double n = 0;
        qpdf_oh profile = sm_pf_hold(s, qpdf_oh_get_array_item(q, space, 1));
        sm_pf_number(q, sm_pf_hold(s, sm_pf_key(q, profile, "/N")), &n);
        return n == 1 ? 'g' : n == 3 ? 'r' : n == 4 ? 'c' : 'o';
    }
    return 'o';
}

char sm_pf_colour_space_family(qpdf_data q, qpdf_oh space, qpdf_oh resources, bool *all) {
    *all = false;
    sm_pf_scratch s = {.q = q};
    char family = family_of(&s, space, resources, all);
    sm_pf_drop(&s);
    return family;
}

/* "FlateDecode", or the chain "ASCII85Decode+DCTDecode", or "none". */
static const char *filter_name(sm_arena *arena, sm_pf_scratch *s, qpdf_oh filter) {
    qpdf_data q = s->q;
    if (!filter) return "none";
    if (!qpdf_oh_is_array(q, filter)) {
        const char *name = sm_pf_name(arena, q, filter);
        return name ? name : "unknown";
    }
    const char *chain = "";
    int n = qpdf_oh_get_array_n_items(q, filter);
    for (int i = 0; i < n; i++) {
        qpdf_oh item = qpdf_oh_get_array_item(q, filter, i);
        const char *name = sm_pf_name(arena, q, item);
        qpdf_oh_release(q, item);
        chain = sm_arena_printf(arena, "%s%s%s", chain, i ? "+" : "", name ? name : "unknown");
    }
    return n ? chain : "none";
}

void sm_pf_inspect_image(sm_arena *arena, qpdf_data q, qpdf_oh dict, sm_pf_image *out) {
    sm_pf_scratch s = {.q = q};
    double v = 0;
    out->width = sm_pf_number(q, sm_pf_hold(&s, sm_pf_key(q, dict, "/Width")), &v) ? (long)v : 0;
    out->height = sm_pf_number(q, sm_pf_hold(&s, sm_pf_key(q, dict, "/Height")), &v) ? (long)v : 0;
    out->bits =
        sm_pf_number(q, sm_pf_hold(&s, sm_pf_key(q, dict, "/BitsPerComponent")), &v) ? (int)v : 0;
    qpdf_oh mask = sm_pf_hold(&s, sm_pf_key(q, dict, "/ImageMask"));
    out->stencil = mask && qpdf_oh_is_bool(q, mask) && qpdf_oh_get_bool_value(q, mask);
    out->filter = filter_name(arena, &s, sm_pf_hold(&s, sm_pf_key(q, dict, "/Filter")));
    qpdf_oh space = sm_pf_hold(&s, sm_pf_key(q, dict, "/ColorSpace"));
    if (out->stencil) {
        out->color_space = "stencil"; /* painted in the current fill colour */
        out->bits = 1;
    } else if (space) {
        /* Image colour spaces are never resource names, so no resources are needed. */
        out->color_space = sm_pf_colour_space_name(arena, q, space, 0);
    } else {
        out->color_space = strstr(out->filter, "JPXDecode") ? "JPX" : "unknown";
    }
    sm_pf_drop(&s);
}

/* ---- the document -------------------------------------------------------------------------- */

/* Info values are text strings by the spec; a name (as some writers use for /Trapped or our
 * /SMProfile) is read as its text. */
static const char *text_or_name(sm_arena *arena, qpdf_data q, qpdf_oh oh) {
    const char *s = sm_pf_text(arena, q, oh);
    return s ? s : sm_pf_name(arena, q, oh);
}

void sm_pf_inspect_document(sm_arena *arena, qpdf_data q, sm_pf_docinfo *out) {
    qpdf_oh trailer = qpdf_get_trailer(q);
    qpdf_oh root = qpdf_get_root(q);
    qpdf_oh info = sm_pf_key(q, trailer, "/Info");
    out->title = sm_pf_text(arena, q, sm_pf_key(q, info, "/Title"));
    out->producer = sm_pf_text(arena, q, sm_pf_key(q, info, "/Producer"));
    out->creation_date = sm_pf_text(arena, q, sm_pf_key(q, info, "/CreationDate"));
    out->mod_date = sm_pf_text(arena, q, sm_pf_key(q, info, "/ModDate"));
    out->trapped = text_or_name(arena, q, sm_pf_key(q, info, "/Trapped"));
    out->sm_profile = text_or_name(arena, q, sm_pf_key(q, info, "/SMProfile"));
    out->lang = sm_pf_text(arena, q, sm_pf_key(q, root, "/Lang"));
    out->tagged = sm_pf_key(q, root, "/StructTreeRoot") != 0;
    qpdf_oh display = sm_pf_key(q, sm_pf_key(q, root, "/ViewerPreferences"), "/DisplayDocTitle");
    out->display_doc_title =
        display && qpdf_oh_is_bool(q, display) && qpdf_oh_get_bool_value(q, display);
    qpdf_oh id = sm_pf_key(q, trailer, "/ID");
    out->has_id = id && qpdf_oh_is_array(q, id) && qpdf_oh_get_array_n_items(q, id) >= 1;
}
