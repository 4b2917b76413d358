/* scan.c: a look at the file's bytes before qpdf opens it. qpdf 11.3 inflates object streams
 * and cross-reference streams whole, without a limit, while it opens a file and resolves its
 * objects; here each of them is inflated first (into nothing, under a limit), and a file with
 * one that passes the limit is not opened at all. */
#include "preflight.h"

#include "../base/utf8.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Bytes read at a time, and bytes kept before them: a stream's dictionary is read when it
 * starts within WINDOW bytes of its "stream" keyword (real ones take a few hundred bytes; a
 * stream whose dictionary cannot be read is measured as if it were an object stream). */
enum { CHUNK = 1024 * 1024, WINDOW = 64 * 1024 };
/* "obj" keywords tried, nearest first, before one "stream": a string may hold the word. */
enum { MAX_TRIES = 8 };
/* Bytes a trailer dictionary is read from; one longer than that is taken to name /Encrypt
 * (real ones take a few hundred bytes). */
enum { TRAILER_WINDOW = 16 * 1024 };
/* The largest expansion of any filter (LZW): for filters that cannot be named here. */
#define WORST_ANY 3641.0

static bool is_white(unsigned char c) {
    return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

static bool is_delimiter(unsigned char c) {
    return is_white(c) || c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' ||
           c == '{' || c == '}' || c == '/' || c == '%';
}

/* What the scan needs of a dictionary: its top-level keys and two of their values. */
typedef struct dict_info {
    bool object_stream; /* /First: qpdf requires it of object streams */
    bool xref_stream;   /* /W: qpdf requires it of cross-reference streams */
    bool encrypt;       /* /Encrypt (in a trailer or a cross-reference stream) */
    bool filtered;      /* /Filter */
    bool flate_first;   /* the first filter is FlateDecode, named directly */
    double worst;       /* the product of the filters' worst expansions */
    bool length_known;  /* /Length is a direct number */
    double length;
} dict_info;

/* A stream to measure once the whole file has been seen (encryption is known only then). */
typedef struct candidate {
    long long data; /* the offset right after its "stream" keyword */
    long long at;   /* the offset of its "stream" keyword, for messages */
    long number;    /* the object number, -1 when unknown */
    dict_info dict;
    bool dict_read; /* false: measured with the worst assumptions */
} candidate;

typedef struct scan {
    int fd;
    long long file_size;
    candidate *items;
    size_t count, capacity;
    bool too_many;      /* past SM_PF_MAX_OBJECT_STREAM_COUNT */
    bool encrypted;     /* a trailer names /Encrypt (or may: it could not be read whole) */
    long long floor;    /* the end of the last "stream" word: no dictionary reaches back past it */
    long long trailers; /* trailer keywords before this offset lie inside a trailer read */
} scan;

/* ---- reading a dictionary --------------------------------------------------------------- */

/* Skips one value whose first token is t (nested arrays and dictionaries whole). */
static bool skip_value(sm_pdf_lexer *lex, sm_pdf_token t) {
    int depth = 0;
    for (;;) {
        if (t.type == SM_PDF_TOK_END) return false;
        if (t.type == SM_PDF_TOK_ARRAY_OPEN || t.type == SM_PDF_TOK_DICT_OPEN) depth++;
        if (t.type == SM_PDF_TOK_ARRAY_CLOSE || t.type == SM_PDF_TOK_DICT_CLOSE) depth--;
        if (depth <= 0) return depth == 0;
        t = sm_pdf_lex_next(lex);
    }
}

static double worst_of(const char *name) {
    double w = sm_pf_filter_worst(name);
    return w > 0 ? w : WORST_ANY;
}

/* Reads the value of /Filter: a name, an array of names, or a reference (unknown here). */
static bool read_filter(sm_pdf_lexer *lex, sm_pdf_token t, dict_info *d) {
    d->filtered = true;
    d->worst = 1;
    if (t.type == SM_PDF_TOK_NAME) {
        d->worst = worst_of(t.text);
        d->flate_first = strcmp(t.text, "FlateDecode") == 0 || strcmp(t.text, "Fl") == 0;
        return true;
    }
    if (t.type != SM_PDF_TOK_ARRAY_OPEN) {
        d->worst = WORST_ANY;
        return t.type == SM_PDF_TOK_NUMBER; /* the start of "n g R", read by the caller */
    }
    bool first = true;
    for (t = sm_pdf_lex_next(lex); t.type != SM_PDF_TOK_ARRAY_CLOSE; t = sm_pdf_lex_next(lex)) {
        if (t.type == SM_PDF_TOK_END) return false;
        if (t.type != SM_PDF_TOK_NAME) {
            d->worst *= WORST_ANY;
            if (!skip_value(lex, t)) return false;
        } else {
            d->worst *= worst_of(t.text);
            d->flate_first = d->flate_first ||
                             (first && (!strcmp(t.text, "FlateDecode") || !strcmp(t.text, "Fl")));
        }
        first = false;
    }
    return true;
}

/* Reads a dictionary from data (which must start with "<<"); *end is set after its ">>". */
static bool read_dict(const unsigned char *data, size_t size, dict_info *d, size_t *end) {
    memset(d, 0, sizeof *d);
    d->worst = 1;
    sm_pdf_lexer lex;
    sm_pdf_lex_init(&lex, data, size);
    if (sm_pdf_lex_next(&lex).type != SM_PDF_TOK_DICT_OPEN) return false;
    for (;;) {
        sm_pdf_token key = sm_pdf_lex_next(&lex);
        if (key.type == SM_PDF_TOK_DICT_CLOSE) break;
        if (key.type != SM_PDF_TOK_NAME) return false;
        sm_pdf_token value = sm_pdf_lex_next(&lex);
        bool ok;
        if (strcmp(key.text, "Filter") == 0) {
            ok = read_filter(&lex, value, d);
        } else {
            ok = skip_value(&lex, value);
            if (strcmp(key.text, "Length") == 0 && value.type == SM_PDF_TOK_NUMBER) {
                d->length_known = true;
                d->length = value.number;
            }
        }
        if (!ok) return false;
        d->object_stream = d->object_stream || strcmp(key.text, "First") == 0;
        d->xref_stream = d->xref_stream || strcmp(key.text, "W") == 0;
        d->encrypt = d->encrypt || strcmp(key.text, "Encrypt") == 0;
        /* A reference "n g R" is a number value followed by two more tokens. */
        if (value.type == SM_PDF_TOK_NUMBER) {
            sm_pdf_lexer peek = lex;
            sm_pdf_token g = sm_pdf_lex_next(&peek), r = sm_pdf_lex_next(&peek);
            if (g.type == SM_PDF_TOK_NUMBER && r.type == SM_PDF_TOK_KEYWORD &&
                !strcmp(r.text, "R")) {
                lex = peek;
                if (strcmp(key.text, "Length") == 0) d->length_known = false;
            }
        }
    }
    *end = lex.pos;
    return true;
}

/* The object number before "obj" at data[obj] ("12 0 obj"), or -1. */
static long object_number(const unsigned char *data, size_t obj) {
    size_t i = obj;
    while (i > 0 && is_white(data[i - 1])) i--;
    while (i > 0 && data[i - 1] >= '0' && data[i - 1] <= '9') i--; /* generation */
    while (i > 0 && is_white(data[i - 1])) i--;
    size_t digits_end = i;
    while (i > 0 && data[i - 1] >= '0' && data[i - 1] <= '9' && digits_end - i < 10) i--;
    if (i == digits_end) return -1;
    return strtol((const char *)data + i, NULL, 10);
}

/* Reads the dictionary of the stream whose keyword starts at data[at]: from the nearest "obj"
 * at or after data[low] that leads to exactly one dictionary and then this keyword. */
static bool stream_dict(const unsigned char *data, size_t low, size_t at, dict_info *d,
                        long *number) {
    int tries = 0;
    for (size_t i = at; i >= low + 3 && tries < MAX_TRIES; i--) {
        size_t o = i - 3;
        if (data[o] != 'o' || data[o + 1] != 'b' || data[o + 2] != 'j') continue;
        if ((o > 0 && !is_white(data[o - 1])) || !is_delimiter(data[o + 3])) continue;
        tries++;
        size_t from = o + 3;
        while (from < at && is_white(data[from])) from++;
        size_t end;
        if (!read_dict(data + from, at + 6 - from, d, &end)) continue;
        sm_pdf_lexer lex;
        sm_pdf_lex_init(&lex, data + from + end, at + 6 - from - end);
        sm_pdf_token t = sm_pdf_lex_next(&lex);
        if (t.type != SM_PDF_TOK_KEYWORD || strcmp(t.text, "stream") != 0 ||
            from + end + lex.pos != at + 6)
            continue;
        *number = object_number(data, o);
        return true;
    }
    return false;
}

/* ---- the file --------------------------------------------------------------------------- */

static bool read_at(int fd, long long offset, unsigned char *buf, size_t size, size_t *got) {
    *got = 0;
    while (*got < size) {
        ssize_t n = pread(fd, buf + *got, size - *got, (off_t)(offset + (long long)*got));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return false;
        if (n == 0) break;
        *got += (size_t)n;
    }
    return true;
}

static void add_candidate(scan *s, candidate c) {
    if (s->count == SM_PF_MAX_OBJECT_STREAM_COUNT) {
        s->too_many = true;
        return;
    }
    if (s->count == s->capacity) {
        s->capacity = s->capacity ? s->capacity * 2 : 16;
        s->items = sm_xrealloc(s->items, s->capacity * sizeof *s->items);
    }
    s->items[s->count++] = c;
}

/* A "stream" word at buf[at] (file offset base + at), with at least one byte after it. */
static void found_stream(scan *s, const unsigned char *buf, size_t at, long long base) {
    /* The dictionary is looked for after the previous "stream" word only, so the work of all
     * keywords together stays in proportion to the file. */
    long long floor = s->floor;
    s->floor = base + (long long)at + 6;
    if (at > 0 && !is_delimiter(buf[at - 1])) return; /* "endstream" */
    if (!is_white(buf[at + 6])) return;
    size_t low = at > WINDOW ? at - WINDOW : 0;
    if (floor > base + (long long)low) low = (size_t)(floor - base);
    candidate c = {.at = base + (long long)at, .number = -1};
    c.dict_read = stream_dict(buf, low, at, &c.dict, &c.number);
    if (c.dict_read && c.dict.encrypt) s->encrypted = true;
    if (c.dict_read && !c.dict.object_stream && !c.dict.xref_stream) return;
    if (!c.dict_read) {
        /* Only a dictionary right before it makes a stream: else the word is data. */
        size_t i = at;
        while (i > 0 && is_white(buf[i - 1])) i--;
        if (i < 2 || buf[i - 1] != '>' || buf[i - 2] != '>') return;
        c.dict = (dict_info){.filtered = true, .worst = WORST_ANY};
        /* Its dictionary might name /Encrypt: the file is taken to be encrypted. */
        s->encrypted = true;
    }
    c.data = base + (long long)at + 6; /* the end of line is skipped when it is measured */
    add_candidate(s, c);
}

/* A "trailer" word at buf[at], with TRAILER_WINDOW bytes after it unless the file ends first:
 * its dictionary says whether the file is encrypted. */
static void found_trailer(scan *s, const unsigned char *buf, size_t at, size_t len,
                          long long base) {
    if (s->encrypted || base + (long long)at < s->trailers) return;
    if ((at > 0 && !is_delimiter(buf[at - 1])) || !is_delimiter(buf[at + 7])) return;
    size_t from = at + 7, end;
    while (from < len && is_white(buf[from])) from++;
    if (len - from < 2 || buf[from] != '<' || buf[from + 1] != '<') return; /* no trailer */
    size_t size = len - from < TRAILER_WINDOW ? len - from : TRAILER_WINDOW;
    dict_info d;
    if (!read_dict(buf + from, size, &d, &end)) {
        s->encrypted = true; /* qpdf may read further than this: assume the worst */
        return;
    }
    if (d.encrypt) s->encrypted = true;
    s->trailers = base + (long long)(from + end);
}

/* Finds every "stream" and "trailer" keyword of the file, chunk by chunk. */
static bool find_keywords(scan *s) {
    static const char *const words[] = {"stream", "trailer"};
    /* Bytes a keyword needs after it in the buffer; one nearer the end is found again in the
     * next round, whose kept window holds it. */
    static const size_t after[] = {7, 7 + TRAILER_WINDOW};
    unsigned char *buf = sm_xmalloc(WINDOW + CHUNK);
    size_t len = 0;
    long long base = 0, next[] = {0, 0};
    bool ok = true;
    for (;;) {
        if (len > WINDOW) {
            memmove(buf, buf + len - WINDOW, WINDOW);
            base += (long long)(len - WINDOW);
            len = WINDOW;
        }
        size_t got;
        if (!read_at(s->fd, base + (long long)len, buf + len, CHUNK, &got)) {
            ok = false;
            break;
        }
        len += got;
        bool last = got < CHUNK;
        for (int w = 0; w < 2; w++) {
            size_t n = strlen(words[w]), p = (size_t)(next[w] - base);
            /* A word cut by the end of the buffer starts in its last n - 1 bytes. */
            next[w] = base + (long long)(len >= n ? len - n + 1 : 0);
            for (;;) {
                const unsigned char *hit =
                    p < len ? sm_find_bytes(buf + p, len - p, words[w], n) : NULL;
                if (!hit) break;
                size_t at = (size_t)(hit - buf);
                if (at + n >= len || (at + after[w] > len && !last)) {
                    next[w] = base + (long long)at; /* at the end of the file: never taken */
                    break;
                }
                if (w == 0)
                    found_stream(s, buf, at, base);
                else
                    found_trailer(s, buf, at, len, base);
                p = at + 1;
            }
        }
        if (last) break;
    }
    free(buf);
    return ok;
}

/* True when "endstream" follows at offset (after white space): /Length is then what qpdf
 * reads; otherwise qpdf searches on, and anything up to the end of the file may be read. */
static bool endstream_at(int fd, long long offset) {
    unsigned char buf[64];
    size_t got, i = 0;
    if (offset < 0 || !read_at(fd, offset, buf, sizeof buf, &got)) return false;
    while (i < got && is_white(buf[i])) i++;
    return got - i >= 9 && memcmp(buf + i, "endstream", 9) == 0;
}

static const char *what(const candidate *c) {
    return c->dict.xref_stream     ? "cross-reference stream"
           : c->dict.object_stream ? "object stream"
                                   : "stream with an unreadable dictionary";
}

static const char *mib(sm_arena *arena, size_t bytes) {
    return sm_arena_printf(arena, "%zu MiB", bytes / (1024 * 1024));
}

/* Measures one candidate; returns why the file must not be opened, or NULL. */
static const char *measure(sm_arena *arena, scan *s, const candidate *c, size_t *total) {
    const char *where =
        c->number >= 0 ? sm_arena_printf(arena, "%s %ld (at byte %lld)", what(c), c->number, c->at)
                       : sm_arena_printf(arena, "%s at byte %lld", what(c), c->at);
    size_t room = SM_PF_MAX_OBJECT_STREAMS - *total;
    size_t limit = room < SM_PF_MAX_OBJECT_STREAM ? room : SM_PF_MAX_OBJECT_STREAM;
    /* Cross-reference streams are never encrypted; object streams are, in encrypted files,
     * and their stored bytes then say nothing. */
    bool plain = c->dict.xref_stream || !s->encrypted;
    /* The data follows an end of line. qpdf may start at a stray space before it, but zlib
     * data never starts with white space: skipping all of it measures no less. */
    unsigned char head[64];
    size_t got = 0, eol = 0, skip = 0;
    if (!read_at(s->fd, c->data, head, sizeof head, &got)) return NULL;
    if (eol < got && head[eol] == '\r') eol++;
    if (eol < got && head[eol] == '\n') eol++;
    while (skip < got && is_white(head[skip])) skip++;
    long long data = c->data + (long long)eol;
    if (plain && got - skip >= 2 && sm_pf_zlib_header(head + skip)) {
        size_t size = 0;
        sm_pf_decode_status status =
            sm_pf_inflate_fd(s->fd, c->data + (long long)skip, limit, &size);
        if (status == SM_PF_DECODE_LIMIT)
            return limit == room && room < SM_PF_MAX_OBJECT_STREAM
                       ? sm_arena_printf(arena,
                                         "the object and cross-reference streams together "
                                         "inflate to more than the limit of %s",
                                         mib(arena, SM_PF_MAX_OBJECT_STREAMS))
                       : sm_arena_printf(arena, "the %s inflates to more than the limit of %s",
                                         where, mib(arena, SM_PF_MAX_OBJECT_STREAM));
        /* Damaged data stops qpdf where it stops here. */
        *total += size;
        return NULL;
    }
    /* Plain data that is no zlib stream under FlateDecode gives qpdf nothing to inflate. */
    if (!c->dict.filtered || (plain && c->dict.flate_first)) return NULL;
    long long extent = s->file_size - data;
    if (c->dict.length_known && c->dict.length >= 0 && c->dict.length < (double)extent &&
        endstream_at(s->fd, data + (long long)c->dict.length))
        extent = (long long)c->dict.length;
    if ((double)extent * c->dict.worst <= (double)limit) return NULL;
    return sm_arena_printf(arena,
                           "the %s cannot be measured before qpdf reads it (%s) and its %lld "
                           "stored bytes could inflate to more than the limit of %s",
                           where, s->encrypted ? "the file is encrypted" : "its filters", extent,
                           mib(arena, SM_PF_MAX_OBJECT_STREAM));
}

const char *sm_pf_scan_file(sm_arena *arena, int fd) {
    struct stat st;
    if (fstat(fd, &st) != 0) return NULL; /* qpdf will say what is wrong */
    scan s = {.fd = fd, .file_size = (long long)st.st_size};
    const char *refused = NULL;
    if (find_keywords(&s) && s.too_many)
        refused = sm_arena_printf(arena,
                                  "more than %d object and cross-reference streams, the limit "
                                  "of streams measured before qpdf opens a file",
                                  SM_PF_MAX_OBJECT_STREAM_COUNT);
    if (!refused) {
        size_t total = 0;
        for (size_t i = 0; i < s.count && !refused; i++)
            refused = measure(arena, &s, &s.items[i], &total);
    }
    free(s.items);
    return refused;
}
