/* versions.h: the libraries' versions, printed by --version. */
#ifndef SM_VERSIONS_H
#define SM_VERSIONS_H

#include <stdio.h>

/* Two lines: the drawing and text libraries, then the input, PDF and QR libraries. */
void sm_print_versions(FILE *out);

#endif
