/* dedupe.c: one copy of each resource in the combined pack — fonts, pictures, forms that
 * several outputs embed byte for byte the same (a poster's A4, A3 and gray variants carry
 * identical font subsets) end up as one object all their pages share.
 *
 * Objects are merged bottom-up (hash-consing): an object's children are made canonical first,
 * so two fonts are the same object exactly when their dictionaries, read with the canonical
 * children's numbers, are the same text and their streams the same bytes. Only what page
 * resources reach is visited: no page, no outline, nothing with a /Parent. The copies left
 * without a reference are not written (qpdf writes what the trailer reaches). */
#include "dedupe.h"

#include "../base/qpdf_api.h"

#include <glib.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Resources nest (page → form → pattern → form …): deeper than this is not a real file. */
#define SM_DEDUPE_MAX_DEPTH 32

typedef struct dedupe {
    qpdf_data q;
    GHashTable *by_content; /* key text → canonical handle */
    GHashTable *by_id;      /* object number → canonical handle (or itself while visited) */
    size_t merged;
} dedupe;

static qpdf_oh canon(dedupe *d, qpdf_oh oh, int depth);

/* Replaces each child of a dictionary or array by its canonical object. */
static void canon_children(dedupe *d, qpdf_oh container, int depth) {
    qpdf_data q = d->q;
    if (qpdf_oh_is_array(q, container)) {
        int n = qpdf_oh_get_array_n_items(q, container);
        for (int i = 0; i < n; i++) {
            qpdf_oh item = qpdf_oh_get_array_item(q, container, i);
            qpdf_oh c = canon(d, item, depth + 1);
            if (c != item) qpdf_oh_set_array_item(q, container, i, c);
        }
        return;
    }
    if (!qpdf_oh_is_dictionary(q, container)) return;
    /* The keys first: the key iterator is one per qpdf_data, and canon() walks others. */
    GPtrArray *keys = g_ptr_array_new_with_free_func(g_free);
    qpdf_oh_begin_dict_key_iter(q, container);
    while (qpdf_oh_dict_more_keys(q)) g_ptr_array_add(keys, g_strdup(qpdf_oh_dict_next_key(q)));
    for (guint i = 0; i < keys->len; i++) {
        const char *key = keys->pdata[i];
        if (strcmp(key, "/Parent") == 0 || strcmp(key, "/P") == 0) continue; /* up the tree */
        qpdf_oh value = qpdf_oh_get_key(q, container, key);
        qpdf_oh c = canon(d, value, depth + 1);
        if (c != value) qpdf_oh_replace_key(q, container, key, c);
    }
    g_ptr_array_free(keys, TRUE);
}

/* The text two objects share exactly when they are the same: the dictionary or array as
 * written (children by their canonical numbers) and, for a stream, a hash of its bytes as
 * stored (still compressed: the same bytes, the same content). */
static char *content_key(dedupe *d, qpdf_oh oh) {
    qpdf_data q = d->q;
    if (!qpdf_oh_is_stream(q, oh)) return g_strconcat("O", qpdf_oh_unparse_resolved(q, oh), NULL);
    unsigned char *data = NULL;
    size_t len = 0;
    if (qpdf_oh_get_stream_data(q, oh, qpdf_dl_none, NULL, &data, &len) != QPDF_SUCCESS)
        return NULL;
    char *sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, data, len);
    free(data);
    char *key = g_strconcat("S", sum, qpdf_oh_unparse_resolved(q, qpdf_oh_get_dict(q, oh)), NULL);
    g_free(sum);
    return key;
}

static qpdf_oh canon(dedupe *d, qpdf_oh oh, int depth) {
    qpdf_data q = d->q;
    if (depth > SM_DEDUPE_MAX_DEPTH) return oh;
    bool stream = qpdf_oh_is_stream(q, oh);
    bool container = stream || qpdf_oh_is_dictionary(q, oh) || qpdf_oh_is_array(q, oh);
    /* A number may be an object of its own too (cairo writes a stream's /Length so). */
    if (!qpdf_oh_is_indirect(q, oh)) {
        if (container) canon_children(d, oh, depth);
        return oh;
    }
    gpointer id = GINT_TO_POINTER(qpdf_oh_get_object_id(q, oh));
    qpdf_oh known = GPOINTER_TO_UINT(g_hash_table_lookup(d->by_id, id));
    if (known) return known;
    /* Marked before the children are visited: a cycle ends here instead of looping. */
    g_hash_table_insert(d->by_id, id, GUINT_TO_POINTER(oh));
    if (container) canon_children(d, stream ? qpdf_oh_get_dict(q, oh) : oh, depth);
    char *key = content_key(d, oh);
    if (!key) return oh;
    qpdf_oh same = GPOINTER_TO_UINT(g_hash_table_lookup(d->by_content, key));
    if (same) {
        g_hash_table_insert(d->by_id, id, GUINT_TO_POINTER(same));
        d->merged++;
        g_free(key);
        return same;
    }
    g_hash_table_insert(d->by_content, key, GUINT_TO_POINTER(oh));
    return oh;
}

size_t sm_pack_dedupe(qpdf_data q) {
    dedupe d = {q, g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
                g_hash_table_new(g_direct_hash, g_direct_equal), 0};
    int pages = qpdf_get_num_pages(q);
    for (int i = 0; i < pages; i++) {
        qpdf_oh page = qpdf_get_page_n(q, (size_t)i);
        qpdf_oh resources = qpdf_oh_get_key(q, page, "/Resources");
        qpdf_oh c = canon(&d, resources, 0);
        if (c != resources) qpdf_oh_replace_key(q, page, "/Resources", c);
    }
    g_hash_table_destroy(d.by_content);
    g_hash_table_destroy(d.by_id);
    return d.merged;
}
