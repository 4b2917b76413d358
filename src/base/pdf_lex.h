/* pdf_lex.h: the one tokenizer of PDF content streams — numbers, names, strings, arrays,
 * dictionaries, comments, keywords, and the binary data of inline images skipped whole —
 * shared by the palette pass (render) and the preflight, so both read a stream the same way.
 * Every token says where it lies in the data, so a rewriter can copy what it does not change
 * byte for byte. Hostile data is fine: nothing is read past the end, and what makes no sense
 * is counted in problems rather than failing. */
#ifndef SM_PDF_LEX_H
#define SM_PDF_LEX_H

#include <stdbool.h>
#include <stddef.h>

typedef enum sm_pdf_tok_type {
    SM_PDF_TOK_END,
    SM_PDF_TOK_NUMBER,
    SM_PDF_TOK_NAME,    /* text without the slash, #xx decoded */
    SM_PDF_TOK_STRING,  /* (literal) or <hex>; its bytes are data[start, end) */
    SM_PDF_TOK_KEYWORD, /* operators, true, false, null */
    SM_PDF_TOK_ARRAY_OPEN,
    SM_PDF_TOK_ARRAY_CLOSE,
    SM_PDF_TOK_DICT_OPEN,
    SM_PDF_TOK_DICT_CLOSE,
} sm_pdf_tok_type;

/* Names and keywords are at most 127 bytes (PDF's own implementation limit); longer ones
 * are cut and counted as a problem. */
enum { SM_PDF_TOKEN_TEXT = 128 };

typedef struct sm_pdf_token {
    sm_pdf_tok_type type;
    size_t start, end; /* where the token lies in the data (comments and white space outside) */
    double number;
    char text[SM_PDF_TOKEN_TEXT];
} sm_pdf_token;

typedef struct sm_pdf_lexer {
    const unsigned char *data;
    size_t size, pos;
    int problems; /* unterminated strings, bad numbers, cut names, stray delimiters */
} sm_pdf_lexer;

void sm_pdf_lex_init(sm_pdf_lexer *lex, const unsigned char *data, size_t size);
/* Reads the next token; SM_PDF_TOK_END at the end of the data (start = end = size). Comments
 * are skipped like white space. */
sm_pdf_token sm_pdf_lex_next(sm_pdf_lexer *lex);
/* Call right after the keyword ID: skips an inline image's binary data up to its EI (which is
 * consumed; lex->pos is then just past it). expected is the data length when it can be
 * computed (unfiltered), else -1. */
void sm_pdf_lex_skip_inline_image(sm_pdf_lexer *lex, long expected);

#endif
