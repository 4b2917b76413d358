/* pdf_colors.c: the palette pass — RGB colour operators of content streams rewritten to the
 * inks a print shop needs (スミ for black text, exact CMYK for the theme's colours), on the
 * shared content-stream tokenizer. */
#include "pdf_colors.h"

#include "../base/pdf_lex.h"
#include "draw.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Half an 8-bit step: cairo writes colours with six decimals of the 8-bit values we gave. */
#define SM_COLOR_TOLERANCE (0.5 / 255)

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

void sm_pdf_rewrite_colors(const unsigned char *d, size_t len, const sm_ink *inks, size_t ink_count,
                           sm_buf *out, bool *registration) {
    /* The last three tokens, for "r g b rg": where each started in out, and its value. */
    size_t starts[3] = {0};
    double values[3] = {0};
    bool numbers[3] = {false, false, false};
    sm_buf_puts(out, "");
    sm_pdf_lexer lex;
    sm_pdf_lex_init(&lex, d, len);
    size_t copied = 0; /* the data before this offset is in out */
    for (;;) {
        sm_pdf_token t = sm_pdf_lex_next(&lex);
        /* White space and comments between tokens go through as they are. */
        sm_buf_append(out, (const char *)d + copied, t.start - copied);
        copied = t.start;
        if (t.type == SM_PDF_TOK_END) break;
        bool op_rg = t.type == SM_PDF_TOK_KEYWORD && strcmp(t.text, "rg") == 0;
        bool op_RG = t.type == SM_PDF_TOK_KEYWORD && strcmp(t.text, "RG") == 0;
        size_t at = out->len;
        copied = t.end;
        if ((op_rg || op_RG) && numbers[0] && numbers[1] && numbers[2]) {
            out->len = starts[0];
            if (!replacement(values[0], values[1], values[2], op_RG, inks, ink_count, out,
                             registration)) {
                out->len = at;
                sm_buf_append(out, (const char *)d + t.start, t.end - t.start);
            }
            out->data[out->len] = '\0';
            numbers[0] = numbers[1] = numbers[2] = false;
            continue;
        }
        sm_buf_append(out, (const char *)d + t.start, t.end - t.start);
        /* Inline image data is binary: copied through to its EI. */
        if (t.type == SM_PDF_TOK_KEYWORD && strcmp(t.text, "ID") == 0) {
            sm_pdf_lex_skip_inline_image(&lex, -1);
            sm_buf_append(out, (const char *)d + copied, lex.pos - copied);
            copied = lex.pos;
        }
        bool is_num = t.type == SM_PDF_TOK_NUMBER;
        starts[0] = starts[1], starts[1] = starts[2], starts[2] = at;
        values[0] = values[1], values[1] = values[2], values[2] = is_num ? t.number : 0;
        numbers[0] = numbers[1], numbers[1] = numbers[2], numbers[2] = is_num;
    }
}
