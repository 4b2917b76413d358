/* pdf_lex.c: tokenizing PDF content streams. */
#include "pdf_lex.h"

#include <string.h>

static bool is_white(unsigned char c) {
    return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

static bool is_delimiter(unsigned char c) {
    return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' ||
           c == '}' || c == '/' || c == '%';
}

static bool is_regular(unsigned char c) { return !is_white(c) && !is_delimiter(c); }

static int hex_value(unsigned char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

void sm_pdf_lex_init(sm_pdf_lexer *lex, const unsigned char *data, size_t size) {
    memset(lex, 0, sizeof *lex);
    lex->data = data;
    lex->size = size;
}

static void skip_white_and_comments(sm_pdf_lexer *lex) {
    while (lex->pos < lex->size) {
        unsigned char c = lex->data[lex->pos];
        if (is_white(c)) {
            lex->pos++;
        } else if (c == '%') {
            while (lex->pos < lex->size && lex->data[lex->pos] != '\n' &&
                   lex->data[lex->pos] != '\r')
                lex->pos++;
        } else {
            return;
        }
    }
}

/* A literal string: parentheses nest unless escaped; a backslash escapes the next byte, which
 * covers \( \) \\ and is harmless for \n, \ddd and a backslash before an end of line. */
static void skip_literal_string(sm_pdf_lexer *lex) {
    int depth = 1;
    lex->pos++;
    while (lex->pos < lex->size) {
        unsigned char c = lex->data[lex->pos++];
        if (c == '\\') {
            if (lex->pos < lex->size) lex->pos++;
        } else if (c == '(') {
            depth++;
        } else if (c == ')' && --depth == 0) {
            return;
        }
    }
    lex->problems++; /* unterminated */
}

static void skip_hex_string(sm_pdf_lexer *lex) {
    lex->pos++;
    while (lex->pos < lex->size) {
        unsigned char c = lex->data[lex->pos++];
        if (c == '>') return;
        if (!is_white(c) && hex_value(c) < 0) lex->problems++;
    }
    lex->problems++; /* unterminated */
}

static void read_name(sm_pdf_lexer *lex, sm_pdf_token *t) {
    size_t n = 0;
    bool cut = false;
    lex->pos++; /* the slash */
    while (lex->pos < lex->size && is_regular(lex->data[lex->pos])) {
        unsigned char c = lex->data[lex->pos++];
        if (c == '#' && lex->pos + 1 < lex->size && hex_value(lex->data[lex->pos]) >= 0 &&
            hex_value(lex->data[lex->pos + 1]) >= 0) {
            c = (unsigned char)(hex_value(lex->data[lex->pos]) * 16 +
                                hex_value(lex->data[lex->pos + 1]));
            lex->pos += 2;
        }
        if (n + 1 < sizeof t->text)
            t->text[n++] = (char)c;
        else
            cut = true;
    }
    t->text[n] = '\0';
    if (cut) lex->problems++;
}

static sm_pdf_token next_token(sm_pdf_lexer *lex);

/* Parses a PDF number: an optional sign, digits with at most one point. Locale-independent,
 * unlike strtod. Returns false when text is not exactly that. */
static bool parse_number(const char *text, double *out) {
    const char *p = text;
    double sign = 1, value = 0, scale = 1;
    bool digits = false, point = false;
    if (*p == '+' || *p == '-') sign = *p++ == '-' ? -1 : 1;
    for (; *p; p++) {
        if (*p >= '0' && *p <= '9') {
            digits = true;
            if (point) {
                scale /= 10;
                value += (*p - '0') * scale;
            } else {
                value = value * 10 + (*p - '0');
            }
        } else if (*p == '.' && !point) {
            point = true;
        } else {
            return false;
        }
    }
    *out = sign * value;
    return digits;
}

sm_pdf_token sm_pdf_lex_next(sm_pdf_lexer *lex) {
    sm_pdf_token t = next_token(lex);
    t.end = lex->pos;
    return t;
}

static sm_pdf_token next_token(sm_pdf_lexer *lex) {
    sm_pdf_token t = {.type = SM_PDF_TOK_END};
    for (;;) {
        skip_white_and_comments(lex);
        t.start = lex->pos;
        if (lex->pos >= lex->size) return t;
        unsigned char c = lex->data[lex->pos];
        unsigned char next = lex->pos + 1 < lex->size ? lex->data[lex->pos + 1] : 0;
        switch (c) {
        case '(':
            skip_literal_string(lex);
            t.type = SM_PDF_TOK_STRING;
            return t;
        case '<':
            if (next == '<') {
                lex->pos += 2;
                t.type = SM_PDF_TOK_DICT_OPEN;
            } else {
                skip_hex_string(lex);
                t.type = SM_PDF_TOK_STRING;
            }
            return t;
        case '>':
            lex->pos += next == '>' ? 2 : 1;
            if (next == '>') {
                t.type = SM_PDF_TOK_DICT_CLOSE;
                return t;
            }
            lex->problems++; /* a stray '>' */
            continue;
        case '[':
        case ']':
            lex->pos++;
            t.type = c == '[' ? SM_PDF_TOK_ARRAY_OPEN : SM_PDF_TOK_ARRAY_CLOSE;
            return t;
        case '/':
            read_name(lex, &t);
            t.type = SM_PDF_TOK_NAME;
            return t;
        case ')':
        case '{':
        case '}':
            /* Braces belong to PostScript functions, never to content streams. */
            lex->pos++;
            lex->problems++;
            continue;
        default: break;
        }
        size_t n = 0;
        while (lex->pos < lex->size && is_regular(lex->data[lex->pos])) {
            if (n + 1 < sizeof t.text) t.text[n] = (char)lex->data[lex->pos];
            n++;
            lex->pos++;
        }
        if (n >= sizeof t.text) {
            lex->problems++;
            n = sizeof t.text - 1;
        }
        t.text[n] = '\0';
        if (parse_number(t.text, &t.number)) {
            t.type = SM_PDF_TOK_NUMBER;
        } else if ((t.text[0] >= '0' && t.text[0] <= '9') || t.text[0] == '.' || t.text[0] == '-' ||
                   t.text[0] == '+') {
            /* "1.2.3" or "--4": no operator starts so; count it and read it as 0, as
             * viewers do, so the operand count of the next operator stays right. */
            lex->problems++;
            t.type = SM_PDF_TOK_NUMBER;
            t.number = 0;
        } else {
            t.type = SM_PDF_TOK_KEYWORD;
        }
        return t;
    }
}

/* True when an EI keyword starts at i: followed by white space, a delimiter or the end. */
static bool ei_at(const sm_pdf_lexer *lex, size_t i) {
    if (i + 1 >= lex->size || lex->data[i] != 'E' || lex->data[i + 1] != 'I') return false;
    return i + 2 == lex->size || is_white(lex->data[i + 2]) || is_delimiter(lex->data[i + 2]);
}

void sm_pdf_lex_skip_inline_image(sm_pdf_lexer *lex, long expected) {
    /* One white-space byte separates ID from the data. */
    if (lex->pos < lex->size && is_white(lex->data[lex->pos])) lex->pos++;
    size_t start = lex->pos;
    /* With a known length the data is skipped exactly: binary data may contain "EI". */
    if (expected >= 0 && (size_t)expected <= lex->size - start) {
        size_t i = start + (size_t)expected;
        while (i < lex->size && is_white(lex->data[i])) i++;
        if (ei_at(lex, i)) {
            lex->pos = i + 2;
            return;
        }
    }
    /* Otherwise the first EI with white space before it ends the data. */
    for (size_t i = start; i + 1 < lex->size; i++) {
        if ((i == start || is_white(lex->data[i - 1])) && ei_at(lex, i)) {
            lex->pos = i + 2;
            return;
        }
    }
    lex->problems++; /* no EI: the rest of the stream was image data */
    lex->pos = lex->size;
}
