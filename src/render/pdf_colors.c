/* pdf_colors.c: a minimal PDF content-stream tokenizer that rewrites RGB colour operators
 * to the inks a print shop needs (スミ for black text, exact CMYK for the theme's colours). */
#include "pdf_colors.h"

#include "draw.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Half an 8-bit step: cairo writes colours with six decimals of the 8-bit values we gave. */
#define SM_COLOR_TOLERANCE (0.5 / 255)

static bool is_space(unsigned char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0;
}
static bool is_delimiter(unsigned char c) { return strchr("()<>[]{}/%", c) != NULL && c != 0; }

/* The end of the token starting at i (which is not whitespace). */
static size_t token_end(const unsigned char *d, size_t len, size_t i) {
    unsigned char c = d[i];
    if (c == '%') {
        while (i < len && d[i] != '\n' && d[i] != '\r') i++;
        return i;
    }
    if (c == '(') { /* literal string: nested parentheses, backslash escapes */
        int depth = 0;
        for (; i < len; i++) {
            if (d[i] == '\\') {
                i++;
                continue;
            }
            if (d[i] == '(') depth++;
            if (d[i] == ')' && --depth == 0) return i + 1;
        }
        return len;
    }
    if (c == '<') {
        if (i + 1 < len && d[i + 1] == '<') return i + 2;
        while (i < len && d[i] != '>') i++;
        return i < len ? i + 1 : len;
    }
    if (c == '>' && i + 1 < len && d[i + 1] == '>') return i + 2;
    if (c == '[' || c == ']' || c == '{' || c == '}' || c == '>') return i + 1;
    if (c == '/') i++;
    while (i < len && !is_space(d[i]) && !is_delimiter(d[i])) i++;
    return i;
}

static bool parse_number(const unsigned char *d, size_t start, size_t end, double *out) {
    if (end - start >= 32) return false;
    char text[32];
    memcpy(text, d + start, end - start);
    text[end - start] = '\0';
    if (!strchr("+-.0123456789", text[0])) return false;
    char *stop;
    *out = strtod(text, &stop);
    return *stop == '\0';
}

static bool near(double a, double b) { return fabs(a - b) <= SM_COLOR_TOLERANCE; }

static void put_number(sm_buf *out, double v) {
    char text[32];
    snprintf(text, sizeof text, "%.4f", v);
    /* trim trailing zeros: 0.9000 → 0.9, 1.0000 → 1 */
    size_t n = strlen(text);
    while (n > 1 && text[n - 1] == '0') n--;
    if (text[n - 1] == '.') n--;
    sm_buf_append(out, text, n);
}

/* The replacement for an RGB colour, or false to keep it. */
static bool replacement(double r, double g, double b, bool stroke, const sm_ink *inks,
                        size_t ink_count, sm_buf *out, bool *registration) {
    if (near(r, SM_REGISTRATION_R) && near(g, SM_REGISTRATION_G) && near(b, SM_REGISTRATION_B)) {
        sm_buf_puts(out, stroke ? "/" SM_REGISTRATION_RESOURCE " CS 1 SCN"
                                : "/" SM_REGISTRATION_RESOURCE " cs 1 scn");
        *registration = true;
        return true;
    }
    const double *cmyk = NULL;
    double grey[4] = {0, 0, 0, 0};
    for (size_t i = 0; i < ink_count && !cmyk; i++)
        if (near(r, inks[i].rgb.r) && near(g, inks[i].rgb.g) && near(b, inks[i].rgb.b))
            cmyk = inks[i].cmyk;
    if (!cmyk && near(r, g) && near(g, b)) {
        grey[3] = 1 - (r + g + b) / 3; /* a neutral prints with black ink alone */
        cmyk = grey;
    }
    if (!cmyk) return false;
    for (int k = 0; k < 4; k++) {
        put_number(out, cmyk[k]);
        sm_buf_putc(out, ' ');
    }
    sm_buf_puts(out, stroke ? "K" : "k");
    return true;
}

void sm_pdf_rewrite_colors(const unsigned char *d, size_t len, const sm_ink *inks,
                           size_t ink_count, sm_buf *out, bool *registration) {
    /* The last three tokens, for "r g b rg": where each started in out, and its value. */
    size_t starts[3] = {0};
    double values[3] = {0};
    bool numbers[3] = {false, false, false};
    sm_buf_puts(out, "");
    for (size_t i = 0; i < len;) {
        if (is_space(d[i])) {
            sm_buf_putc(out, (char)d[i++]);
            continue;
        }
        size_t end = token_end(d, len, i);
        if (end == i) end = i + 1;
        size_t n = end - i;
        bool op_rg = n == 2 && d[i] == 'r' && d[i + 1] == 'g';
        bool op_RG = n == 2 && d[i] == 'R' && d[i + 1] == 'G';
        if ((op_rg || op_RG) && numbers[0] && numbers[1] && numbers[2]) {
            size_t keep = out->len;
            out->len = starts[0];
            if (!replacement(values[0], values[1], values[2], op_RG, inks, ink_count, out,
                             registration)) {
                out->len = keep;
                sm_buf_append(out, (const char *)d + i, n);
            }
            out->data[out->len] = '\0';
        } else {
            size_t at = out->len;
            sm_buf_append(out, (const char *)d + i, n);
            /* Inline image data is binary: copy through to EI. */
            if (n == 2 && d[i] == 'I' && d[i + 1] == 'D') {
                size_t j = end + 1;
                while (j + 2 <= len && !(d[j] == 'E' && d[j + 1] == 'I' && is_space(d[j - 1]) &&
                                         (j + 2 == len || is_space(d[j + 2]))))
                    j++;
                sm_buf_append(out, (const char *)d + end, j - end);
                end = j;
            }
            double v;
            bool is_num = parse_number(d, i, end < i + n ? end : i + n, &v) && n < 32;
            starts[0] = starts[1], starts[1] = starts[2], starts[2] = at;
            values[0] = values[1], values[1] = values[2], values[2] = is_num ? v : 0;
            numbers[0] = numbers[1], numbers[1] = numbers[2], numbers[2] = is_num;
            i = end;
            continue;
        }
        numbers[0] = numbers[1] = numbers[2] = false;
        i = end;
    }
}
