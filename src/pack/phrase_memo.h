/* phrase_memo.h: the phrase breaks of the catalogue's titles, kept between builds. */
#ifndef SM_PHRASE_MEMO_H
#define SM_PHRASE_MEMO_H

#include "../base/diag.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct sm_phrase_memo sm_phrase_memo;

/* The memo kept in the file at path (a build's output folder's .surimono-phrases); empty
 * when there is none, it cannot be read, or another MeCab wrote it. */
sm_phrase_memo *sm_phrase_memo_open(const char *path);

/* sm_phrase_breaks (layout/phrase.h) of text[0, len): what the memo holds for the text, else
 * worked out (loading MeCab, 5-10 ms in a build that had no need of it) and remembered. */
void sm_phrase_memo_breaks(sm_phrase_memo *memo, const char *text, size_t len, bool *allowed);

/* Writes the memo back, atomically, when it learned something or holds texts this build did
 * not ask for (dropped: it keeps what the catalogue shows now). False, with the error in
 * diags, when it cannot be written. */
bool sm_phrase_memo_save(sm_phrase_memo *memo, sm_diags *diags);

void sm_phrase_memo_free(sm_phrase_memo *memo);

#endif
