/* dedupe.h: merging the resources several documents of a combined PDF embed identically. */
#ifndef SM_DEDUPE_H
#define SM_DEDUPE_H

#include <qpdf/qpdf-c.h>
#include <stddef.h>

/* Makes every page's resources share one object for each set of identical ones (fonts,
 * pictures, forms, their streams byte for byte); returns how many copies were dropped. */
size_t sm_pack_dedupe(qpdf_data q);

#endif
