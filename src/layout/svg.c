/* svg.c: drawing the plain SVG subset with cairo (svg.h). The document is read with GLib's
 * XML parser into a small tree, then drawn element by element with the properties SVG 1.1
 * defines for it — the same cairo calls librsvg makes for these elements, so the recording
 * is the same drawing. What it does not know it does not guess at: it declines, and librsvg
 * draws the file. */
#include "svg.h"

#include "fonts.h"

#include <glib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* A document bigger than this is left to librsvg and its own limits. */
enum { MAX_ELEMENTS = 100000, MAX_DRAWN = 400000, MAX_USE_DEPTH = 16, MAX_NESTING = 256 };

typedef struct node {
    char *name;
    char **attributes; /* name, value, name, value, …, NULL */
    GString *text;     /* a text element's characters */
    struct node *parent, *first, *last, *next;
} node;

typedef struct tree {
    node *root, *open;
    GHashTable *ids; /* id → node */
    int elements, nesting;
    bool declined;
} tree;

/* ---- reading ------------------------------------------------------------------------ */

static bool known(const char *name, const char *const *list) {
    for (; *list; list++)
        if (strcmp(name, *list) == 0) return true;
    return false;
}

static const char *const elements[] = {
    "svg",  "g",        "defs",    "use",  "path",  "rect", "circle",   "ellipse",
    "line", "polyline", "polygon", "text", "title", "desc", "metadata", NULL};

/* Attributes that change nothing drawn, or that the drawing reads itself. */
static const char *const attributes[] = {"id",
                                         "x",
                                         "y",
                                         "width",
                                         "height",
                                         "d",
                                         "cx",
                                         "cy",
                                         "r",
                                         "rx",
                                         "ry",
                                         "x1",
                                         "y1",
                                         "x2",
                                         "y2",
                                         "points",
                                         "transform",
                                         "viewBox",
                                         "xlink:href",
                                         "href",
                                         "version",
                                         "style",
                                         "fill",
                                         "fill-opacity",
                                         "fill-rule",
                                         "stroke",
                                         "stroke-width",
                                         "stroke-opacity",
                                         "stroke-linecap",
                                         "stroke-linejoin",
                                         "stroke-miterlimit",
                                         "stroke-dasharray",
                                         "font-family",
                                         "font-size",
                                         "font-weight",
                                         "text-anchor",
                                         NULL};

/* An element of another vocabulary (an editor's sodipodi:namedview, an rdf:RDF): SVG draws
 * nothing of it, and nothing inside it. */
static bool foreign(const char *name) { return strchr(name, ':') != NULL; }

/* Whether n is, or is inside, what is not drawn: descriptions, metadata, foreign elements. */
static bool inside_metadata(const node *n) {
    for (; n; n = n->parent)
        if (strcmp(n->name, "metadata") == 0 || strcmp(n->name, "title") == 0 ||
            strcmp(n->name, "desc") == 0 || foreign(n->name))
            return true;
    return false;
}

/* Namespace declarations, and an attribute of another vocabulary (inkscape:label,
 * sodipodi:nodetypes), change nothing drawn; xlink: and xml: attributes are SVG's own (and
 * xml:space="preserve" keeps white space this drawer collapses: librsvg's). */
static bool ignorable_attribute(const char *name) {
    return strncmp(name, "xmlns", 5) == 0 ||
           (foreign(name) && strncmp(name, "xlink:", 6) != 0 && strncmp(name, "xml:", 4) != 0);
}

static void on_start(GMarkupParseContext *context, const char *name, const char **names,
                     const char **values, gpointer data, GError **error) {
    (void)context;
    (void)error;
    tree *t = data;
    if (t->declined) return;
    bool described = t->open && inside_metadata(t->open);
    if (++t->elements > MAX_ELEMENTS || ++t->nesting > MAX_NESTING ||
        (!described && !foreign(name) && !known(name, elements)) ||
        (!t->open && strcmp(name, "svg") != 0) || (t->open && strcmp(name, "svg") == 0) ||
        (t->open && strcmp(t->open->name, "text") == 0)) {
        t->declined = true;
        return;
    }
    node *n = g_new0(node, 1);
    n->name = g_strdup(name);
    size_t count = 0;
    while (names[count]) count++;
    n->attributes = g_new0(char *, 2 * count + 1);
    for (size_t i = 0; i < count; i++) {
        if (!described && !foreign(name) && !ignorable_attribute(names[i]) &&
            !known(names[i], attributes))
            t->declined = true;
        n->attributes[2 * i] = g_strdup(names[i]);
        n->attributes[2 * i + 1] = g_strdup(values[i]);
    }
    if (strcmp(name, "text") == 0) n->text = g_string_new(NULL);
    n->parent = t->open;
    if (!t->open) {
        t->root = n;
    } else if (t->open->last) {
        t->open->last->next = n;
        t->open->last = n;
    } else {
        t->open->first = t->open->last = n;
    }
    t->open = n;
    for (size_t i = 0; i < count; i++)
        if (strcmp(names[i], "id") == 0 && !described)
            g_hash_table_insert(t->ids, n->attributes[2 * i + 1], n);
}

static void on_end(GMarkupParseContext *context, const char *name, gpointer data, GError **error) {
    (void)context;
    (void)name;
    (void)error;
    tree *t = data;
    if (t->declined || !t->open) return;
    t->open = t->open->parent;
    t->nesting--;
}

static void on_text(GMarkupParseContext *context, const char *text, gsize length, gpointer data,
                    GError **error) {
    (void)context;
    (void)error;
    tree *t = data;
    if (t->declined || !t->open) return;
    if (t->open->text) g_string_append_len(t->open->text, text, (gssize)length);
}

static void free_node(node *n) {
    while (n) {
        node *next = n->next;
        free_node(n->first);
        g_free(n->name);
        g_strfreev(n->attributes);
        if (n->text) g_string_free(n->text, TRUE);
        g_free(n);
        n = next;
    }
}

static const char *attribute(const node *n, const char *name) {
    for (char **a = n->attributes; *a; a += 2)
        if (strcmp(a[0], name) == 0) return a[1];
    return NULL;
}

/* ---- numbers, lengths, colours, transforms ------------------------------------------- */

static bool is_wsp(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

static const char *skip_separators(const char *s) {
    while (is_wsp(*s) || *s == ',') s++;
    return s;
}

/* One SVG number at *s (after separators); advances *s. */
static bool number(const char **s, double *out) {
    const char *p = skip_separators(*s), *start = p;
    if (*p == '+' || *p == '-') p++;
    bool digits = false;
    while (g_ascii_isdigit(*p)) p++, digits = true;
    if (*p == '.') {
        p++;
        while (g_ascii_isdigit(*p)) p++, digits = true;
    }
    if (!digits) return false;
    if ((*p == 'e' || *p == 'E') &&
        (g_ascii_isdigit(p[1]) || ((p[1] == '-' || p[1] == '+') && g_ascii_isdigit(p[2])))) {
        p += 2;
        while (g_ascii_isdigit(*p)) p++;
    }
    *out = g_ascii_strtod(start, NULL);
    *s = p;
    return isfinite(*out);
}

/* A length in user units: a number, or one with px. Other units and percentages decline. */
static bool length(const char *text, double *out) {
    const char *s = text;
    if (!number(&s, out)) return false;
    if (strncmp(s, "px", 2) == 0) s += 2;
    return *skip_separators(s) == '\0';
}

static double length_or(const node *n, const char *name, double fallback, bool *ok) {
    const char *v = attribute(n, name);
    double out = fallback;
    if (v && !length(v, &out)) *ok = false;
    return out;
}

typedef struct paint {
    bool none;
    double r, g, b;
} paint;

static int hex_digit(char c) { return g_ascii_isxdigit(c) ? g_ascii_xdigit_value(c) : -1; }

static bool colour(const char *text, paint *out) {
    static const struct {
        const char *name;
        unsigned rgb;
    } names[] = {{"black", 0x000000},  {"white", 0xffffff}, {"red", 0xff0000},
                 {"green", 0x008000},  {"blue", 0x0000ff},  {"yellow", 0xffff00},
                 {"gray", 0x808080},   {"grey", 0x808080},  {"silver", 0xc0c0c0},
                 {"orange", 0xffa500}, {"navy", 0x000080},  {"maroon", 0x800000}};
    while (is_wsp(*text)) text++;
    size_t n = strlen(text);
    while (n && is_wsp(text[n - 1])) n--;
    unsigned rgb = 0;
    if (n == 4 && strncmp(text, "none", 4) == 0) {
        *out = (paint){.none = true};
        return true;
    }
    if (text[0] == '#' && (n == 4 || n == 7)) {
        for (size_t i = 1; i < n; i++)
            if (hex_digit(text[i]) < 0) return false;
        if (n == 4)
            for (int i = 1; i < 4; i++) rgb = rgb << 8 | (unsigned)(hex_digit(text[i]) * 17);
        else
            for (int i = 1; i < 7; i++) rgb = rgb << 4 | (unsigned)hex_digit(text[i]);
    } else {
        size_t k = 0;
        while (k < sizeof names / sizeof *names &&
               !(strlen(names[k].name) == n && g_ascii_strncasecmp(names[k].name, text, n) == 0))
            k++;
        if (k == sizeof names / sizeof *names) return false;
        rgb = names[k].rgb;
    }
    *out = (paint){false, (rgb >> 16) / 255.0, (rgb >> 8 & 0xff) / 255.0, (rgb & 0xff) / 255.0};
    return true;
}

/* transform="…": matrix, translate, scale, rotate, skewX, skewY, applied in order. */
static bool transform(const char *text, cairo_matrix_t *m) {
    cairo_matrix_init_identity(m);
    const char *s = text;
    for (;;) {
        s = skip_separators(s);
        if (!*s) return true;
        const char *name = s;
        while (g_ascii_isalpha(*s)) s++;
        size_t n = (size_t)(s - name);
        while (is_wsp(*s)) s++;
        if (*s++ != '(') return false;
        double v[6];
        int count = 0;
        while (count < 6 && number(&s, &v[count])) count++;
        s = skip_separators(s);
        if (*s++ != ')') return false;
        cairo_matrix_t t;
        if (n == 6 && strncmp(name, "matrix", 6) == 0 && count == 6) {
            cairo_matrix_init(&t, v[0], v[1], v[2], v[3], v[4], v[5]);
        } else if (n == 9 && strncmp(name, "translate", 9) == 0 && (count == 1 || count == 2)) {
            cairo_matrix_init_translate(&t, v[0], count == 2 ? v[1] : 0);
        } else if (n == 5 && strncmp(name, "scale", 5) == 0 && (count == 1 || count == 2)) {
            cairo_matrix_init_scale(&t, v[0], count == 2 ? v[1] : v[0]);
        } else if (n == 6 && strncmp(name, "rotate", 6) == 0 && (count == 1 || count == 3)) {
            double cx = count == 3 ? v[1] : 0, cy = count == 3 ? v[2] : 0;
            cairo_matrix_init_translate(&t, cx, cy);
            cairo_matrix_rotate(&t, v[0] * G_PI / 180);
            cairo_matrix_translate(&t, -cx, -cy);
        } else if (n == 5 && strncmp(name, "skewX", 5) == 0 && count == 1) {
            cairo_matrix_init(&t, 1, 0, tan(v[0] * G_PI / 180), 1, 0, 0);
        } else if (n == 5 && strncmp(name, "skewY", 5) == 0 && count == 1) {
            cairo_matrix_init(&t, 1, tan(v[0] * G_PI / 180), 0, 1, 0, 0);
        } else {
            return false;
        }
        /* The list reads left to right, outermost first. */
        cairo_matrix_multiply(m, &t, m);
    }
}

/* ---- style ---------------------------------------------------------------------------- */

typedef struct style {
    paint fill, stroke;
    double fill_opacity, stroke_opacity, stroke_width, miter_limit;
    cairo_fill_rule_t fill_rule;
    cairo_line_cap_t cap;
    cairo_line_join_t join;
    double dashes[16];
    int dash_count;
    char font_family[64];
    double font_size;
    bool bold;
    int anchor; /* 0 start, 1 middle, 2 end */
} style;

static bool opacity(const char *v, double *out) {
    const char *s = v;
    if (!number(&s, out) || *skip_separators(s)) return false;
    *out = fmin(1, fmax(0, *out));
    return true;
}

/* Where v (white space after it allowed) is among words, or -1. */
static int word_index(const char *v, const char *const *words) {
    size_t n = strlen(v);
    while (n && is_wsp(v[n - 1])) n--;
    for (int i = 0; words[i]; i++)
        if (strlen(words[i]) == n && strncmp(v, words[i], n) == 0) return i;
    return -1;
}

/* One presentation property, from an attribute or a style declaration. */
static bool set_property(style *st, const char *name, const char *v) {
    while (is_wsp(*v)) v++;
    if (strcmp(name, "fill") == 0) return colour(v, &st->fill);
    if (strcmp(name, "stroke") == 0) return colour(v, &st->stroke);
    if (strcmp(name, "fill-opacity") == 0) return opacity(v, &st->fill_opacity);
    if (strcmp(name, "stroke-opacity") == 0) return opacity(v, &st->stroke_opacity);
    if (strcmp(name, "stroke-width") == 0)
        return length(v, &st->stroke_width) && st->stroke_width >= 0;
    if (strcmp(name, "stroke-miterlimit") == 0) {
        const char *s = v;
        return number(&s, &st->miter_limit) && st->miter_limit >= 1;
    }
    /* Keywords, listed in the order of cairo's values where there is one. */
    static const char *const rules[] = {"nonzero", "evenodd", NULL};
    static const char *const caps[] = {"butt", "round", "square", NULL};
    static const char *const joins[] = {"miter", "round", "bevel", NULL};
    static const char *const weights[] = {"normal", "400", "bold", "700", NULL};
    static const char *const anchors[] = {"start", "middle", "end", NULL};
    int k;
    if (strcmp(name, "fill-rule") == 0) {
        if ((k = word_index(v, rules)) < 0) return false;
        st->fill_rule = k ? CAIRO_FILL_RULE_EVEN_ODD : CAIRO_FILL_RULE_WINDING;
        return true;
    }
    if (strcmp(name, "stroke-linecap") == 0) {
        if ((k = word_index(v, caps)) < 0) return false;
        st->cap = (cairo_line_cap_t)k; /* BUTT, ROUND, SQUARE */
        return true;
    }
    if (strcmp(name, "stroke-linejoin") == 0) {
        if ((k = word_index(v, joins)) < 0) return false;
        st->join = (cairo_line_join_t)k; /* MITER, ROUND, BEVEL */
        return true;
    }
    if (strcmp(name, "stroke-dasharray") == 0) {
        st->dash_count = 0;
        if (strcmp(v, "none") == 0) return true;
        const char *s = v;
        double total = 0;
        while (st->dash_count < 8 && number(&s, &st->dashes[st->dash_count])) {
            if (st->dashes[st->dash_count] < 0) return false;
            total += st->dashes[st->dash_count++];
        }
        if (*skip_separators(s) || st->dash_count == 0) return false;
        /* An odd list is repeated to make it even. */
        if (st->dash_count % 2)
            for (int i = 0; i < st->dash_count; i++) st->dashes[st->dash_count + i] = st->dashes[i];
        if (st->dash_count % 2) st->dash_count *= 2;
        if (total == 0) st->dash_count = 0;
        return true;
    }
    if (strcmp(name, "font-family") == 0) {
        g_strlcpy(st->font_family, v, sizeof st->font_family);
        return strlen(v) < sizeof st->font_family && !strchr(v, ',');
    }
    if (strcmp(name, "font-size") == 0) return length(v, &st->font_size) && st->font_size > 0;
    if (strcmp(name, "font-weight") == 0) {
        if ((k = word_index(v, weights)) < 0) return false;
        st->bold = k >= 2;
        return true;
    }
    if (strcmp(name, "text-anchor") == 0) {
        if ((k = word_index(v, anchors)) < 0) return false;
        st->anchor = k;
        return true;
    }
    return true; /* not a property */
}

/* The element's own properties over what it inherits: attributes, then style="" (which
 * wins, as CSS does). */
static bool apply_style(const node *n, style *st) {
    for (char **a = n->attributes; *a; a += 2)
        if (strcmp(a[0], "style") != 0 && !set_property(st, a[0], a[1])) return false;
    const char *css = attribute(n, "style");
    if (!css) return true;
    char **declarations = g_strsplit(css, ";", -1);
    bool ok = true;
    for (char **d = declarations; ok && *d; d++) {
        char *colon = strchr(*d, ':');
        char *name = g_strstrip(colon ? g_strndup(*d, (gsize)(colon - *d)) : g_strdup(*d));
        if (*name)
            ok = colon && known(name, attributes) && strcmp(name, "style") != 0 &&
                 set_property(st, name, colon + 1);
        g_free(name);
    }
    g_strfreev(declarations);
    return ok;
}

/* ---- drawing -------------------------------------------------------------------------- */

typedef struct drawer {
    cairo_t *cr;
    const tree *t;
    int drawn, use_depth;
    bool declined;
} drawer;

/* The elliptical arc of a path from the current point (x0, y0) to (x, y) (SVG 1.1 F.6.5). */
static void arc_to(cairo_t *cr, double x0, double y0, double rx, double ry, double angle,
                   bool large, bool sweep, double x, double y) {
    if (x0 == x && y0 == y) return;
    rx = fabs(rx), ry = fabs(ry);
    if (rx == 0 || ry == 0) {
        cairo_line_to(cr, x, y);
        return;
    }
    double phi = angle * G_PI / 180, c = cos(phi), s = sin(phi);
    double dx = (x0 - x) / 2, dy = (y0 - y) / 2;
    double x1 = c * dx + s * dy, y1 = -s * dx + c * dy;
    double lambda = x1 * x1 / (rx * rx) + y1 * y1 / (ry * ry);
    if (lambda > 1) rx *= sqrt(lambda), ry *= sqrt(lambda);
    double num = rx * rx * ry * ry - rx * rx * y1 * y1 - ry * ry * x1 * x1;
    double den = rx * rx * y1 * y1 + ry * ry * x1 * x1;
    double k = den > 0 ? sqrt(fmax(0, num / den)) : 0;
    if (large == sweep) k = -k;
    double cx1 = k * rx * y1 / ry, cy1 = -k * ry * x1 / rx;
    double cx = c * cx1 - s * cy1 + (x0 + x) / 2, cy = s * cx1 + c * cy1 + (y0 + y) / 2;
    double t1 = atan2((y1 - cy1) / ry, (x1 - cx1) / rx);
    double t2 = atan2((-y1 - cy1) / ry, (-x1 - cx1) / rx);
    double dt = t2 - t1;
    if (sweep && dt < 0) dt += 2 * G_PI;
    if (!sweep && dt > 0) dt -= 2 * G_PI;
    cairo_matrix_t saved;
    cairo_get_matrix(cr, &saved);
    cairo_translate(cr, cx, cy);
    cairo_rotate(cr, phi);
    cairo_scale(cr, rx, ry);
    if (sweep)
        cairo_arc(cr, 0, 0, 1, t1, t1 + dt);
    else
        cairo_arc_negative(cr, 0, 0, 1, t1, t1 + dt);
    cairo_set_matrix(cr, &saved);
}

static bool flag(const char **s, bool *out) {
    const char *p = skip_separators(*s);
    if (*p != '0' && *p != '1') return false;
    *out = *p == '1';
    *s = p + 1;
    return true;
}

/* Path data: M L H V C S Q T A Z, absolute and relative. */
static bool path_data(cairo_t *cr, const char *d) {
    const char *s = d;
    char command = 0;
    double x = 0, y = 0, start_x = 0, start_y = 0, cx = 0, cy = 0; /* cx, cy: last control */
    char last = 0;
    for (;;) {
        s = skip_separators(s);
        if (!*s) return true;
        if (g_ascii_isalpha(*s)) {
            command = *s++;
            if (!strchr("MmLlHhVvCcSsQqTtAaZz", command)) return false;
        } else if (!command || command == 'Z' || command == 'z') {
            return false;
        }
        bool rel = g_ascii_islower(command);
        double ox = rel ? x : 0, oy = rel ? y : 0, v[6];
        char up = g_ascii_toupper(command);
        switch (up) {
        case 'Z':
            cairo_close_path(cr);
            x = start_x, y = start_y;
            break;
        case 'M':
        case 'L':
        case 'T':
            if (!number(&s, &v[0]) || !number(&s, &v[1])) return false;
            if (up == 'T') {
                double qx = last == 'Q' || last == 'T' ? 2 * x - cx : x;
                double qy = last == 'Q' || last == 'T' ? 2 * y - cy : y;
                double ex = ox + v[0], ey = oy + v[1];
                cairo_curve_to(cr, x + 2.0 / 3 * (qx - x), y + 2.0 / 3 * (qy - y),
                               ex + 2.0 / 3 * (qx - ex), ey + 2.0 / 3 * (qy - ey), ex, ey);
                cx = qx, cy = qy;
                x = ex, y = ey;
            } else if (up == 'M') {
                x = start_x = ox + v[0], y = start_y = oy + v[1];
                cairo_move_to(cr, x, y);
                command = rel ? 'l' : 'L'; /* pairs after a moveto are linetos */
            } else {
                x = ox + v[0], y = oy + v[1];
                cairo_line_to(cr, x, y);
            }
            break;
        case 'H':
            if (!number(&s, &v[0])) return false;
            x = ox + v[0];
            cairo_line_to(cr, x, y);
            break;
        case 'V':
            if (!number(&s, &v[0])) return false;
            y = oy + v[0];
            cairo_line_to(cr, x, y);
            break;
        case 'C':
        case 'S':
        case 'Q': {
            int count = up == 'C' ? 6 : 4;
            for (int i = 0; i < count; i++)
                if (!number(&s, &v[i])) return false;
            if (up == 'Q') {
                double qx = ox + v[0], qy = oy + v[1], ex = ox + v[2], ey = oy + v[3];
                cairo_curve_to(cr, x + 2.0 / 3 * (qx - x), y + 2.0 / 3 * (qy - y),
                               ex + 2.0 / 3 * (qx - ex), ey + 2.0 / 3 * (qy - ey), ex, ey);
                cx = qx, cy = qy, x = ex, y = ey;
            } else {
                double x1, y1, k = up == 'C' ? 2 : 0;
                if (up == 'C') {
                    x1 = ox + v[0], y1 = oy + v[1];
                } else {
                    x1 = last == 'C' || last == 'S' ? 2 * x - cx : x;
                    y1 = last == 'C' || last == 'S' ? 2 * y - cy : y;
                }
                double x2 = ox + v[(int)k], y2 = oy + v[(int)k + 1];
                double ex = ox + v[(int)k + 2], ey = oy + v[(int)k + 3];
                cairo_curve_to(cr, x1, y1, x2, y2, ex, ey);
                cx = x2, cy = y2, x = ex, y = ey;
            }
            break;
        }
        case 'A': {
            bool large, sweep;
            if (!number(&s, &v[0]) || !number(&s, &v[1]) || !number(&s, &v[2]) ||
                !flag(&s, &large) || !flag(&s, &sweep) || !number(&s, &v[3]) || !number(&s, &v[4]))
                return false;
            double ex = ox + v[3], ey = oy + v[4];
            arc_to(cr, x, y, v[0], v[1], v[2], large, sweep, ex, ey);
            x = ex, y = ey;
            break;
        }
        default: return false;
        }
        last = up;
        if (!cairo_has_current_point(cr) && up != 'Z') return false;
    }
}

/* An ellipse, or an arc of one, around (cx, cy) in the current user space. */
static void ellipse_arc(cairo_t *cr, double cx, double cy, double rx, double ry, double from,
                        double to) {
    cairo_matrix_t saved;
    cairo_get_matrix(cr, &saved);
    cairo_translate(cr, cx, cy);
    cairo_scale(cr, rx, ry);
    cairo_arc(cr, 0, 0, 1, from, to);
    cairo_set_matrix(cr, &saved);
}

static bool points(cairo_t *cr, const char *list, bool close) {
    const char *s = list;
    double x, y;
    bool first = true;
    while (number(&s, &x)) {
        if (!number(&s, &y)) return false;
        if (first)
            cairo_move_to(cr, x, y);
        else
            cairo_line_to(cr, x, y);
        first = false;
    }
    if (*skip_separators(s)) return false;
    if (close && !first) cairo_close_path(cr);
    return true;
}

/* The shape's outline as the current path; false when its geometry is not understood. A
 * shape with a zero size draws nothing (its path stays empty). */
static bool shape_path(cairo_t *cr, const node *n) {
    bool ok = true;
    const char *name = n->name;
    if (strcmp(name, "path") == 0) {
        const char *d = attribute(n, "d");
        return !d || path_data(cr, d);
    }
    if (strcmp(name, "rect") == 0) {
        double x = length_or(n, "x", 0, &ok), y = length_or(n, "y", 0, &ok);
        double w = length_or(n, "width", 0, &ok), h = length_or(n, "height", 0, &ok);
        const char *rx_text = attribute(n, "rx"), *ry_text = attribute(n, "ry");
        double rx = length_or(n, "rx", 0, &ok), ry = length_or(n, "ry", 0, &ok);
        if (!ok || w < 0 || h < 0 || rx < 0 || ry < 0) return false;
        if (w == 0 || h == 0) return true;
        if (rx_text && !ry_text) ry = rx;
        if (ry_text && !rx_text) rx = ry;
        rx = fmin(rx, w / 2), ry = fmin(ry, h / 2);
        if (rx == 0 || ry == 0) {
            cairo_rectangle(cr, x, y, w, h);
            return true;
        }
        cairo_move_to(cr, x + rx, y);
        cairo_line_to(cr, x + w - rx, y);
        ellipse_arc(cr, x + w - rx, y + ry, rx, ry, -G_PI / 2, 0);
        cairo_line_to(cr, x + w, y + h - ry);
        ellipse_arc(cr, x + w - rx, y + h - ry, rx, ry, 0, G_PI / 2);
        cairo_line_to(cr, x + rx, y + h);
        ellipse_arc(cr, x + rx, y + h - ry, rx, ry, G_PI / 2, G_PI);
        cairo_line_to(cr, x, y + ry);
        ellipse_arc(cr, x + rx, y + ry, rx, ry, G_PI, 3 * G_PI / 2);
        cairo_close_path(cr);
        return true;
    }
    if (strcmp(name, "circle") == 0 || strcmp(name, "ellipse") == 0) {
        bool circle = name[0] == 'c' && name[1] == 'i';
        double cx = length_or(n, "cx", 0, &ok), cy = length_or(n, "cy", 0, &ok);
        double rx = length_or(n, circle ? "r" : "rx", 0, &ok);
        double ry = circle ? rx : length_or(n, "ry", 0, &ok);
        if (!ok || rx < 0 || ry < 0) return false;
        if (rx == 0 || ry == 0) return true;
        cairo_new_sub_path(cr);
        ellipse_arc(cr, cx, cy, rx, ry, 0, 2 * G_PI);
        cairo_close_path(cr);
        return true;
    }
    if (strcmp(name, "line") == 0) {
        double x1 = length_or(n, "x1", 0, &ok), y1 = length_or(n, "y1", 0, &ok);
        double x2 = length_or(n, "x2", 0, &ok), y2 = length_or(n, "y2", 0, &ok);
        cairo_move_to(cr, x1, y1);
        cairo_line_to(cr, x2, y2);
        return ok;
    }
    const char *list = attribute(n, "points");
    return !list || points(cr, list, strcmp(name, "polygon") == 0);
}

static void set_paint(cairo_t *cr, const paint *p, double alpha) {
    cairo_set_source_rgba(cr, p->r, p->g, p->b, alpha);
}

/* Fill, then stroke, of the current path (SVG's paint order). An open path (a polyline) is
 * filled as if closed; a line has no area to fill. */
static void paint_path(cairo_t *cr, const style *st) {
    if (!st->fill.none) {
        set_paint(cr, &st->fill, st->fill_opacity);
        cairo_set_fill_rule(cr, st->fill_rule);
        cairo_fill_preserve(cr);
    }
    if (!st->stroke.none && st->stroke_width > 0) {
        set_paint(cr, &st->stroke, st->stroke_opacity);
        cairo_set_line_width(cr, st->stroke_width);
        cairo_set_line_cap(cr, st->cap);
        cairo_set_line_join(cr, st->join);
        cairo_set_miter_limit(cr, st->miter_limit);
        cairo_set_dash(cr, st->dashes, st->dash_count, 0);
        cairo_stroke_preserve(cr);
    }
    cairo_new_path(cr);
}

/* Single-line text with its baseline at (x, y), anchored at its start, middle or end. */
static bool draw_text(cairo_t *cr, const node *n, const style *st) {
    if (n->first || !st->stroke.none) return false; /* tspan, outlined text: librsvg's */
    bool ok = true;
    double x = length_or(n, "x", 0, &ok), y = length_or(n, "y", 0, &ok);
    if (!ok || !st->font_family[0] || st->font_size <= 0) return false;
    /* White space collapsed, as xml:space="default" has it. */
    char *text = g_strdup(n->text->str);
    for (char *c = text; *c; c++)
        if (is_wsp(*c)) *c = ' ';
    char **words = g_strsplit(text, " ", -1);
    GString *line = g_string_new(NULL);
    for (char **w = words; *w; w++)
        if (**w) g_string_append_printf(line, "%s%s", line->len ? " " : "", *w);
    g_strfreev(words);
    g_free(text);
    if (line->len && !st->fill.none) {
        /* As the document's own text is set (and librsvg sets its text): with the same font
         * options it shares the font's face, and its glyphs are embedded once, not in a
         * subset of their own. */
        PangoContext *context = sm_print_context(pango_cairo_font_map_get_default());
        PangoLayout *layout = pango_layout_new(context);
        g_object_unref(context);
        PangoFontDescription *font = pango_font_description_new();
        pango_font_description_set_family(font, st->font_family);
        pango_font_description_set_weight(font, st->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
        pango_font_description_set_absolute_size(font, st->font_size * PANGO_SCALE);
        pango_layout_set_font_description(layout, font);
        pango_font_description_free(font);
        pango_layout_set_text(layout, line->str, (int)line->len);
        PangoRectangle logical;
        pango_layout_get_extents(layout, NULL, &logical);
        double width = logical.width / (double)PANGO_SCALE;
        double baseline = pango_layout_get_baseline(layout) / (double)PANGO_SCALE;
        cairo_move_to(cr, x - width * st->anchor / 2, y - baseline);
        set_paint(cr, &st->fill, st->fill_opacity);
        pango_cairo_show_layout(cr, layout);
        g_object_unref(layout);
    }
    g_string_free(line, TRUE);
    return true;
}

static void draw_node(drawer *dr, const node *n, const style *inherited);

static void draw_children(drawer *dr, const node *n, const style *st) {
    for (const node *c = n->first; c && !dr->declined; c = c->next) draw_node(dr, c, st);
}

static void draw_node(drawer *dr, const node *n, const style *inherited) {
    const char *name = n->name;
    if (foreign(name) || strcmp(name, "defs") == 0 || strcmp(name, "title") == 0 ||
        strcmp(name, "desc") == 0 || strcmp(name, "metadata") == 0)
        return;
    if (++dr->drawn > MAX_DRAWN) {
        dr->declined = true;
        return;
    }
    style st = *inherited;
    cairo_matrix_t m;
    const char *t = attribute(n, "transform");
    if (!apply_style(n, &st) || (t && !transform(t, &m))) {
        dr->declined = true;
        return;
    }
    cairo_t *cr = dr->cr;
    cairo_save(cr);
    if (t) cairo_transform(cr, &m);
    if (strcmp(name, "g") == 0 || strcmp(name, "svg") == 0) {
        draw_children(dr, n, &st);
    } else if (strcmp(name, "use") == 0) {
        const char *href = attribute(n, "xlink:href");
        if (!href) href = attribute(n, "href");
        const node *target =
            href && href[0] == '#' ? g_hash_table_lookup(dr->t->ids, href + 1) : NULL;
        bool ok = true;
        double x = length_or(n, "x", 0, &ok), y = length_or(n, "y", 0, &ok);
        /* A use of an ancestor of itself, or nested too deep, is librsvg's to refuse. */
        for (const node *a = n; a && target; a = a->parent)
            if (a == target) ok = false;
        if (!target || !ok || strcmp(target->name, "svg") == 0 || ++dr->use_depth > MAX_USE_DEPTH) {
            dr->declined = true;
        } else {
            cairo_translate(cr, x, y);
            draw_node(dr, target, &st);
            dr->use_depth--;
        }
    } else if (strcmp(name, "text") == 0) {
        if (!draw_text(cr, n, &st)) dr->declined = true;
    } else {
        cairo_new_path(cr);
        if (!shape_path(cr, n))
            dr->declined = true;
        else
            paint_path(cr, &st);
    }
    cairo_restore(cr);
}

/* The document's size: width and height in px, else its viewBox's. */
static bool document_size(const node *root, double *w, double *h, double viewbox[4], bool *has_vb) {
    *has_vb = false;
    const char *vb = attribute(root, "viewBox");
    if (vb) {
        const char *s = vb;
        for (int i = 0; i < 4; i++)
            if (!number(&s, &viewbox[i])) return false;
        if (*skip_separators(s) || viewbox[2] <= 0 || viewbox[3] <= 0) return false;
        *has_vb = true;
    }
    const char *wt = attribute(root, "width"), *ht = attribute(root, "height");
    if ((wt && !length(wt, w)) || (ht && !length(ht, h))) return false;
    if (!wt || !ht) {
        if (!*has_vb || wt || ht) return false; /* one of them only: librsvg's rules */
        *w = viewbox[2], *h = viewbox[3];
    }
    return *w > 0 && *h > 0 && isfinite(*w) && isfinite(*h);
}

cairo_surface_t *sm_svg_draw(const char *text, size_t size, double *width, double *height) {
    tree t = {0};
    t.ids = g_hash_table_new(g_str_hash, g_str_equal);
    GMarkupParser parser = {on_start, on_end, on_text, NULL, NULL};
    GMarkupParseContext *context = g_markup_parse_context_new(&parser, 0, &t, NULL);
    bool parsed = g_markup_parse_context_parse(context, text, (gssize)size, NULL) &&
                  g_markup_parse_context_end_parse(context, NULL);
    g_markup_parse_context_free(context);
    cairo_surface_t *drawing = NULL;
    double w = 0, h = 0, vb[4];
    bool has_vb;
    if (parsed && !t.declined && t.root && document_size(t.root, &w, &h, vb, &has_vb)) {
        cairo_rectangle_t extents = {0, 0, w, h};
        drawing = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &extents);
        cairo_t *cr = cairo_create(drawing);
        if (has_vb) { /* preserveAspectRatio's default: xMidYMid meet */
            double scale = fmin(w / vb[2], h / vb[3]);
            cairo_translate(cr, (w - vb[2] * scale) / 2, (h - vb[3] * scale) / 2);
            cairo_scale(cr, scale, scale);
            cairo_translate(cr, -vb[0], -vb[1]);
        }
        style initial = {.fill = {false, 0, 0, 0},
                         .stroke = {.none = true},
                         .fill_opacity = 1,
                         .stroke_opacity = 1,
                         .stroke_width = 1,
                         .miter_limit = 4,
                         .fill_rule = CAIRO_FILL_RULE_WINDING,
                         .cap = CAIRO_LINE_CAP_BUTT,
                         .join = CAIRO_LINE_JOIN_MITER};
        drawer dr = {cr, &t, 0, 0, false};
        draw_node(&dr, t.root, &initial);
        bool ok = !dr.declined && cairo_status(cr) == CAIRO_STATUS_SUCCESS;
        cairo_destroy(cr);
        if (!ok || cairo_surface_status(drawing) != CAIRO_STATUS_SUCCESS) {
            cairo_surface_destroy(drawing);
            drawing = NULL;
        }
    }
    free_node(t.root);
    g_hash_table_destroy(t.ids);
    if (drawing) *width = w, *height = h;
    return drawing;
}
