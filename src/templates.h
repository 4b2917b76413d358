/* templates.h: what `surimono new` writes: a starting definition per kind. */
#ifndef SM_TEMPLATES_H
#define SM_TEMPLATES_H

/* The commented starting definition of a kind (poster, checksheet, page, document), "NAME"
 * standing for the new definition's name; NULL for another kind. */
const char *sm_template(const char *kind);
/* The placeholder scene (SVG) a new check sheet points to. */
const char *sm_template_scene(void);

#endif
