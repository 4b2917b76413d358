/* phrase.h: phrase (文節, bunsetsu) boundaries of Japanese text, for word-break: auto-phrase.
 *
 * A phrase is a content word (自立語) with the function words (助詞, 助動詞) and suffixes that
 * follow it; consecutive nouns (情報漏えい, 機密書類) are one phrase, a prefix (ご, 各) and an
 * opening bracket join the phrase after them, a closing bracket or 、。 the phrase before.
 * Boundaries come from MeCab with the IPADIC dictionary (Debian libmecab2 + mecab-ipadic-utf8),
 * loaded once per process on first use; a dictionary-free heuristic stands in when MeCab
 * cannot be loaded, and sm_phrase_error() then says why. */
#ifndef SM_PHRASE_H
#define SM_PHRASE_H

#include <stdbool.h>
#include <stddef.h>

/* Marks where a line may break between phrases: allowed[i] true means a break is allowed
   before the character starting at byte offset i of text (only offsets that start a code point
   matter; allowed has len+1 entries, allowed[0] and allowed[len] are true). Never marks more than
   a plain character-level break would allow; it only removes break opportunities inside phrases.
   The caller still intersects the result with Pango's own line breaks (e.g. by putting
   pango_attr_allow_breaks_new(FALSE) over each phrase); this function only guarantees it marks
   no break between two non-CJK characters, after an opening bracket, or before closing
   punctuation, small kana or ー. The first call loads MeCab (about 2 ms); thread-safe.
   Returns false when Japanese text had to be split by the heuristic below because MeCab
   could not be loaded (sm_phrase_error() says why; the caller warns). */
bool sm_phrase_breaks(const char *text, size_t len, bool *allowed);

/* The same, and in words (when not NULL, len+1 entries) where each content word starts
   with what follows it (機密|書類からの), a second level of breaks for a phrase wider than
   its line. */
bool sm_phrase_words(const char *text, size_t len, bool *allowed, bool *words);

/* The same with the dictionary-free heuristic only (script changes, brackets, spaces): what
   sm_phrase_breaks falls back to. Splits compound verbs (置き|忘れ) and keeps hiragana words
   together (印刷したらすぐに|回収); see phrase.c. */
void sm_phrase_breaks_heuristic(const char *text, size_t len, bool *allowed);

/* NULL while MeCab is loaded or has not been needed yet; otherwise why it could not be
   loaded (text that lives as long as the process). */
const char *sm_phrase_error(void);

#endif
