#ifndef HUDRELAY_CLIBXML2_SHIM_H
#define HUDRELAY_CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
/* Debian's libxml2 is built with ICU, and <libxml/encoding.h> then includes ICU's headers, whose
   types clash with Foundation's own copy of ICU in any module that imports both. hudrelay never
   touches the ICU-only fields (they sit at the end of xmlCharEncodingHandler, which is only used
   through pointers), so the ICU part of the headers is left out. */
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <libxml/SAX2.h>
#endif
