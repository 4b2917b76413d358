/* test_pdf_lex.c: the one content-stream tokenizer — every kind of token with its byte span,
 * hostile streams (unterminated strings, stray delimiters, long names, inline images holding
 * "EI") — and the palette pass built on it, which must copy all it does not change. */
#include "base/pdf_lex.h"
#include "check.h"
#include "render/pdf_colors.h"

static sm_pdf_lexer lexer(const char *text) {
    sm_pdf_lexer lex;
    sm_pdf_lex_init(&lex, (const unsigned char *)text, strlen(text));
    return lex;
}

static void test_tokens(void) {
    sm_pdf_lexer lex = lexer("q 1 0 0 -1 0 842.5 cm /F1#20x 12 Tf [(a\\)b) -250 <4142>] TJ "
                             "<< /K 1 >> % note\nQ");
    struct {
        sm_pdf_tok_type type;
        const char *text;
        double number;
    } want[] = {
        {SM_PDF_TOK_KEYWORD, "q", 0},   {SM_PDF_TOK_NUMBER, "", 1},
        {SM_PDF_TOK_NUMBER, "", 0},     {SM_PDF_TOK_NUMBER, "", 0},
        {SM_PDF_TOK_NUMBER, "", -1},    {SM_PDF_TOK_NUMBER, "", 0},
        {SM_PDF_TOK_NUMBER, "", 842.5}, {SM_PDF_TOK_KEYWORD, "cm", 0},
        {SM_PDF_TOK_NAME, "F1 x", 0},   {SM_PDF_TOK_NUMBER, "", 12},
        {SM_PDF_TOK_KEYWORD, "Tf", 0},  {SM_PDF_TOK_ARRAY_OPEN, "", 0},
        {SM_PDF_TOK_STRING, "", 0},     {SM_PDF_TOK_NUMBER, "", -250},
        {SM_PDF_TOK_STRING, "", 0},     {SM_PDF_TOK_ARRAY_CLOSE, "", 0},
        {SM_PDF_TOK_KEYWORD, "TJ", 0},  {SM_PDF_TOK_DICT_OPEN, "", 0},
        {SM_PDF_TOK_NAME, "K", 0},      {SM_PDF_TOK_NUMBER, "", 1},
        {SM_PDF_TOK_DICT_CLOSE, "", 0}, {SM_PDF_TOK_KEYWORD, "Q", 0},
        {SM_PDF_TOK_END, "", 0},
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        sm_pdf_token t = sm_pdf_lex_next(&lex);
        CHECK_INT(t.type, want[i].type);
        if (want[i].type == SM_PDF_TOK_KEYWORD || want[i].type == SM_PDF_TOK_NAME)
            CHECK_STR(t.text, want[i].text);
        if (want[i].type == SM_PDF_TOK_NUMBER) CHECK_NEAR(t.number, want[i].number, 1e-9);
    }
    CHECK_INT(lex.problems, 0);

    /* Spans: the string with its escaped parenthesis is one token, delimiters included. */
    const char *text = "  (a(b)\\)c) /N";
    lex = lexer(text);
    sm_pdf_token t = sm_pdf_lex_next(&lex);
    CHECK_INT(t.start, 2);
    CHECK_INT(t.end, 11);
    t = sm_pdf_lex_next(&lex);
    CHECK_INT(t.start, 12);
    CHECK_INT(t.end, strlen(text));
    t = sm_pdf_lex_next(&lex);
    CHECK_INT(t.type, SM_PDF_TOK_END);
    CHECK_INT(t.start, strlen(text));
}

static void test_hostile(void) {
    /* Each is counted as a problem and reading goes on to the end: no read past it. */
    const char *bad[] = {"(unterminated", "<41 4Z", "1.2.3 --4 rg", ") } { >", "/", "<",
                         "(\\",           "%"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        sm_pdf_lexer lex = lexer(bad[i]);
        int tokens = 0;
        while (sm_pdf_lex_next(&lex).type != SM_PDF_TOK_END && tokens < 100) tokens++;
        CHECK(tokens < 100);
        CHECK(lex.pos <= strlen(bad[i]));
    }
    sm_pdf_lexer lex = lexer("(unterminated");
    sm_pdf_lex_next(&lex);
    CHECK_INT(lex.problems, 1);
    lex = lexer("1.2.3 --4");
    sm_pdf_token t = sm_pdf_lex_next(&lex);
    CHECK_INT(t.type, SM_PDF_TOK_NUMBER); /* read as 0, as viewers do */
    CHECK_INT(lex.problems, 1);
    /* A name past 127 bytes is cut and counted. */
    char name[300] = "/";
    memset(name + 1, 'n', 200);
    lex = lexer(name);
    t = sm_pdf_lex_next(&lex);
    CHECK_INT(strlen(t.text), SM_PDF_TOKEN_TEXT - 1);
    CHECK_INT(lex.problems, 1);
    /* Deep nesting of parentheses is one string, whatever the depth. */
    char deep[2100];
    memset(deep, '(', 1000);
    memset(deep + 1000, ')', 1000);
    deep[2000] = '\0';
    lex = lexer(deep);
    CHECK_INT(sm_pdf_lex_next(&lex).type, SM_PDF_TOK_STRING);
    CHECK_INT(sm_pdf_lex_next(&lex).type, SM_PDF_TOK_END);
}

static void test_inline_image(void) {
    /* Binary data holding "EI" without white space before it does not end the image. */
    static const char stream[] = "BI /W 2 /H 1 /BPC 8 /CS /G ID \x01xEI\x02 EI Q";
    sm_pdf_lexer lex;
    sm_pdf_lex_init(&lex, (const unsigned char *)stream, sizeof stream - 1);
    sm_pdf_token t;
    do t = sm_pdf_lex_next(&lex);
    while (t.type != SM_PDF_TOK_END && strcmp(t.text, "ID") != 0);
    sm_pdf_lex_skip_inline_image(&lex, -1);
    t = sm_pdf_lex_next(&lex);
    CHECK_STR(t.text, "Q");
    /* With the length known, the data is skipped exactly. */
    sm_pdf_lex_init(&lex, (const unsigned char *)stream, sizeof stream - 1);
    do t = sm_pdf_lex_next(&lex);
    while (t.type != SM_PDF_TOK_END && strcmp(t.text, "ID") != 0);
    sm_pdf_lex_skip_inline_image(&lex, 6);
    CHECK_STR(sm_pdf_lex_next(&lex).text, "Q");
    /* No EI at all: the rest is image data, one problem. */
    sm_pdf_lexer open = lexer("BI ID xyz");
    do t = sm_pdf_lex_next(&open);
    while (t.type != SM_PDF_TOK_END && strcmp(t.text, "ID") != 0);
    sm_pdf_lex_skip_inline_image(&open, -1);
    CHECK_INT(open.problems, 1);
    CHECK_INT(sm_pdf_lex_next(&open).type, SM_PDF_TOK_END);
}

static const char *rewrite(const char *stream, bool *registration) {
    static sm_buf out;
    sm_buf_free(&out);
    out = (sm_buf){0};
    static const sm_ink inks[] = {{{1, 0, 0, 1}, {0, 1, 1, 0}}};
    *registration = false;
    sm_pdf_rewrite_colors((const unsigned char *)stream, strlen(stream), inks, 1, &out,
                          registration);
    return out.data;
}

static void test_palette(void) {
    bool reg;
    CHECK_STR(rewrite("0 0 0 rg 1 0 0 RG", &reg), "0 0 0 1 k 0 1 1 0 K");
    CHECK_STR(rewrite("0.5 0.5 0.5 rg", &reg), "0 0 0 0.5 k");
    /* A colour that is no ink and no grey stays RGB; everything else is copied. */
    CHECK_STR(rewrite("q 0.1 0.2 0.3 rg\n% 0 0 0 rg\n(0 0 0 rg) Tj Q", &reg),
              "q 0.1 0.2 0.3 rg\n% 0 0 0 rg\n(0 0 0 rg) Tj Q");
    /* Not three numbers before it: not a colour. */
    CHECK_STR(rewrite("/a 0 0 rg", &reg), "/a 0 0 rg");
    /* Inline image bytes pass untouched even when they look like operators. */
    CHECK_STR(rewrite("BI /W 1 ID 0 0 0 rg EI 0 0 0 rg", &reg), "BI /W 1 ID 0 0 0 rg EI 0 0 0 1 k");
    CHECK(!reg);
    /* Garbage in, the same garbage out. */
    CHECK_STR(rewrite("(open 0 0 0 rg", &reg), "(open 0 0 0 rg");
}

int main(void) {
    test_tokens();
    test_hostile();
    test_inline_image();
    test_palette();
    printf("%d passed, %d failed\n", check_passed, check_failed);
    return check_failed ? 1 : 0;
}
