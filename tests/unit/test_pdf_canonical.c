/* test_pdf_canonical.c: one spelling per PDF value — cairo's and qpdf's ways of writing the
 * same dictionary meet, and different values stay apart. */
#include "pack/pdf_canonical.h"

#include "check.h"

static char *spelled(const char *text) {
    GString *out = g_string_new(NULL);
    if (!sm_pdf_canonical(text, strlen(text), out)) {
        g_string_free(out, TRUE);
        return NULL;
    }
    return g_string_free(out, FALSE);
}

static void check_same(const char *a, const char *b, int line) {
    char *x = spelled(a), *y = spelled(b);
    check_report(x && y && strcmp(x, y) == 0, __FILE__, line, "the same value");
    if (!(x && y && strcmp(x, y) == 0))
        fprintf(stderr, "    %s\n    %s\n", x ? x : "(not a value)", y ? y : "(not a value)");
    g_free(x);
    g_free(y);
}

static void check_apart(const char *a, const char *b, int line) {
    char *x = spelled(a), *y = spelled(b);
    check_report(x && y && strcmp(x, y) != 0, __FILE__, line, "different values");
    g_free(x);
    g_free(y);
}

int main(void) {
    /* cairo's font descriptor and qpdf's of the same: lines, order, string form. */
    check_same("<< /Type /FontDescriptor\n   /FontName /ZYODDU+BIZUDPGothic-Regular\n"
               "   /FontFamily (BIZ UDPGothic)\n   /Flags 32\n   /FontBBox [ -7 -120 1000 879 ]\n"
               "   /FontFile2 33 0 R\n>>",
               "<< /Flags 32 /FontBBox [ -7 -120 1000 879 ] /FontFamily (BIZ UDPGothic) "
               "/FontFile2 33 0 R /FontName /ZYODDU+BIZUDPGothic-Regular /Type /FontDescriptor >>",
               __LINE__);
    check_same("<</A<78>/B 1>>", "<< /B 1 /A (x) >>", __LINE__);
    check_same("(a\\)b\\101)", "<61 29 62 41>", __LINE__);
    check_same("(line\r\nend)", "(line\\nend)", __LINE__);
    check_same("<6>", "<60>", __LINE__);
    check_same("[1 0 R 2.5]", "[ 1 0 R 2.5 ]", __LINE__);
    check_same("/A#20B", "/A#20B", __LINE__);
    check_same("<< /W [0 [ 1000 970 ]] >>", "<</W[0[1000 970]]>>", __LINE__);
    check_apart("<< /A 1 >>", "<< /A 2 >>", __LINE__);
    check_apart("(ab)", "(ba)", __LINE__);
    check_apart("[1 0 R]", "[1 0 2]", __LINE__);
    check_apart("/AB", "(AB)", __LINE__);
    check_apart("<< /A [1 2] >>", "<< /A [1] /B 2 >>", __LINE__);
    /* Not one value. */
    CHECK(!spelled("<< /A >>"));
    CHECK(!spelled("<< /A 1"));
    CHECK(!spelled("1 2"));
    printf("%d passed, %d failed\n", check_passed, check_failed);
    return check_failed ? 1 : 0;
}
