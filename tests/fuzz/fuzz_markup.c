/* fuzz_markup.c: the inline markup parser (ruby {漢字|かんじ}, 《《》》, **bold**, [span]{.colour},
 * \ escapes, {variables}) on any text a definition can hold, through resolve's own entry points. */
#include "fuzz_util.h"

#include "model/doc.h"
#include "resolve/resolver.h"
#include "surimono.h"

/* A definition with variables (one Japanese name, one holding markup) and the isen theme, so
 * {variables} and theme colours resolve; its one text value is replaced by the input. */
static const char definition[] = "kind: page\n"
                                 "title: t\n"
                                 "theme: isen\n"
                                 "vars:\n"
                                 "  school: 北小学校\n"
                                 "  学校名: 北\n"
                                 "  bold: \"**太字**\"\n"
                                 "  ruby: \"{漢字|かんじ}\"\n"
                                 "body:\n"
                                 "  - text: x\n";

static bool has_markup(const char *s) {
    return strpbrk(s, "\\*[{") != NULL || strstr(s, "《《") != NULL;
}

/* text without trailing line breaks and spaces, as the parser reads it. */
static size_t trimmed(const char *s) {
    size_t len = strlen(s);
    while (len && (s[len - 1] == '\n' || s[len - 1] == ' ')) len--;
    return len;
}

/* Every byte of sub appears in s in the same order: markup only ever removes characters. */
static bool subsequence(const char *sub, const char *s) {
    for (; *sub; sub++) {
        s = strchr(s, *sub);
        if (!s) return false;
        s++;
    }
    return true;
}

static bool same_look(const sm_span *a, const sm_span *b) {
    if (a->bold != b->bold || a->emphasis != b->emphasis || a->has_color != b->has_color)
        return false;
    return !a->has_color || memcmp(&a->color, &b->color, sizeof a->color) == 0;
}

static void check_rich(const sm_rich *rich, const char *what) {
    FZ_CHECK(rich->plain != NULL, "%s: no plain text", what);
    size_t at = 0, len = strlen(rich->plain);
    FZ_CHECK(fz_utf8_valid(rich->plain, len), "%s: plain text is not UTF-8", what);
    for (size_t i = 0; i < rich->count; i++) {
        const sm_span *span = &rich->spans[i];
        size_t n = strlen(span->text);
        FZ_CHECK(n > 0, "%s: span %zu is empty", what, i);
        FZ_CHECK(fz_utf8_valid(span->text, n), "%s: span %zu is not UTF-8", what, i);
        FZ_CHECK(at + n <= len && memcmp(rich->plain + at, span->text, n) == 0,
                 "%s: span %zu '%s' is not the plain text at %zu", what, i, span->text, at);
        at += n;
        if (span->ruby) {
            FZ_CHECK(span->ruby[0] && fz_utf8_valid(span->ruby, strlen(span->ruby)),
                     "%s: span %zu has an empty or broken reading", what, i);
            FZ_CHECK(!strpbrk(span->ruby, "|{}\n"), "%s: reading '%s' holds ruby syntax", what,
                     span->ruby);
        }
        /* Neighbours that look the same are one span (ruby bases stay apart). */
        if (i > 0 && !span->ruby && !rich->spans[i - 1].ruby)
            FZ_CHECK(!same_look(span, &rich->spans[i - 1]), "%s: spans %zu and %zu look the same",
                     what, i - 1, i);
    }
    FZ_CHECK(at == len, "%s: spans hold %zu of %zu bytes", what, at, len);
}

static void check_diags(const sm_diags *diags) {
    for (size_t i = 0; i < diags->count; i++) {
        const sm_diag *d = &diags->items[i];
        FZ_CHECK(d->line >= 1 && d->col >= 1, "markup diagnostic at %d:%d: %s", d->line, d->col,
                 d->message);
        FZ_CHECK(fz_utf8_valid(d->message, strlen(d->message)), "diagnostic is not UTF-8: %s",
                 d->message);
    }
}

/* The definition and its theme, loaded once: the parser only reads them. */
static sm_doc *doc;
static const sm_object *theme;
static const sm_value *text_value;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    doc = sm_doc_new();
    if (!sm_doc_load_buffer(doc, "m.yaml", SM_SOURCE_DIR, definition, sizeof definition - 1))
        abort();
    theme = doc->theme; /* read by the load stage */
    if (!theme) abort();
    const sm_value *body = sm_object_get(doc->definition, "body");
    text_value = sm_object_get(body->as.list.items[0].as.object, "text");
    return 0;
}

/* Long texts from short inputs, to find work that grows with the square of the length (a
 * 1 MiB value is allowed): an input "\x01 N1 N2 A \x02 B \x02 C \x02 D…" is the text
 * A + B × N + C + D × N + …, N = N1 · 256 + N2, at most FZ_LONG bytes in all. */
#define FZ_LONG (256 * 1024)

static uint8_t *amplify(const uint8_t *data, size_t size, size_t *out_size) {
    unsigned count = ((unsigned)data[1] << 8 | data[2]) + 1;
    uint8_t *out = malloc(FZ_LONG);
    if (!out) abort();
    size_t n = 0, segment = 0;
    for (size_t i = 3; i <= size && n < FZ_LONG; segment++) {
        size_t end = i;
        while (end < size && data[end] != 0x02) end++;
        for (unsigned k = 0; k < (segment % 2 ? count : 1u) && n < FZ_LONG; k++) {
            size_t take = end - i < FZ_LONG - n ? end - i : FZ_LONG - n;
            memcpy(out + n, data + i, take);
            n += take;
            if (take == 0) break;
        }
        i = end + 1;
    }
    *out_size = n;
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    uint8_t *long_text = NULL;
    if (size >= 3 && data[0] == 0x01) {
        data = long_text = amplify(data, size, &size);
    }
    /* The whole input is the text (seeds stay readable); its length picks how the scalar
     * was written, which decides how offsets map back to columns. */
    sm_scalar_style style = (sm_scalar_style)(size % 3);
    /* The loader hands resolve only NUL-free UTF-8: give the parser nothing else. */
    char *text = fz_utf8_copy(data, size);

    /* Each input's strings and diagnostics live in an arena of its own. */
    sm_arena *arena = sm_arena_new();
    sm_diags diags;
    sm_diags_init(&diags, arena);
    sm_resolver r = {.doc = doc,
                     .arena = arena,
                     .diags = &diags,
                     .theme = theme,
                     .scale = 1,
                     .gothic = "BIZ UDGothic",
                     .mincho = "BIZ UDMincho",
                     .heading = "BIZ UDPGothic",
                     .latin = "BIZ UDPGothic"};
    sm_value value = *text_value;
    value.as.str = text;
    value.style = style;

    sm_rich rich;
    bool ok = sm_markup_parse(&r, &value, &rich);
    check_rich(&rich, "parse");
    FZ_CHECK(ok || diags.failed, "markup failed without an error");
    /* Folds are the loader's (load/fold.c): markup keeps every space it is given. */
    if (!has_markup(text)) {
        FZ_CHECK(strlen(rich.plain) == trimmed(text) &&
                     memcmp(rich.plain, text, trimmed(text)) == 0,
                 "plain text changed: '%s' became '%s'", text, rich.plain);
    }

    sm_rich literal = sm_markup_literal(&r, text, value.pos);
    check_rich(&literal, "literal");
    FZ_CHECK(subsequence(literal.plain, text), "markup added text: '%s' from '%s'", literal.plain,
             text);
    if (!has_markup(text))
        FZ_CHECK(strlen(literal.plain) == trimmed(text) &&
                     memcmp(literal.plain, text, trimmed(text)) == 0,
                 "plain text changed: '%s' became '%s'", text, literal.plain);
    check_diags(&diags);

    const char *joined = sm_text_join_lines(arena, rich.plain);
    FZ_CHECK(!strchr(joined, '\n') && fz_utf8_valid(joined, strlen(joined)), "joined lines: '%s'",
             joined);
    sm_arena_free(arena);
    free(text);
    free(long_text);
    return 0;
}
