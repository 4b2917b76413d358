/* check_html.h: a check shared by the HTML writers' tests — the tags of a page balance. */
#ifndef SM_CHECK_HTML_H
#define SM_CHECK_HTML_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Tag balance: every tag the writer emits that has an end tag is closed, in order. Void
 * elements (meta, br, img, wbr) have none; the stylesheet holds no '<'. Returns false and
 * says where when the nesting is wrong. */
static inline bool tags_balanced(const char *html) {
    static const char *const voids[] = {"meta", "br", "img", "link", "hr", "wbr", NULL};
    char stack[64][16];
    int depth = 0;
    for (const char *p = strchr(html, '<'); p; p = strchr(p + 1, '<')) {
        if (p[1] == '!') continue; /* <!DOCTYPE html> */
        bool closing = p[1] == '/';
        const char *name = p + 1 + closing;
        size_t len = strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789");
        if (len == 0 || len >= sizeof stack[0]) {
            fprintf(stderr, "    not a tag at: %.40s\n", p);
            return false;
        }
        char tag[16];
        memcpy(tag, name, len);
        tag[len] = '\0';
        bool is_void = false;
        for (int i = 0; voids[i]; i++) is_void |= strcmp(tag, voids[i]) == 0;
        if (is_void) {
            if (closing) return false;
            continue;
        }
        if (!closing) {
            if (depth == 64) return false;
            memcpy(stack[depth++], tag, len + 1);
        } else if (depth == 0 || strcmp(stack[--depth], tag) != 0) {
            fprintf(stderr, "    </%s> closes <%s> at: %.60s\n", tag,
                    depth >= 0 ? stack[depth] : "", p);
            return false;
        }
    }
    if (depth) fprintf(stderr, "    <%s> never closed\n", stack[depth - 1]);
    return depth == 0;
}

#endif
