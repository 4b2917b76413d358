/* units.c: parsing lengths, colours and paper names. */
#include "units.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct {
    const char *suffix;
    sm_unit unit;
} unit_suffixes[] = {
    {"mm", SM_UNIT_MM}, {"pt", SM_UNIT_PT}, {"%", SM_UNIT_PERCENT}, {"em", SM_UNIT_EM}};

/* A decimal as people write it: an optional sign, digits, an optional fraction. strtod
 * alone would also take "0x10", "1e308", "inf" and "nan". Returns the end, or NULL. */
static const char *scan_decimal(const char *s) {
    if (*s == '+' || *s == '-') s++;
    size_t whole = strspn(s, "0123456789");
    s += whole;
    size_t fraction = 0;
    if (*s == '.') {
        fraction = strspn(s + 1, "0123456789");
        s += 1 + fraction;
    }
    return whole + fraction > 0 ? s : NULL;
}

bool sm_length_parse(const char *text, unsigned allowed_units, sm_length *out, const char **why) {
    char *end = NULL;
    while (*text == ' ') text++;
    const char *number_end = scan_decimal(text);
    if (!number_end) {
        *why = "expected a number with a unit";
        return false;
    }
    double value = strtod(text, &end);
    if (end != number_end || !isfinite(value)) {
        *why = "expected a number with a unit";
        return false;
    }
    while (*end == ' ') end++;
    size_t suffix_len = strlen(end);
    while (suffix_len && end[suffix_len - 1] == ' ') suffix_len--;
    if (suffix_len == 0) {
        /* A bare zero needs no unit; any other bare number is ambiguous. */
        if (value == 0) {
            *out = (sm_length){0, SM_UNIT_PT};
            return true;
        }
        *why = "a length needs a unit (mm, pt, %, em)";
        return false;
    }
    for (size_t i = 0; i < sizeof unit_suffixes / sizeof *unit_suffixes; i++) {
        if (strlen(unit_suffixes[i].suffix) == suffix_len &&
            strncmp(end, unit_suffixes[i].suffix, suffix_len) == 0) {
            if (!(allowed_units & (1u << unit_suffixes[i].unit))) {
                *why = unit_suffixes[i].unit == SM_UNIT_PERCENT ? "% is not allowed here"
                       : unit_suffixes[i].unit == SM_UNIT_EM    ? "em is not allowed here"
                                                                : "this unit is not allowed here";
                return false;
            }
            *out = (sm_length){value, unit_suffixes[i].unit};
            return true;
        }
    }
    *why = "unknown unit (use mm, pt, %, em)";
    return false;
}

double sm_length_to_pt(sm_length length, double reference, double em) {
    switch (length.unit) {
    case SM_UNIT_MM: return length.value * SM_PT_PER_MM;
    case SM_UNIT_PERCENT: return length.value * reference / 100.0;
    case SM_UNIT_EM: return length.value * em;
    case SM_UNIT_PT: break;
    }
    return length.value;
}

/* CSS basic colours plus a few print-friendly extras; enough for office users. */
static const struct {
    const char *name;
    unsigned rgb;
} color_table[] = {
    {"black", 0x000000},  {"white", 0xffffff},   {"gray", 0x808080},        {"grey", 0x808080},
    {"silver", 0xc0c0c0}, {"red", 0xff0000},     {"maroon", 0x800000},      {"orange", 0xffa500},
    {"yellow", 0xffff00}, {"olive", 0x808000},   {"lime", 0x00ff00},        {"green", 0x008000},
    {"aqua", 0x00ffff},   {"cyan", 0x00ffff},    {"teal", 0x008080},        {"blue", 0x0000ff},
    {"navy", 0x000080},   {"fuchsia", 0xff00ff}, {"magenta", 0xff00ff},     {"purple", 0x800080},
    {"pink", 0xffc0cb},   {"brown", 0xa52a2a},   {"transparent", 0x000000},
};
enum { COLOR_COUNT = sizeof color_table / sizeof *color_table };

const char *const *sm_color_names(void) {
    static const char *names[COLOR_COUNT + 1];
    if (!names[0])
        for (size_t i = 0; i < COLOR_COUNT; i++) names[i] = color_table[i].name;
    return names;
}

static int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool sm_color_parse(const char *text, sm_color *out) {
    if (text[0] == '#') {
        size_t n = strlen(text + 1);
        int d[8];
        if (n != 3 && n != 6 && n != 8) return false;
        for (size_t i = 0; i < n; i++)
            if ((d[i] = hex_digit(text[1 + i])) < 0) return false;
        if (n == 3) {
            *out = (sm_color){d[0] * 17 / 255.0, d[1] * 17 / 255.0, d[2] * 17 / 255.0, 1};
        } else {
            out->r = (d[0] * 16 + d[1]) / 255.0;
            out->g = (d[2] * 16 + d[3]) / 255.0;
            out->b = (d[4] * 16 + d[5]) / 255.0;
            out->a = n == 8 ? (d[6] * 16 + d[7]) / 255.0 : 1;
        }
        return true;
    }
    for (size_t i = 0; i < COLOR_COUNT; i++) {
        if (strcasecmp(text, color_table[i].name) == 0) {
            unsigned v = color_table[i].rgb;
            *out =
                (sm_color){((v >> 16) & 255) / 255.0, ((v >> 8) & 255) / 255.0, (v & 255) / 255.0,
                           strcmp(color_table[i].name, "transparent") ? 1 : 0};
            return true;
        }
    }
    return false;
}
