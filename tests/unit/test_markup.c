/* test_markup.c: inline markup and variables as resolve reads them — spans, bold, colours,
 * escapes, line breaks, {variables} with --set, and their diagnostics. */
#include "check.h"

#include "resolve/resolved.h"
#include "surimono.h"

#include <string.h>

/* Resolves a page whose first element is `- text: TEXT` (TEXT as a YAML scalar). */
static sm_doc *resolve_text(const char *text, const char *setting) {
    char yaml[2048];
    snprintf(yaml, sizeof yaml,
             "kind: page\ntitle: t\nvars:\n  school: 北小学校\nbody:\n  - text: %s\n", text);
    sm_doc *doc = sm_doc_new();
    sm_doc_load_buffer(doc, "m.yaml", NULL, yaml, strlen(yaml));
    if (setting) sm_doc_set_variable(doc, setting);
    sm_doc_resolve(doc);
    return doc;
}

static const sm_rich *first_text(const sm_doc *doc) {
    static const sm_span none_span = {.text = ""};
    static const sm_rich none = {
        .spans = (sm_span *)&none_span, .count = 1, .plain = "(not resolved)"};
    if (!doc->resolved || !doc->resolved->pages) return &none;
    return &doc->resolved->pages[0].body->children[0]->text;
}

static void test_plain(void) {
    sm_doc *doc = resolve_text("情報漏えいを防ぐ", NULL);
    CHECK(!sm_doc_failed(doc));
    const sm_rich *t = first_text(doc);
    CHECK_INT(t->count, 1);
    CHECK_STR(t->plain, "情報漏えいを防ぐ");
    CHECK(!t->spans[0].bold && !t->spans[0].has_color);
    sm_doc_free(doc);
}

static void test_bold(void) {
    sm_doc *doc = resolve_text("\"印刷したら**すぐに**回収\"", NULL);
    const sm_rich *t = first_text(doc);
    CHECK_INT(t->count, 3);
    CHECK_STR(t->spans[0].text, "印刷したら");
    CHECK_STR(t->spans[1].text, "すぐに");
    CHECK(t->spans[1].bold);
    CHECK(!t->spans[2].bold);
    CHECK_STR(t->plain, "印刷したらすぐに回収");
    sm_doc_free(doc);
}

static void test_colour_span(void) {
    sm_doc *doc = resolve_text("\"廃棄は[シュレッダー]{.red}で、[**必ず**]{#00f}\"", NULL);
    const sm_rich *t = first_text(doc);
    CHECK(!sm_doc_failed(doc));
    CHECK_INT(t->count, 4);
    CHECK_STR(t->spans[1].text, "シュレッダー");
    CHECK(t->spans[1].has_color);
    CHECK_NEAR(t->spans[1].color.r, 1.0, 1e-9);
    CHECK_NEAR(t->spans[1].color.g, 0.0, 1e-9);
    CHECK_STR(t->spans[3].text, "必ず");
    CHECK(t->spans[3].bold);
    CHECK_NEAR(t->spans[3].color.b, 1.0, 1e-9);
    sm_doc_free(doc);
}

static void test_unknown_colour(void) {
    sm_doc *doc = resolve_text("\"[赤]{.rde}\"", NULL);
    CHECK(sm_doc_failed(doc));
    CHECK_STR(sm_doc_diag_at(doc, 0)->message, "unknown colour 'rde'; did you mean 'red'?");
    sm_doc_free(doc);
}

static void test_escapes_and_brackets(void) {
    /* Escaped markup stays literal; brackets without a colour stay as written. */
    sm_doc *doc = resolve_text("\"\\\\*\\\\*星\\\\*\\\\* [注] \\\\{漢字|かんじ\\\\}\"", NULL);
    CHECK(!sm_doc_failed(doc));
    CHECK_STR(first_text(doc)->plain, "**星** [注] {漢字|かんじ}");
    CHECK(!first_text(doc)->spans[0].bold);
    sm_doc_free(doc);
}

static void test_ruby(void) {
    /* Group ruby: one span, its reading over the whole base. */
    sm_doc *doc = resolve_text("\"{明日|あした}は{情報|じょう|ほう}を守る\"", NULL);
    CHECK(!sm_doc_failed(doc));
    const sm_rich *t = first_text(doc);
    CHECK_STR(t->plain, "明日は情報を守る");
    CHECK_INT(t->count, 5);
    CHECK_STR(t->spans[0].text, "明日");
    CHECK_STR(t->spans[0].ruby, "あした");
    CHECK(t->spans[1].ruby == NULL);
    /* Mono ruby: one span per base character, each with its reading. */
    CHECK_STR(t->spans[2].text, "情");
    CHECK_STR(t->spans[2].ruby, "じょう");
    CHECK_STR(t->spans[3].text, "報");
    CHECK_STR(t->spans[3].ruby, "ほう");
    sm_doc_free(doc);
    /* A count that fits neither form is an error with the position of the text. */
    doc = resolve_text("\"{情報|じょう|ほう|x}\"", NULL);
    CHECK(sm_doc_failed(doc));
    CHECK_STR(sm_doc_diag_at(doc, 0)->message,
              "ruby {情報|じょう|ほう|x} has 2 base characters but 3 readings (mono ruby needs one "
              "reading per character; group ruby has one reading)");
    CHECK_INT(sm_doc_diag_at(doc, 0)->line, 6);
    sm_doc_free(doc);
}

static void test_emphasis(void) {
    sm_doc *doc = resolve_text("\"書類は《《必ず》》回収\"", NULL);
    const sm_rich *t = first_text(doc);
    CHECK_INT(t->count, 3);
    CHECK_STR(t->spans[1].text, "必ず");
    CHECK(t->spans[1].emphasis);
    CHECK(!t->spans[0].emphasis && !t->spans[2].emphasis);
    CHECK_STR(t->plain, "書類は必ず回収");
    sm_doc_free(doc);
}

static void test_line_breaks(void) {
    sm_doc *doc = resolve_text("|\n      一行目\n      二行目\n", NULL);
    CHECK_STR(first_text(doc)->plain, "一行目\n二行目"); /* the final newline is dropped */
    sm_doc_free(doc);
}

static void test_folded_japanese(void) {
    /* A folded scalar's line break becomes a space; between Japanese it is dropped, between
     * Latin words it stays, and a full-width space written on purpose stays. */
    sm_doc *doc = resolve_text(">-\n      書類を出したままに\n      すると危険です。\n      Use "
                               "the\n      shredder.　以上\n",
                               NULL);
    CHECK_STR(first_text(doc)->plain, "書類を出したままにすると危険です。 Use the shredder.　以上");
    sm_doc_free(doc);
}

static void test_unclosed_bold(void) {
    sm_doc *doc = resolve_text("\"**閉じない\"", NULL);
    CHECK(!sm_doc_failed(doc));
    CHECK_INT(sm_doc_diag_count(doc), 1);
    CHECK_STR(sm_doc_diag_at(doc, 0)->message,
              "'**' is not closed: bold runs to the end of the text");
    CHECK(first_text(doc)->spans[0].bold);
    sm_doc_free(doc);
}

static void test_variables(void) {
    sm_doc *doc = resolve_text("\"{school}の先生へ\"", NULL);
    CHECK_STR(first_text(doc)->plain, "北小学校の先生へ");
    sm_doc_free(doc);
    doc = resolve_text("\"{school}の先生へ\"", "school=南中学校");
    CHECK_STR(first_text(doc)->plain, "南中学校の先生へ");
    sm_doc_free(doc);
    doc = resolve_text("\"{region}\"", "region=岡山県");
    CHECK_STR(first_text(doc)->plain, "岡山県");
    sm_doc_free(doc);
}

static void test_unknown_variable_position(void) {
    /* Line 6, "  - text: " is 10 columns, the quote 1 more, then 学校名： (4 characters). */
    sm_doc *doc = resolve_text("\"学校名：{schol}\"", NULL);
    CHECK(sm_doc_failed(doc));
    const sm_diag *d = sm_doc_diag_at(doc, 0);
    CHECK_STR(d->message, "unknown variable '{schol}'; did you mean '{school}'?");
    CHECK_INT(d->line, 6);
    CHECK_INT(d->col, 16);
    sm_doc_free(doc);
}

/* Resolves a page declaring `vars` (YAML lines under vars:) that shows {v}, with the
 * settings given (NULL-terminated). */
static sm_doc *resolve_declared(const char *vars, const char *const *settings) {
    char yaml[2048];
    snprintf(yaml, sizeof yaml, "kind: page\ntitle: t\nvars:\n%sbody:\n  - text: \"{v}\"\n", vars);
    sm_doc *doc = sm_doc_new();
    sm_doc_load_buffer(doc, "d.yaml", NULL, yaml, strlen(yaml));
    for (const char *const *s = settings; s && *s; s++) sm_doc_set_variable(doc, *s);
    sm_doc_resolve(doc);
    return doc;
}

static const char *first_error(const sm_doc *doc) {
    return sm_doc_diag_count(doc) ? sm_doc_diag_at(doc, 0)->message : "";
}

static void test_declared_variables(void) {
    const char *phone = "  v:\n    label: 電話番号\n    type: phone\n    max-length: 13\n";
    const char *ok[] = {"v=086-000-0000", NULL}, *letters[] = {"v=086-ABC", NULL},
               *long_one[] = {"v=086-0000-00000", NULL};
    sm_doc *doc = resolve_declared(phone, ok);
    CHECK(!sm_doc_failed(doc));
    CHECK_STR(first_text(doc)->plain, "086-000-0000");
    sm_doc_free(doc);
    doc = resolve_declared(phone, letters);
    CHECK_STR(first_error(doc),
              "the value '086-ABC' of {v} is not a phone number (digits, with - ( ) + or spaces "
              "between)");
    CHECK_INT(sm_doc_diag_at(doc, 0)->line, 5); /* at the declaration */
    sm_doc_free(doc);
    doc = resolve_declared(phone, long_one);
    CHECK_STR(first_error(doc),
              "the value '086-0000-00000' of {v} is 14 characters long, more than its "
              "max-length of 13");
    sm_doc_free(doc);
    /* Not given: the default (empty without one), unless required. */
    doc = resolve_declared(phone, NULL);
    CHECK(!sm_doc_failed(doc));
    sm_doc_free(doc);
    doc = resolve_declared("  v:\n    default: 北小学校\n", NULL);
    CHECK_STR(first_text(doc)->plain, "北小学校");
    sm_doc_free(doc);
    const char *required = "  v:\n    label: 学校名\n    required: true\n    default: 学校名\n";
    doc = resolve_declared(required, NULL);
    CHECK_STR(first_error(doc), "the variable {v} is required: give it with --set v=…, a data "
                                "column named v or the form");
    sm_doc_free(doc);
    const char *given[] = {"v=南中学校", NULL};
    doc = resolve_declared(required, given);
    CHECK_STR(first_text(doc)->plain, "南中学校");
    sm_doc_free(doc);
    /* Characters are counted, not bytes; URLs and dates by their form. */
    const char *five[] = {"v=岡山市立北小", NULL};
    doc = resolve_declared("  v:\n    max-length: 5\n", five);
    CHECK_STR(
        first_error(doc),
        "the value '岡山市立北小' of {v} is 6 characters long, more than its max-length of 5");
    sm_doc_free(doc);
    const char *url[] = {"v=www.example.jp", NULL}, *date[] = {"v=2025-02-29", NULL};
    doc = resolve_declared("  v:\n    type: url\n", url);
    CHECK_STR(first_error(doc), "the value 'www.example.jp' of {v} is not a URL (it starts with "
                                "http:// or https://)");
    sm_doc_free(doc);
    doc = resolve_declared("  v:\n    type: date\n", date);
    CHECK_STR(first_error(doc), "the value '2025-02-29' of {v} is not a date (YYYY-MM-DD)");
    sm_doc_free(doc);
}

int main(void) {
    test_plain();
    test_declared_variables();
    test_bold();
    test_colour_span();
    test_unknown_colour();
    test_escapes_and_brackets();
    test_line_breaks();
    test_ruby();
    test_emphasis();
    test_unclosed_bold();
    test_folded_japanese();
    test_variables();
    test_unknown_variable_position();
    return check_done();
}
