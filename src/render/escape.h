/* escape.h: text made safe for HTML and URLs — one home for the text versions (render) and
 * the downloads catalogue (pack), on GLib's own escapers. */
#ifndef SM_ESCAPE_H
#define SM_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Writes len bytes of UTF-8 text as HTML character data or attribute text: & < > " '
 * escaped (g_markup_escape_text); control characters other than tab and line feed dropped
 * (HTML does not allow them); a line feed written as "<br>\n" when line_breaks is true,
 * else as a space, and a tab kept only then. */
void sm_html_put(FILE *out, const char *s, size_t len, bool line_breaks);

/* Writes a relative URL for a double-quoted href or src: what URLs do not allow (space,
 * quotes, '#', '%', '?'…) percent-encoded, UTF-8 kept as is (HTML takes IRIs), '&' as
 * &amp; — so any file name links to itself. */
void sm_html_put_href(FILE *out, const char *href);

#endif
