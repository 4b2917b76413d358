/* image_check.c: reading picture headers and SVG text for what they claim, before decoding. */
#include "image_check.h"

#include "../base/limits.h"
#include "../base/utf8.h"

#include <glib.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static uint32_t be32(const unsigned char *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* ---- PNG ---------------------------------------------------------------------------- */

const char *sm_png_check(const unsigned char *d, size_t n, sm_raster_facts *facts) {
    memset(facts, 0, sizeof *facts);
    if (n < 8 || memcmp(d, "\x89PNG\r\n\x1a\n", 8) != 0) return "not a PNG file";
    if (n < 33 || be32(d + 8) != 13 || memcmp(d + 12, "IHDR", 4) != 0)
        return "the PNG has no header chunk (IHDR)";
    facts->width = (long)be32(d + 16);
    facts->height = (long)be32(d + 20);
    if (facts->width <= 0 || facts->height <= 0 || facts->width > INT32_MAX ||
        facts->height > INT32_MAX)
        return "the PNG header states no valid size";
    /* Walk the chunks to IEND: a file cut short has none, and libpng would fill the rest of
     * the picture with zeros on some paths rather than fail. */
    for (size_t at = 8; at + 12 <= n;) {
        uint32_t length = be32(d + at);
        if (length > n - at - 12) return "the PNG is truncated (a chunk runs past the end)";
        if (memcmp(d + at + 4, "IEND", 4) == 0) return NULL;
        at += 12 + (size_t)length;
    }
    return "the PNG is truncated (it has no end chunk)";
}

/* ---- JPEG --------------------------------------------------------------------------- */

/* The offset just past the entropy-coded data that starts at `at`: the next marker that is
 * neither a stuffed 0xFF00 nor a restart marker. n when there is none. */
static size_t skip_scan_data(const unsigned char *d, size_t n, size_t at) {
    for (size_t i = at; i + 1 < n; i++) {
        if (d[i] != 0xff) continue;
        unsigned char m = d[i + 1];
        if (m == 0x00 || m == 0xff || (m >= 0xd0 && m <= 0xd7)) continue;
        return i;
    }
    return n;
}

const char *sm_jpeg_check(const unsigned char *d, size_t n, sm_raster_facts *facts) {
    memset(facts, 0, sizeof *facts);
    if (n < 4 || d[0] != 0xff || d[1] != 0xd8) return "not a JPEG file";
    bool frame = false, scan = false;
    size_t i = 2;
    while (i < n) {
        if (d[i] != 0xff) return "the JPEG is damaged (bytes where a marker belongs)";
        while (i < n && d[i] == 0xff) i++; /* fill bytes */
        if (i >= n) break;
        unsigned char m = d[i++];
        if (m == 0xd9) {
            if (!frame) return "the JPEG has no frame header (SOF)";
            if (!scan) return "the JPEG has no image data (no scan)";
            return NULL;
        }
        if (m == 0x01 || (m >= 0xd0 && m <= 0xd7)) continue; /* no length */
        if (i + 2 > n) break;
        size_t length = (size_t)d[i] << 8 | d[i + 1];
        if (length < 2 || length > n - i) break;
        const unsigned char *seg = d + i + 2;
        size_t seg_len = length - 2;
        if (m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 && m != 0xcc) {
            /* Baseline (C0), extended (C1) and progressive (C2) are what PDF's DCTDecode
             * promises; lossless, hierarchical and arithmetic coding are not. */
            if (m != 0xc0 && m != 0xc1 && m != 0xc2)
                return "the JPEG uses lossless, hierarchical or arithmetic coding, which PDF "
                       "readers do not all support (save it as a baseline or progressive JPEG)";
            if (seg_len < 6) return "the JPEG's frame header (SOF) is too short";
            if (seg[0] != 8) return "the JPEG has 12-bit samples (save it with 8 bits)";
            facts->height = (long)seg[1] << 8 | seg[2];
            facts->width = (long)seg[3] << 8 | seg[4];
            facts->components = seg[5];
            if (facts->width == 0 || facts->height == 0)
                return "the JPEG's frame header states no size";
            frame = true;
        }
        i += length;
        if (m == 0xda) {
            if (!frame) return "the JPEG has image data before its frame header";
            scan = true;
            i = skip_scan_data(d, n, i);
        }
    }
    return "the JPEG is truncated (it has no end marker)";
}

const char *sm_raster_check_limits(const sm_raster_facts *f) {
    if (f->width > SM_IMAGE_MAX_SIDE || f->height > SM_IMAGE_MAX_SIDE)
        return "the picture is wider or taller than 32767 pixels, the limit of a side";
    if ((double)f->width * (double)f->height > SM_IMAGE_MAX_PIXELS)
        return "the picture has more than 64 megapixels, the limit for a picture";
    return NULL;
}

/* ---- SVG ---------------------------------------------------------------------------- */

/* Entities an internal subset may declare; Illustrator declares a handful. */
enum { SVG_MAX_ENTITIES = 256 };

typedef struct svg_entity {
    const char *name;
    size_t name_len;
    const char *value;
    size_t value_len;
} svg_entity;

typedef struct svg_scan {
    const char *s;
    size_t n;
    svg_entity entities[SVG_MAX_ENTITIES];
    size_t entity_count;
    char *why;
    size_t why_size;
    sm_svg_file_ref on_file;
    void *closure;
} svg_scan;

static const char *refuse(svg_scan *sc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static const char *refuse(svg_scan *sc, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sc->why, sc->why_size, fmt, ap);
    va_end(ap);
    return sc->why;
}

static const char *find_bytes(const char *hay, size_t n, const char *needle) {
    return sm_find_bytes(hay, n, needle, strlen(needle));
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

static bool is_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.' || c == ':' || (unsigned char)c >= 0x80;
}

static bool starts(const svg_scan *sc, size_t at, const char *word) {
    size_t k = strlen(word);
    return at + k <= sc->n && memcmp(sc->s + at, word, k) == 0;
}

/* The index of the first byte from `at` that is one of stops and not inside quotes; sc->n
 * when there is none. */
static size_t scan_unquoted(const svg_scan *sc, size_t at, const char *stops) {
    char quote = 0;
    for (size_t i = at; i < sc->n; i++) {
        char c = sc->s[i];
        if (quote) {
            if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c != '\0' && strchr(stops, c)) {
            return i;
        }
    }
    return sc->n;
}

/* The index just past a declaration starting at `at` ('>' not inside quotes). */
static size_t skip_declaration(const svg_scan *sc, size_t at) {
    size_t end = scan_unquoted(sc, at, ">");
    return end < sc->n ? end + 1 : sc->n;
}

/* <!ENTITY name "value"> at `at` (just past "<!ENTITY"). */
static const char *read_entity(svg_scan *sc, size_t *at) {
    size_t i = *at;
    while (i < sc->n && is_space(sc->s[i])) i++;
    if (i < sc->n && sc->s[i] == '%')
        return refuse(sc, "the SVG declares a parameter entity (<!ENTITY %% …>), which is not "
                          "supported");
    size_t name = i;
    while (i < sc->n && is_name_char(sc->s[i])) i++;
    size_t name_len = i - name;
    while (i < sc->n && is_space(sc->s[i])) i++;
    if (name_len == 0) return refuse(sc, "the SVG has an entity declaration without a name");
    if (starts(sc, i, "SYSTEM") || starts(sc, i, "PUBLIC"))
        return refuse(sc, "the SVG declares an external entity '%.*s', which is not supported",
                      (int)name_len, sc->s + name);
    if (i >= sc->n || (sc->s[i] != '"' && sc->s[i] != '\''))
        return refuse(sc, "the SVG's entity '%.*s' has no quoted value", (int)name_len,
                      sc->s + name);
    char quote = sc->s[i++];
    size_t value = i;
    while (i < sc->n && sc->s[i] != quote) {
        char c = sc->s[i];
        if (c == '<' || c == '&' || c == '%')
            return refuse(sc,
                          "the SVG's entity '%.*s' holds markup or other entities; only plain "
                          "text values are supported (nested entities can expand without bound)",
                          (int)name_len, sc->s + name);
        i++;
    }
    if (i >= sc->n) return refuse(sc, "the SVG's DOCTYPE is not closed");
    if (sc->entity_count == SVG_MAX_ENTITIES)
        return refuse(sc, "the SVG declares more than %d entities", SVG_MAX_ENTITIES);
    sc->entities[sc->entity_count++] =
        (svg_entity){sc->s + name, name_len, sc->s + value, i - value};
    *at = skip_declaration(sc, i + 1);
    return NULL;
}

/* The internal subset of <!DOCTYPE …[ … ]>, if any; *body receives where the document
 * proper starts. */
static const char *read_doctype(svg_scan *sc, size_t *body) {
    *body = 0;
    const char *found = find_bytes(sc->s, sc->n, "<!DOCTYPE");
    if (!found) return NULL;
    size_t i = scan_unquoted(sc, (size_t)(found - sc->s) + 9, ">[");
    if (i >= sc->n) return refuse(sc, "the SVG's DOCTYPE is not closed");
    if (sc->s[i] == '>') {
        *body = i + 1;
        return NULL;
    }
    for (i++; i < sc->n;) {
        char c = sc->s[i];
        if (is_space(c)) {
            i++;
        } else if (c == ']') {
            *body = skip_declaration(sc, i);
            return NULL;
        } else if (c == '%') {
            return refuse(sc, "the SVG's DOCTYPE uses parameter entities, which are not supported");
        } else if (starts(sc, i, "<!--")) {
            const char *end = find_bytes(sc->s + i + 4, sc->n - i - 4, "-->");
            if (!end) return refuse(sc, "the SVG's DOCTYPE has an unclosed comment");
            i = (size_t)(end - sc->s) + 3;
        } else if (starts(sc, i, "<!ENTITY")) {
            i += 8;
            const char *why = read_entity(sc, &i);
            if (why) return why;
        } else if (starts(sc, i, "<!ATTLIST")) {
            /* Attribute defaults are copied into every element they apply to. */
            return refuse(sc, "the SVG's DOCTYPE declares attribute defaults (<!ATTLIST>), "
                              "which are not supported");
        } else if (c == '<') {
            i = skip_declaration(sc, i);
        } else {
            return refuse(sc, "the SVG's DOCTYPE holds something unexpected");
        }
    }
    return refuse(sc, "the SVG's DOCTYPE is not closed");
}

static const svg_entity *find_entity(const svg_scan *sc, const char *name, size_t len) {
    for (size_t k = 0; k < sc->entity_count; k++)
        if (sc->entities[k].name_len == len && memcmp(sc->entities[k].name, name, len) == 0)
            return &sc->entities[k];
    return NULL;
}

/* Sums what every entity reference in the document adds when expanded. */
static const char *check_expansion(svg_scan *sc, size_t body) {
    size_t total = 0;
    for (const char *p = sc->s + body; (p = memchr(p, '&', (size_t)(sc->s + sc->n - p)));) {
        p++;
        if (p < sc->s + sc->n && *p == '#') continue; /* a character reference */
        const char *name = p;
        while (p < sc->s + sc->n && is_name_char(*p)) p++;
        const svg_entity *e = find_entity(sc, name, (size_t)(p - name));
        if (!e) continue; /* predefined, or unknown (the parser reports it) */
        total += e->value_len;
        if (total > SM_SVG_MAX_ENTITY_EXPANSION)
            return refuse(sc,
                          "the SVG's entities expand to more than %d KiB, the limit for an SVG "
                          "(an entity expansion bomb)",
                          SM_SVG_MAX_ENTITY_EXPANSION / 1024);
    }
    return NULL;
}

/* An attribute or url() value with entity and character references expanded, as the
 * parser will see it. */
static char *expand_value(const svg_scan *sc, const char *v, size_t len) {
    GString *out = g_string_sized_new(len);
    for (size_t i = 0; i < len;) {
        if (v[i] != '&') {
            g_string_append_c(out, v[i++]);
            continue;
        }
        size_t start = ++i;
        while (i < len && v[i] != ';') i++;
        size_t n = i - start;
        const char *ref = v + start;
        i += i < len; /* the ';' */
        const svg_entity *e = find_entity(sc, ref, n);
        if (e)
            g_string_append_len(out, e->value, (gssize)e->value_len);
        else if (n == 3 && memcmp(ref, "amp", 3) == 0)
            g_string_append_c(out, '&');
        else if (n == 2 && memcmp(ref, "lt", 2) == 0)
            g_string_append_c(out, '<');
        else if (n == 2 && memcmp(ref, "gt", 2) == 0)
            g_string_append_c(out, '>');
        else if (n == 4 && memcmp(ref, "quot", 4) == 0)
            g_string_append_c(out, '"');
        else if (n == 4 && memcmp(ref, "apos", 4) == 0)
            g_string_append_c(out, '\'');
        else if (n >= 2 && ref[0] == '#') {
            unsigned long c =
                ref[1] == 'x' ? strtoul(ref + 2, NULL, 16) : strtoul(ref + 1, NULL, 10);
            if (c > 0 && c < 0x110000) g_string_append_unichar(out, (gunichar)c);
        }
    }
    return g_string_free(out, FALSE);
}

/* A data: URI of a PNG or JPEG, its header checked like a picture file's. */
static const char *check_data_uri(svg_scan *sc, const char *uri) {
    const char *comma = strchr(uri, ',');
    bool png = g_ascii_strncasecmp(uri, "data:image/png;base64,", 22) == 0;
    bool jpeg = g_ascii_strncasecmp(uri, "data:image/jpeg;base64,", 23) == 0 ||
                g_ascii_strncasecmp(uri, "data:image/jpg;base64,", 22) == 0;
    if (!comma || !(png || jpeg))
        return refuse(sc, "the SVG embeds something other than a base64 PNG or JPEG picture "
                          "(only those are supported inside an SVG)");
    gsize size = 0;
    guchar *bytes = g_base64_decode(comma + 1, &size);
    sm_raster_facts facts;
    const char *why = png ? sm_png_check(bytes, size, &facts) : sm_jpeg_check(bytes, size, &facts);
    if (!why) why = sm_raster_check_limits(&facts);
    g_free(bytes);
    return why ? refuse(sc, "a picture embedded in the SVG: %s", why) : NULL;
}

/* The element an attribute at `at` belongs to: the name after the last '<' before it. */
static bool in_link_element(const svg_scan *sc, size_t at) {
    size_t i = at;
    while (i > 0 && sc->s[i] != '<') i--;
    size_t start = i + 1, end = start;
    while (end < sc->n && is_name_char(sc->s[end])) end++;
    const char *colon = memchr(sc->s + start, ':', end - start);
    if (colon) start = (size_t)(colon - sc->s) + 1;
    return end - start == 1 && sc->s[start] == 'a';
}

static bool has_picture_extension(const char *path) {
    const char *dot = strrchr(path, '.');
    return dot && (g_ascii_strcasecmp(dot, ".png") == 0 || g_ascii_strcasecmp(dot, ".jpg") == 0 ||
                   g_ascii_strcasecmp(dot, ".jpeg") == 0);
}

static const char *check_href(svg_scan *sc, const char *value) {
    if (!*value || value[0] == '#') return NULL;
    if (g_ascii_strncasecmp(value, "data:", 5) == 0) return check_data_uri(sc, value);
    /* A scheme (http:, file:, …) or an absolute path leads out of the project. */
    const char *colon = strchr(value, ':'), *slash = strchr(value, '/');
    if (value[0] == '/' || (colon && (!slash || colon < slash)))
        return refuse(sc,
                      "the SVG refers to '%.40s', outside the project (only pictures beside "
                      "it may be referred to)",
                      value);
    if (!has_picture_extension(value))
        return refuse(sc,
                      "the SVG refers to the file '%.40s'; an SVG may refer only to PNG or JPEG "
                      "pictures",
                      value);
    if (sc->on_file) sc->on_file(sc->closure, value);
    return NULL;
}

/* Every href="…" (or xlink:href) outside <a> links, and every url(…). */
static const char *check_references(svg_scan *sc, size_t body) {
    if (find_bytes(sc->s, sc->n, "<?xml-stylesheet"))
        return refuse(sc,
                      "the SVG loads a stylesheet (<?xml-stylesheet?>), which is not supported");
    if (find_bytes(sc->s, sc->n, "@import"))
        return refuse(sc, "the SVG's style imports another file (@import), which is not supported");
    for (size_t i = body; i + 4 < sc->n; i++) {
        if (memcmp(sc->s + i, "href", 4) == 0 && i > 0 &&
            (is_space(sc->s[i - 1]) || sc->s[i - 1] == ':')) {
            size_t k = i + 4;
            while (k < sc->n && is_space(sc->s[k])) k++;
            if (k >= sc->n || sc->s[k] != '=') continue;
            for (k++; k < sc->n && is_space(sc->s[k]); k++) {
            }
            if (k >= sc->n || (sc->s[k] != '"' && sc->s[k] != '\'')) continue;
            char quote = sc->s[k++];
            const char *end = memchr(sc->s + k, quote, sc->n - k);
            if (!end) break;
            if (!in_link_element(sc, i)) {
                char *value = expand_value(sc, sc->s + k, (size_t)(end - sc->s) - k);
                g_strstrip(value);
                const char *why = check_href(sc, value);
                g_free(value);
                if (why) return why;
            }
            i = (size_t)(end - sc->s);
        } else if (memcmp(sc->s + i, "url(", 4) == 0) {
            const char *end = memchr(sc->s + i + 4, ')', sc->n - i - 4);
            if (!end) break;
            char *value = expand_value(sc, sc->s + i + 4, (size_t)(end - sc->s) - i - 4);
            g_strstrip(value);
            if (value[0] == '"' || value[0] == '\'') {
                size_t len = strlen(value);
                if (len >= 2 && value[len - 1] == value[0]) value[len - 1] = '\0';
                memmove(value, value + 1, strlen(value));
                g_strstrip(value);
            }
            bool local = !*value || value[0] == '#';
            if (!local) {
                const char *why = refuse(sc,
                                         "the SVG refers to url(%.40s), another file; only "
                                         "references inside the SVG (#id) are supported",
                                         value);
                g_free(value);
                return why;
            }
            g_free(value);
            i = (size_t)(end - sc->s);
        }
    }
    return NULL;
}

const char *sm_svg_check(const char *text, size_t size, sm_svg_file_ref on_file, void *closure,
                         char *why, size_t why_size) {
    svg_scan *sc = g_new0(svg_scan, 1);
    *sc = (svg_scan){.s = text,
                     .n = size,
                     .why = why,
                     .why_size = why_size,
                     .on_file = on_file,
                     .closure = closure};
    size_t body = 0;
    const char *problem = read_doctype(sc, &body);
    if (!problem) problem = check_expansion(sc, body);
    if (!problem) problem = check_references(sc, body);
    g_free(sc);
    return problem;
}
