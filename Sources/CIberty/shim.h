// libiberty's demangler (libiberty-dev; static, PIC): C++ (Itanium) and Rust
// (legacy and v0) through one entry point, cplus_demangle.
#include <libiberty/demangle.h>
