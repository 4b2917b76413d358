/* session.h: the form's protection against requests made from other sites (CSRF): each
 * browser gets a random session cookie (HttpOnly, SameSite=Strict), and every form that
 * POSTs carries a token derived from it with a secret made at start; a POST whose token
 * does not match its cookie is refused. Nothing is stored per session. */
#ifndef SM_SERVE_SESSION_H
#define SM_SERVE_SESSION_H

#include <stdbool.h>

typedef struct sm_sessions sm_sessions;

sm_sessions *sm_sessions_new(void);
void sm_sessions_free(sm_sessions *s);

/* The session named in a Cookie header, or NULL (the string is newly allocated). */
char *sm_session_from_cookie(const char *cookie_header);
/* A new session id (newly allocated), for a Set-Cookie. */
char *sm_session_new_id(void);
/* The Set-Cookie value for a session id (newly allocated). */
char *sm_session_cookie(const char *id);
/* The form token of a session (newly allocated hex). */
char *sm_session_token(const sm_sessions *s, const char *id);
/* True when token is the session's (compared in constant time). */
bool sm_session_check(const sm_sessions *s, const char *id, const char *token);

#endif
