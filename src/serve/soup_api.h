/* soup_api.h: libsoup 3, loaded when `surimono serve` starts (base/lazy.h) — the other
 * commands do not pay for the HTTP library and the dozen libraries it brings. Include this
 * instead of <libsoup/soup.h>: each function used is listed once below and called as ever;
 * the macros route calls through the table sm_soup() fills. A function missing from the
 * list fails to link (libsoup is not linked). */
#ifndef SM_SOUP_API_H
#define SM_SOUP_API_H

#include <libsoup/soup.h>

#define SM_SOUP_FUNCTIONS(X)                                                                       \
    X(soup_server_new)                                                                             \
    X(soup_server_listen)                                                                          \
    X(soup_server_get_uris)                                                                        \
    X(soup_server_add_handler)                                                                     \
    X(soup_server_add_early_handler)                                                               \
    X(soup_server_message_get_method)                                                              \
    X(soup_server_message_get_uri)                                                                 \
    X(soup_server_message_set_status)                                                              \
    X(soup_server_message_set_response)                                                            \
    X(soup_server_message_get_response_headers)                                                    \
    X(soup_server_message_get_request_headers)                                                     \
    X(soup_server_message_pause)                                                                   \
    X(soup_server_message_unpause)                                                                 \
    X(soup_message_headers_append)                                                                 \
    X(soup_message_headers_replace)                                                                \
    X(soup_message_headers_get_one)                                                                \
    X(soup_message_headers_get_content_length)                                                     \
    X(soup_message_headers_get_content_disposition)                                                \
    X(soup_server_message_get_request_body)                                                        \
    X(soup_message_body_flatten)                                                                   \
    X(soup_multipart_new_from_message)                                                             \
    X(soup_multipart_get_length)                                                                   \
    X(soup_multipart_get_part)                                                                     \
    X(soup_multipart_free)

typedef struct sm_soup_api {
#define SM_SOUP_SLOT(name) __typeof__(name) *name;
    SM_SOUP_FUNCTIONS(SM_SOUP_SLOT)
#undef SM_SOUP_SLOT
} sm_soup_api;

/* The table, libsoup loaded at the first call (exits with a message if it cannot be). */
const sm_soup_api *sm_soup(void);

#define soup_server_new                  (sm_soup()->soup_server_new)
#define soup_server_listen               (sm_soup()->soup_server_listen)
#define soup_server_get_uris             (sm_soup()->soup_server_get_uris)
#define soup_server_add_handler          (sm_soup()->soup_server_add_handler)
#define soup_server_add_early_handler    (sm_soup()->soup_server_add_early_handler)
#define soup_server_message_get_method   (sm_soup()->soup_server_message_get_method)
#define soup_server_message_get_uri      (sm_soup()->soup_server_message_get_uri)
#define soup_server_message_set_status   (sm_soup()->soup_server_message_set_status)
#define soup_server_message_set_response (sm_soup()->soup_server_message_set_response)
#define soup_server_message_get_response_headers                                                   \
    (sm_soup()->soup_server_message_get_response_headers)
#define soup_server_message_get_request_headers (sm_soup()->soup_server_message_get_request_headers)
#define soup_server_message_pause               (sm_soup()->soup_server_message_pause)
#define soup_server_message_unpause             (sm_soup()->soup_server_message_unpause)
#define soup_message_headers_append             (sm_soup()->soup_message_headers_append)
#define soup_message_headers_replace            (sm_soup()->soup_message_headers_replace)
#define soup_message_headers_get_one            (sm_soup()->soup_message_headers_get_one)
#define soup_message_headers_get_content_length (sm_soup()->soup_message_headers_get_content_length)

#define soup_message_headers_get_content_disposition                                               \
    (sm_soup()->soup_message_headers_get_content_disposition)
#define soup_server_message_get_request_body (sm_soup()->soup_server_message_get_request_body)
#define soup_message_body_flatten            (sm_soup()->soup_message_body_flatten)
#define soup_multipart_new_from_message      (sm_soup()->soup_multipart_new_from_message)
#define soup_multipart_get_length            (sm_soup()->soup_multipart_get_length)
#define soup_multipart_get_part              (sm_soup()->soup_multipart_get_part)
#define soup_multipart_free                  (sm_soup()->soup_multipart_free)

#endif
