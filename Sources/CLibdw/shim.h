// elfutils' libdwfl/libdw/libelf, as one Clang module for FlameSymbolize.
#include <elfutils/libdwfl.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwelf.h>
#include <dwarf.h>
#include <gelf.h>
