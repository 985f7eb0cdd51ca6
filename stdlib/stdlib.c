// stdlib/stdlib.c -- the table of built-in modules written in C that the
// opener (vm/api.c) registers with the importer. A module is made on its
// first import, so an entry costs nothing at start-up.
#include "stdlib/stdlib.h"
#include "stdlib/modlib.h"

const SkStdlibModule sk_stdlib_modules[] = {
    {"sys", sk_mod_sys_init},
    {"math", sk_mod_math_init},
    {"time", sk_mod_time_init},
    {"random", sk_mod_random_init},
    {"os", sk_mod_os_init},
    {"json", sk_mod_json_init},
    {"stackless", sk_mod_stackless_init},
    {"_socket", sk_mod_socket_init},
    {"_subprocess", sk_mod_subprocess_init},
    {"signal", sk_mod_signal_init},
    {"_traceback", sk_mod_traceback_init},
    {"gc", sk_mod_gc_init},
    {"cmath", sk_mod_cmath_init},
    {"_re", sk_mod_re_init},
    {"_struct", sk_mod_struct_init},
    {"marshal", sk_mod_marshal_init},
    {"_process", sk_mod_process_init},
    {NULL, NULL},
};
