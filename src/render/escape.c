/* escape.c: HTML text and URLs, escaped with GLib. */
#include "escape.h"

#include <glib.h>
#include <string.h>

void sm_html_put(FILE *out, const char *s, size_t len, bool line_breaks) {
    if (!s) return;
    GString *clean = g_string_sized_new(len);
    for (size_t i = 0; i <= len; i++) {
        unsigned char c = i < len ? (unsigned char)s[i] : '\n';
        if (c == '\n' || (c == '\t' && !line_breaks)) {
            char *escaped = g_markup_escape_text(clean->str, (gssize)clean->len);
            fputs(escaped, out);
            g_free(escaped);
            g_string_truncate(clean, 0);
            if (i < len) fputs(line_breaks && c == '\n' ? "<br>\n" : " ", out);
        } else if (c >= 0x20 && c != 0x7f) {
            g_string_append_c(clean, (char)c);
        } else if (c == '\t') {
            g_string_append_c(clean, '\t');
        }
    }
    g_string_free(clean, TRUE);
}

void sm_html_put_href(FILE *out, const char *href) {
    /* Path separators and the sub-delimiters stay; '&' is then escaped for HTML. */
    char *url = g_uri_escape_string(href ? href : "", "!$&'()*+,;=:@/", TRUE);
    for (const char *p = url; *p; p++) {
        if (*p == '&')
            fputs("&amp;", out);
        else
            fputc(*p, out);
    }
    g_free(url);
}
