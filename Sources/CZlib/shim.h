#ifndef HUDRELAY_CZLIB_SHIM_H
#define HUDRELAY_CZLIB_SHIM_H
#include <zlib.h>
#endif
