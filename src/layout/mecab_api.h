/* mecab_api.h: MeCab (phrase boundaries), loaded the first time a text asks for phrases
 * (base/lazy.h) — and with it the C++ runtime, which nothing else here needs. Include this
 * instead of <mecab.h>; functions are called as ever, through the table sm_mecab() gives
 * once sm_mecab_open() has succeeded. A function missing from the list fails to link. */
#ifndef SM_MECAB_API_H
#define SM_MECAB_API_H

#include <mecab.h>

#define SM_MECAB_FUNCTIONS(X) \
    X(mecab_destroy) \
    X(mecab_lattice_clear) \
    X(mecab_lattice_destroy) \
    X(mecab_lattice_get_bos_node) \
    X(mecab_lattice_get_sentence) \
    X(mecab_lattice_set_sentence2) \
    X(mecab_model_destroy) \
    X(mecab_model_dictionary_info) \
    X(mecab_model_new) \
    X(mecab_model_new_lattice) \
    X(mecab_model_new_tagger) \
    X(mecab_parse_lattice) \
    X(mecab_strerror)

typedef struct sm_mecab_api {
#define SM_MECAB_SLOT(name) __typeof__(name) *name;
    SM_MECAB_FUNCTIONS(SM_MECAB_SLOT)
#undef SM_MECAB_SLOT
} sm_mecab_api;

/* Loads libmecab; NULL, or why it could not. Call before any function below. */
const char *sm_mecab_open(void);
const sm_mecab_api *sm_mecab(void);

#define mecab_destroy (sm_mecab()->mecab_destroy)
#define mecab_lattice_clear (sm_mecab()->mecab_lattice_clear)
#define mecab_lattice_destroy (sm_mecab()->mecab_lattice_destroy)
#define mecab_lattice_get_bos_node (sm_mecab()->mecab_lattice_get_bos_node)
#define mecab_lattice_get_sentence (sm_mecab()->mecab_lattice_get_sentence)
#define mecab_lattice_set_sentence2 (sm_mecab()->mecab_lattice_set_sentence2)
#define mecab_model_destroy (sm_mecab()->mecab_model_destroy)
#define mecab_model_dictionary_info (sm_mecab()->mecab_model_dictionary_info)
#define mecab_model_new (sm_mecab()->mecab_model_new)
#define mecab_model_new_lattice (sm_mecab()->mecab_model_new_lattice)
#define mecab_model_new_tagger (sm_mecab()->mecab_model_new_tagger)
#define mecab_parse_lattice (sm_mecab()->mecab_parse_lattice)
#define mecab_strerror (sm_mecab()->mecab_strerror)

#endif
