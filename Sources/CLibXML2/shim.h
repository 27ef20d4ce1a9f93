/* libxml2 for the HTML prose extractor. Debian builds libxml2 with ICU, and its encoding.h would pull
   in <unicode/ucnv.h>, which clashes with Foundation's own ICU headers. ally never touches
   xmlCharEncodingHandler (the only struct whose layout depends on it), so ICU is left out here. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
