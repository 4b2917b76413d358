/* font_report.c: `surimono fonts FILE` — which font file serves each character, and gaps. */
#include "layout.h"

#include <string.h>

typedef struct family_chars {
    const char *family;
    bool bold;
    GHashTable *chars; /* gunichar → 1 */
} family_chars;

static void collect_rich(GPtrArray *groups, const sm_style *style, const sm_rich *text) {
    if (!text->plain) return;
    family_chars *group = NULL;
    for (guint i = 0; i < groups->len; i++) {
        family_chars *g = groups->pdata[i];
        if (strcmp(g->family, style->family) == 0 && g->bold == style->bold) group = g;
    }
    if (!group) {
        group = g_new0(family_chars, 1);
        group->family = style->family;
        group->bold = style->bold;
        group->chars = g_hash_table_new(g_direct_hash, g_direct_equal);
        g_ptr_array_add(groups, group);
    }
    for (const char *p = text->plain; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (c >= 0x20) g_hash_table_add(group->chars, GUINT_TO_POINTER(c));
    }
}

static void collect(GPtrArray *groups, const sm_elem *e) {
    collect_rich(groups, &e->style, &e->text);
    for (size_t i = 0; i < e->item_count; i++) collect_rich(groups, &e->style, &e->items[i]);
    for (size_t i = 0; i < e->child_count; i++) collect(groups, e->children[i]);
}

static gint compare_chars(gconstpointer a, gconstpointer b) {
    gunichar x = GPOINTER_TO_UINT(*(gpointer const *)a), y = GPOINTER_TO_UINT(*(gpointer const *)b);
    return x < y ? -1 : x > y;
}

/* For one family: the fallback order fontconfig gives, and the first font with each char. */
static void report_group(sm_fonts *fonts, const family_chars *group, FILE *out) {
    FcPattern *pattern = FcPatternCreate();
    FcPatternAddString(pattern, FC_FAMILY, (const FcChar8 *)group->family);
    FcPatternAddString(pattern, FC_LANG, (const FcChar8 *)"ja");
    FcPatternAddInteger(pattern, FC_WEIGHT, group->bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
    FcConfigSubstitute(fonts->config, pattern, FcMatchPattern);
    FcDefaultSubstitute(pattern);
    FcResult result;
    FcFontSet *sorted = FcFontSort(fonts->config, pattern, FcFalse, NULL, &result);
    GPtrArray *chars = g_ptr_array_new();
    GHashTableIter iter;
    gpointer key;
    g_hash_table_iter_init(&iter, group->chars);
    while (g_hash_table_iter_next(&iter, &key, NULL)) g_ptr_array_add(chars, key);
    g_ptr_array_sort(chars, compare_chars);
    int n = sorted ? sorted->nfont : 0;
    guint *served = g_new0(guint, (gsize)n + 1);
    GString *missing = g_string_new(NULL);
    for (guint i = 0; i < chars->len; i++) {
        gunichar c = GPOINTER_TO_UINT(chars->pdata[i]);
        int k = 0;
        for (; k < n; k++) {
            FcCharSet *cs;
            if (FcPatternGetCharSet(sorted->fonts[k], FC_CHARSET, 0, &cs) == FcResultMatch &&
                FcCharSetHasChar(cs, c))
                break;
        }
        if (k < n)
            served[k]++;
        else
            g_string_append_unichar(missing, c);
    }
    fprintf(out, "%s%s: %u characters\n", group->family, group->bold ? " bold" : "", chars->len);
    for (int k = 0; k < n; k++) {
        if (!served[k]) continue;
        FcChar8 *file = NULL;
        int index = 0;
        FcPatternGetString(sorted->fonts[k], FC_FILE, 0, &file);
        FcPatternGetInteger(sorted->fonts[k], FC_INDEX, 0, &index);
        fprintf(out, "  %5u  %s:%d\n", served[k], file, index);
    }
    if (missing->len) fprintf(out, "  missing: %s\n", missing->str);
    g_string_free(missing, TRUE);
    g_free(served);
    g_ptr_array_unref(chars);
    if (sorted) FcFontSetDestroy(sorted);
    FcPatternDestroy(pattern);
}

bool sm_doc_report_fonts(sm_doc *doc, sm_fonts *fonts, FILE *out) {
    if (!sm_doc_ok(doc) || !doc->resolved) return false;
    const sm_resolved *res = doc->resolved;
    GPtrArray *groups = g_ptr_array_new();
    for (size_t i = 0; i < res->page_count; i++) collect(groups, res->pages[i].body);
    if (res->has_footer) collect_rich(groups, &res->footer_style, &res->footer);
    for (guint i = 0; i < groups->len; i++) {
        family_chars *g = groups->pdata[i];
        report_group(fonts, g, out);
        g_hash_table_unref(g->chars);
        g_free(g);
    }
    g_ptr_array_unref(groups);
    return true;
}
