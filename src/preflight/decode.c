/* decode.c: stream data under a size limit — FlateDecode inflated here with zlib and stopped at
 * the limit, ASCIIHexDecode and ASCII85Decode decoded here, and other filters left to qpdf only
 * when their worst expansion cannot pass the limit (qpdf 11.3 has no limit of its own). */
#include "preflight.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

/* The filters a content stream may carry (PDF 32000 table 6; the abbreviations of inline
 * images are accepted in stream dictionaries too, as qpdf does). `worst` is the most bytes one
 * stored byte can decode to: deflate's best ratio is 1032:1; an LZW code (9 bits at least)
 * stands for at most 4096 bytes, 3641 per byte; a run-length pair makes 128 bytes of 2;
 * ASCII85's z makes 4 bytes of 1. `own` marks the ones decoded here, under the limit as they
 * go. */
static const struct {
    const char *name, *abbreviation;
    double worst;
    bool own;
} filters[] = {
    {"/FlateDecode", "/Fl", 1032, true},    {"/LZWDecode", "/LZW", 3641, false},
    {"/RunLengthDecode", "/RL", 64, false}, {"/ASCII85Decode", "/A85", 4, true},
    {"/ASCIIHexDecode", "/AHx", 1, true},
};
enum { FILTER_COUNT = sizeof filters / sizeof *filters };

/* Filters chained on one stream: real files use one or two. */
enum { MAX_CHAIN = 8 };

/* Output is inflated into a buffer of this size and copied on; the sink never holds more than
 * its limit. */
enum { SCRATCH = 64 * 1024 };

/* ---- the sink: output that stops at its limit ------------------------------------------- */

typedef struct sink {
    unsigned char *data; /* NULL while counting only */
    size_t size, capacity, limit;
    bool keep;
} sink;

/* Appends n bytes; false (nothing appended) when that would pass the limit. */
static bool sink_put(sink *s, const unsigned char *p, size_t n) {
    if (n == 0) return true;
    if (n > s->limit - s->size) return false;
    if (s->keep && s->size + n > s->capacity) {
        size_t grown = s->capacity ? s->capacity : SCRATCH;
        while (grown < s->size + n) grown = grown > s->limit / 2 ? s->limit : grown * 2;
        s->data = sm_xrealloc(s->data, grown);
        s->capacity = grown;
    }
    if (s->keep) memcpy(s->data + s->size, p, n);
    s->size += n;
    return true;
}

/* ---- FlateDecode ---------------------------------------------------------------------------- */

/* Feeds n bytes to the inflater; *done is set at the end of the zlib stream, after which qpdf
 * too ignores whatever follows. */
static sm_pf_decode_status inflate_some(z_stream *z, const unsigned char *in, size_t n, sink *s,
                                        bool *done) {
    unsigned char out[SCRATCH];
    z->next_in = (Bytef *)in;
    z->avail_in = 0;
    for (;;) {
        if (z->avail_in == 0 && n > 0) {
            uInt chunk = n > (1u << 30) ? 1u << 30 : (uInt)n; /* avail_in is 32 bits */
            z->avail_in = chunk;
            n -= chunk;
        }
        z->next_out = out;
        z->avail_out = sizeof out;
        int rc = inflate(z, Z_NO_FLUSH);
        if (!sink_put(s, out, sizeof out - z->avail_out)) return SM_PF_DECODE_LIMIT;
        if (rc == Z_STREAM_END) {
            *done = true;
            return SM_PF_DECODE_OK;
        }
        if (rc != Z_OK && rc != Z_BUF_ERROR) return SM_PF_DECODE_BROKEN;
        /* Output space left over means zlib holds nothing back: the input is used up. */
        if (z->avail_in == 0 && n == 0 && z->avail_out > 0) return SM_PF_DECODE_OK;
        if (rc == Z_BUF_ERROR) return SM_PF_DECODE_BROKEN; /* no progress with input and room */
    }
}

static sm_pf_decode_status inflate_into(const unsigned char *in, size_t n, sink *s) {
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit(&z) != Z_OK) sm_out_of_memory();
    bool done = false;
    sm_pf_decode_status status = inflate_some(&z, in, n, s, &done);
    inflateEnd(&z);
    /* Data that ends before the zlib stream does yields what it held, as in viewers. */
    return status;
}

sm_pf_decode_status sm_pf_inflate_fd(int fd, long long offset, size_t limit, size_t *size) {
    *size = 0;
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit(&z) != Z_OK) sm_out_of_memory();
    sink s = {.limit = limit};
    unsigned char in[SCRATCH];
    bool done = false;
    sm_pf_decode_status status = SM_PF_DECODE_OK;
    while (!done && status == SM_PF_DECODE_OK) {
        ssize_t n = pread(fd, in, sizeof in, (off_t)offset);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break; /* the end of the file ends the stream */
        offset += n;
        status = inflate_some(&z, in, (size_t)n, &s, &done);
    }
    inflateEnd(&z);
    *size = s.size;
    return status;
}

/* ---- ASCIIHexDecode and ASCII85Decode -------------------------------------------------------- */

static bool is_white(unsigned char c) {
    return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

static int hex_digit(unsigned char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static sm_pf_decode_status hex_into(const unsigned char *in, size_t n, sink *s) {
    int high = -1;
    for (size_t i = 0; i < n && in[i] != '>'; i++) {
        if (is_white(in[i])) continue;
        int d = hex_digit(in[i]);
        if (d < 0) return SM_PF_DECODE_BROKEN;
        if (high < 0) {
            high = d;
            continue;
        }
        unsigned char byte = (unsigned char)(high * 16 + d);
        if (!sink_put(s, &byte, 1)) return SM_PF_DECODE_LIMIT;
        high = -1;
    }
    if (high >= 0) {
        unsigned char last = (unsigned char)(high * 16); /* an odd digit: the next one is 0 */
        if (!sink_put(s, &last, 1)) return SM_PF_DECODE_LIMIT;
    }
    return SM_PF_DECODE_OK;
}

static sm_pf_decode_status a85_into(const unsigned char *in, size_t n, sink *s) {
    uint32_t group = 0;
    int count = 0;
    for (size_t i = 0; i < n && in[i] != '~'; i++) {
        unsigned char c = in[i];
        if (is_white(c)) continue;
        if (c == 'z' && count == 0) {
            static const unsigned char zeros[4] = {0};
            if (!sink_put(s, zeros, 4)) return SM_PF_DECODE_LIMIT;
            continue;
        }
        if (c < '!' || c > 'u') return SM_PF_DECODE_BROKEN;
        group = group * 85 + (uint32_t)(c - '!');
        if (++count < 5) continue;
        unsigned char bytes[4] = {group >> 24, group >> 16 & 0xff, group >> 8 & 0xff, group & 0xff};
        if (!sink_put(s, bytes, 4)) return SM_PF_DECODE_LIMIT;
        group = 0;
        count = 0;
    }
    if (count == 1) return SM_PF_DECODE_BROKEN;
    if (count > 1) {
        /* A final group of k characters is padded with 'u' and gives k - 1 bytes. */
        for (int i = count; i < 5; i++) group = group * 85 + 84;
        unsigned char bytes[4] = {group >> 24, group >> 16 & 0xff, group >> 8 & 0xff, group & 0xff};
        if (!sink_put(s, bytes, (size_t)count - 1)) return SM_PF_DECODE_LIMIT;
    }
    return SM_PF_DECODE_OK;
}

/* ---- streams of the document ------------------------------------------------------------------
 */

/* The filter chain of a stream: indexes into filters[], and whether each has a predictor. */
typedef struct chain {
    int filter[MAX_CHAIN];
    bool predictor[MAX_CHAIN];
    int count;
} chain;

static int filter_index(qpdf_data q, qpdf_oh name) {
    if (!name || !qpdf_oh_is_name(q, name)) return -1;
    const char *text = qpdf_oh_get_name(q, name);
    for (int i = 0; i < FILTER_COUNT; i++)
        if (strcmp(text, filters[i].name) == 0 || strcmp(text, filters[i].abbreviation) == 0)
            return i;
    return -1;
}

static bool has_predictor(qpdf_data q, qpdf_oh parms) {
    double predictor = 1;
    if (!parms || !qpdf_oh_is_dictionary(q, parms)) return false;
    qpdf_oh value = sm_pf_key(q, parms, "/Predictor");
    bool numeric = sm_pf_number(q, value, &predictor);
    if (value) qpdf_oh_release(q, value);
    return numeric && predictor > 1;
}

/* Reads /Filter and /DecodeParms; false for a filter that yields no content (DCTDecode, an
 * unknown name) or a chain longer than MAX_CHAIN. Handles made here are released. */
static bool read_chain(qpdf_data q, qpdf_oh stream, chain *out) {
    out->count = 0;
    qpdf_oh filter = sm_pf_key(q, stream, "/Filter");
    qpdf_oh parms = sm_pf_key(q, stream, "/DecodeParms");
    bool ok = true;
    if (filter && qpdf_oh_is_array(q, filter)) {
        int n = qpdf_oh_get_array_n_items(q, filter);
        if (n > MAX_CHAIN) ok = false;
        for (int i = 0; ok && i < n; i++) {
            qpdf_oh item = qpdf_oh_get_array_item(q, filter, i);
            qpdf_oh p =
                parms && qpdf_oh_is_array(q, parms) ? qpdf_oh_get_array_item(q, parms, i) : 0;
            out->filter[i] = filter_index(q, item);
            out->predictor[i] = has_predictor(q, p);
            ok = out->filter[i] >= 0;
            qpdf_oh_release(q, item);
            if (p) qpdf_oh_release(q, p);
        }
        out->count = ok ? n : 0;
    } else if (filter) {
        out->filter[0] = filter_index(q, filter);
        out->predictor[0] = has_predictor(q, parms);
        ok = out->filter[0] >= 0;
        out->count = ok ? 1 : 0;
    }
    if (filter) qpdf_oh_release(q, filter);
    if (parms) qpdf_oh_release(q, parms);
    return ok;
}

/* Decodes the chain here, stage by stage, each stage's output under the limit. Takes raw. */
static sm_pf_decode_status decode_own(const chain *c, unsigned char *raw, size_t raw_size,
                                      size_t limit, unsigned char **out, size_t *size) {
    unsigned char *data = raw;
    size_t n = raw_size;
    for (int i = 0; i < c->count; i++) {
        sink s = {.limit = limit, .keep = true};
        const char *name = filters[c->filter[i]].name;
        sm_pf_decode_status status = strcmp(name, "/FlateDecode") == 0 ? inflate_into(data, n, &s)
                                     : strcmp(name, "/ASCII85Decode") == 0 ? a85_into(data, n, &s)
                                                                           : hex_into(data, n, &s);
        free(data);
        data = s.data;
        n = s.size;
        if (status != SM_PF_DECODE_OK) {
            free(data);
            return status;
        }
    }
    *out = data ? data : sm_xmalloc(1); /* empty, and still not NULL */
    *size = n;
    return SM_PF_DECODE_OK;
}

sm_pf_decode_status sm_pf_stream_decode(qpdf_data q, qpdf_oh stream, size_t limit,
                                        unsigned char **out, size_t *size) {
    *out = NULL;
    *size = 0;
    chain c;
    if (!stream || !qpdf_oh_is_stream(q, stream) || !read_chain(q, stream, &c))
        return SM_PF_DECODE_BROKEN;
    /* Stored data twice the limit decodes to more than it through any of these filters (hex
     * halves, the others keep or grow): refused before it is read. */
    double stored = 0;
    qpdf_oh length = sm_pf_key(q, stream, "/Length");
    bool known = sm_pf_number(q, length, &stored);
    if (length) qpdf_oh_release(q, length);
    if (known && stored > 2.0 * (double)limit) return SM_PF_DECODE_LIMIT;

    unsigned char *raw = NULL;
    size_t raw_size = 0;
    QPDF_BOOL filtered = QPDF_FALSE;
    if (qpdf_oh_get_stream_data(q, stream, qpdf_dl_none, &filtered, &raw, &raw_size) &
        QPDF_ERRORS) {
        free(raw);
        return SM_PF_DECODE_BROKEN;
    }
    if (raw_size > 2 * limit || (c.count == 0 && raw_size > limit)) {
        free(raw);
        return SM_PF_DECODE_LIMIT;
    }
    bool own = true, predictor = false;
    double worst = (double)raw_size;
    for (int i = 0; i < c.count; i++) {
        own = own && filters[c.filter[i]].own && !predictor;
        predictor = predictor || c.predictor[i];
        worst *= filters[c.filter[i]].worst;
    }
    if (own && !predictor) return decode_own(&c, raw, raw_size, limit, out, size);
    if (own) {
        /* A predictor on the last filter (PNG, TIFF) rearranges the bytes of each row and
         * drops at most one per row: the chain's size without it bounds qpdf's output. */
        unsigned char *measured = NULL;
        size_t measured_size = 0;
        sm_pf_decode_status status =
            decode_own(&c, raw, raw_size, limit, &measured, &measured_size);
        free(measured);
        if (status != SM_PF_DECODE_OK) return status;
    } else {
        free(raw);
        /* LZW and run-length are qpdf's to decode, and only when even their worst expansion
         * stays under the limit. */
        if (worst > (double)limit) return SM_PF_DECODE_UNBOUNDED;
    }
    if ((qpdf_oh_get_stream_data(q, stream, qpdf_dl_generalized, &filtered, out, size) &
         QPDF_ERRORS) ||
        !filtered) {
        free(*out);
        *out = NULL;
        *size = 0;
        return SM_PF_DECODE_BROKEN;
    }
    if (!*out) *out = sm_xmalloc(1);
    return SM_PF_DECODE_OK;
}

bool sm_pf_zlib_header(const unsigned char bytes[2]) {
    /* RFC 1950: method 8 (deflate), a window of at most 32 KiB, and a check sum over both. */
    return (bytes[0] & 0x0f) == 8 && (bytes[0] >> 4) <= 7 && (bytes[0] * 256 + bytes[1]) % 31 == 0;
}

double sm_pf_filter_worst(const char *name) {
    for (int i = 0; i < FILTER_COUNT; i++)
        if (strcmp(name, filters[i].name + 1) == 0 ||
            strcmp(name, filters[i].abbreviation + 1) == 0)
            return filters[i].worst;
    return -1;
}
