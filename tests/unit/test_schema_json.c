/* test_schema_json.c: the JSON Schema written from the tables is well-formed JSON and covers
 * every kind and element. */
#include "model/schema.h"
#include "surimono.h"

#include "check.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

/* ---- a minimal JSON well-formedness checker (RFC 8259), with the failing offset ----- */

typedef struct reader {
    const char *s;
    size_t i, len;
    int depth;
} reader;

static void skip_space(reader *r) {
    while (r->i < r->len &&
           (r->s[r->i] == ' ' || r->s[r->i] == '\n' || r->s[r->i] == '\r' || r->s[r->i] == '\t'))
        r->i++;
}

static bool eat(reader *r, char c) {
    skip_space(r);
    if (r->i < r->len && r->s[r->i] == c) {
        r->i++;
        return true;
    }
    return false;
}

static bool is_hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static bool string_(reader *r) {
    if (!eat(r, '"')) return false;
    while (r->i < r->len) {
        unsigned char c = (unsigned char)r->s[r->i++];
        if (c == '"') return true;
        if (c < 0x20) return false; /* control characters must be escaped */
        if (c != '\\') continue;
        if (r->i >= r->len) return false;
        char e = r->s[r->i++];
        if (e == 'u') {
            for (int k = 0; k < 4; k++)
                if (r->i >= r->len || !is_hex(r->s[r->i++])) return false;
        } else if (!strchr("\"\\/bfnrt", e)) {
            return false;
        }
    }
    return false;
}

static bool digits(reader *r) {
    size_t start = r->i;
    while (r->i < r->len && r->s[r->i] >= '0' && r->s[r->i] <= '9') r->i++;
    return r->i > start;
}

static bool number_(reader *r) {
    if (r->s[r->i] == '-') r->i++;
    if (r->i < r->len && r->s[r->i] == '0')
        r->i++;
    else if (!digits(r))
        return false;
    if (r->i < r->len && r->s[r->i] == '.') {
        r->i++;
        if (!digits(r)) return false;
    }
    if (r->i < r->len && (r->s[r->i] == 'e' || r->s[r->i] == 'E')) {
        r->i++;
        if (r->i < r->len && (r->s[r->i] == '+' || r->s[r->i] == '-')) r->i++;
        if (!digits(r)) return false;
    }
    return true;
}

static bool literal(reader *r, const char *word) {
    size_t n = strlen(word);
    if (r->len - r->i < n || strncmp(r->s + r->i, word, n) != 0) return false;
    r->i += n;
    return true;
}

static bool value(reader *r);

/* Members separated by commas, no trailing comma: after ',' a member must follow. */
static bool object_(reader *r) {
    if (!eat(r, '{')) return false;
    if (eat(r, '}')) return true;
    do {
        skip_space(r);
        if (!string_(r) || !eat(r, ':') || !value(r)) return false;
    } while (eat(r, ','));
    return eat(r, '}');
}

static bool array_(reader *r) {
    if (!eat(r, '[')) return false;
    if (eat(r, ']')) return true;
    do {
        if (!value(r)) return false;
    } while (eat(r, ','));
    return eat(r, ']');
}

static bool value(reader *r) {
    skip_space(r);
    if (r->i >= r->len || ++r->depth > 100) return false;
    bool ok;
    switch (r->s[r->i]) {
    case '{': ok = object_(r); break;
    case '[': ok = array_(r); break;
    case '"': ok = string_(r); break;
    case 't': ok = literal(r, "true"); break;
    case 'f': ok = literal(r, "false"); break;
    case 'n': ok = literal(r, "null"); break;
    default: ok = number_(r); break;
    }
    r->depth--;
    return ok;
}

/* Returns SIZE_MAX when text is one well-formed JSON value, else the offset of the error. */
static size_t json_check(const char *text, size_t len) {
    reader r = {text, 0, len, 0};
    if (!value(&r)) return r.i;
    skip_space(&r);
    return r.i == len ? (size_t)-1 : r.i;
}

static bool well_formed(const char *text) { return json_check(text, strlen(text)) == (size_t)-1; }

static void test_checker(void) {
    CHECK(well_formed("{\"a\": [1, -2.5e3, true, null, \"x\\u00e9\\n\"], \"b\": {}}"));
    CHECK(!well_formed("{\"a\": 1,}"));
    CHECK(!well_formed("[1, 2,]"));
    CHECK(!well_formed("{\"a\": \"\n\"}"));
    CHECK(!well_formed("{\"a\": \"\\q\"}"));
    CHECK(!well_formed("{\"a\": [1}"));
    CHECK(!well_formed("{} {}"));
    CHECK(!well_formed("01"));
    CHECK(!well_formed("{a: 1}"));
}

static bool contains(const char *text, const char *needle) { return strstr(text, needle) != NULL; }

static void test_schema(void) {
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    if (!CHECK(out != NULL)) return;
    sm_schema_write_json(out, SM_SCHEMA_DEFINITION);
    fclose(out);

    size_t bad = json_check(text, len);
    if (!CHECK(bad == (size_t)-1))
        fprintf(stderr, "    JSON error at byte %zu: %.60s\n", bad, text + (bad < len ? bad : 0));

    char needle[128];
    for (int i = 0; i < sm_kind_count; i++) {
        snprintf(needle, sizeof needle, "\"kind.%s\": {", sm_kinds[i]->name);
        if (!CHECK(contains(text, needle))) fprintf(stderr, "    missing %s\n", needle);
        snprintf(needle, sizeof needle, "\"const\": \"%s\"", sm_kinds[i]->name);
        if (!CHECK(contains(text, needle))) fprintf(stderr, "    missing %s\n", needle);
        snprintf(needle, sizeof needle, "\"$ref\": \"#/definitions/kind.%s\"", sm_kinds[i]->name);
        if (!CHECK(contains(text, needle))) fprintf(stderr, "    missing %s\n", needle);
    }
    for (int i = 0; i < sm_element_count; i++) {
        snprintf(needle, sizeof needle, "\"element.%s\": {", sm_elements[i]->name);
        if (!CHECK(contains(text, needle))) fprintf(stderr, "    missing %s\n", needle);
        snprintf(needle, sizeof needle, "\"$ref\": \"#/definitions/element.%s\"",
                 sm_elements[i]->name);
        if (!CHECK(contains(text, needle))) fprintf(stderr, "    missing %s\n", needle);
    }
    CHECK(contains(text, "\"$schema\": \"http://json-schema.org/draft-07/schema#\""));
    CHECK(contains(text, "\"theme\": {"));
    CHECK(contains(text, "\"additionalProperties\": false"));
    CHECK(contains(text, "\"default\": \"A4\""));
    CHECK(contains(text, "\"default\": \"5%\""));
    CHECK(contains(text, "\"default\": 1\n")); /* numbers are numbers */
    CHECK(contains(text, "\"pattern\": \"^(([0-9]+\\\\.?[0-9]*|\\\\.[0-9]+)(mm|pt)|0)$\""));
    CHECK(contains(text, "\"minimum\": 0.8"));
    CHECK(contains(text, "セキュリティ") || contains(text, "イラスト")); /* UTF-8 as is */

    /* Deterministic: a second run writes the same bytes. */
    char *again = NULL;
    size_t again_len = 0;
    out = open_memstream(&again, &again_len);
    sm_schema_write_json(out, SM_SCHEMA_DEFINITION);
    fclose(out);
    CHECK(again_len == len && memcmp(again, text, len) == 0);
    free(again);
    free(text);
}

int main(void) {
    test_checker();
    test_schema();
    return check_done();
}
